export { emptyCounts, placeholder, REDACTION_KINDS, type RedactionCounts, type RedactionKind } from './kinds.js';
export { DEFAULT_REDACTION, REDACTION_VERSION, Redactor, type Redacted, type RedactionSettings } from './redactor.js';
export { RedactionTally, type RedactionSummary } from './redaction-tally.js';
export { redactedSource } from './redacting-source.js';
