export { startFakeGlm, type FakeGlm, type FakeGlmOptions } from './server.js';
export type { FakeGlmStats } from './state.js';
export { faultSchema, type Fault, type FaultInput, type FaultType } from './faults.js';
export { buildMapAnswer, buildReduceAnswer } from './answers.js';
export { refusalSchema, type RefusalInput } from './refusal.js';
export { decodeModelDefaults, type DecodeModel, type FakeGlmTiming, type FakeGlmWait } from './timing.js';
export { tokenCount } from './tokens.js';
export { embedText, EMBEDDING_DIMENSIONS, MAX_EMBEDDING_INPUTS } from './embeddings.js';
export { buildAskAnswer, parseContextThemes, parseQuestion, type ContextTheme } from './ask.js';
