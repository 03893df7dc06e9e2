import { hashFraction } from './hash.js';

export interface Coverage {
  totalFeedback: number;
  analysed: number;
  sampled: boolean;
  /** Entries shortened to the per-entry cap (with a visible marker). */
  trimmed: number;
  /** Feedback ids the model cited that were not in the chunk it was shown. */
  droppedInvalidIds: number;
}

/**
 * Keeps an item iff a hash of its id falls below cap/total. The same items are kept on every
 * run, and new feedback only lowers the ratio, so earlier picks stay picked (or drop out) and
 * their chunks stay memoised. The kept count is binomial around the cap; the hard limit sits
 * four standard deviations above it, so it only bites when rows arrived after `total` was
 * counted, the one case where the sample depends on order.
 */
export class Sampler {
  readonly ratio: number;
  readonly hardLimit: number;
  private kept = 0;
  private skipped = 0;

  constructor(
    readonly total: number,
    readonly cap: number,
  ) {
    this.ratio = total <= cap ? 1 : cap / total;
    this.hardLimit = cap + Math.ceil(4 * Math.sqrt(cap));
  }

  keep(id: string): boolean {
    const inSample = this.ratio >= 1 || hashFraction('sample', id.toLowerCase()) < this.ratio;
    const keep = inSample && this.kept < this.hardLimit;
    if (keep) this.kept++;
    else this.skipped++;
    return keep;
  }

  get analysed(): number {
    return this.kept;
  }

  get sampled(): boolean {
    return this.skipped > 0;
  }

  get seen(): number {
    return this.kept + this.skipped;
  }
}
