import { emptyCounts, REDACTION_KINDS, type RedactionCounts } from './kinds.js';

/** What a result says about redaction: whether it ran, and how many values of each kind it replaced. */
export interface RedactionSummary {
  enabled: boolean;
  replaced: RedactionCounts;
}

/** The run's running total over every entry it read. */
export class RedactionTally {
  private readonly replaced = emptyCounts();

  constructor(private readonly enabled: boolean) {}

  add(counts: RedactionCounts): void {
    for (const kind of REDACTION_KINDS) this.replaced[kind] += counts[kind];
  }

  summary(): RedactionSummary {
    return { enabled: this.enabled, replaced: { ...this.replaced } };
  }
}
