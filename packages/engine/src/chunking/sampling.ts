import { hashFraction } from './hash.js';

export interface Coverage {
  totalFeedback: number;
  analysed: number;
  sampled: boolean;
  /** Entries shortened to the per-entry cap (with a visible marker). */
  trimmed: number;
  /** Feedback ids the model cited that were not in the chunk it was shown. */
  droppedInvalidIds: number;
  /** Entries left out because the provider's content filter refused them (not in `analysed`). */
  refused?: number;
  /** Their ids, up to MAX_REFUSED_IDS. */
  refusedIds?: string[];
  /** Entries the model did not read, placed in a theme by embedding similarity. */
  assigned?: number;
}

/**
 * Keeps an item iff a hash of its id falls below the sampling ratio, so the same items are kept
 * on every run. The ratio moves in quarter-octave steps (2^-k/4, at most cap/total) rather than
 * with every new entry: a ratio that followed cap/total exactly would drop a few earlier picks
 * each time feedback arrived, touching almost every chunk and re-paying for it. With steps the
 * sample changes only when the scope grows by about 19%, and 84-100% of the cap is analysed.
 * The hard limit sits four standard deviations above the cap, so it only bites when rows
 * arrived after `total` was counted, the one case where the sample depends on order.
 */
export class Sampler {
  readonly ratio: number;
  readonly hardLimit: number;
  private kept = 0;
  private skipped = 0;

  constructor(
    readonly total: number,
    readonly cap: number,
    // Another salt draws an independent sample (the entries the model reads, within this one).
    private readonly salt = 'sample',
  ) {
    this.ratio = total <= cap ? 1 : 2 ** (-Math.ceil(4 * Math.log2(total / cap)) / 4);
    this.hardLimit = cap + Math.ceil(4 * Math.sqrt(cap));
  }

  keep(id: string): boolean {
    const inSample = this.ratio >= 1 || hashFraction(this.salt, id.toLowerCase()) < this.ratio;
    const keep = inSample && this.kept < this.hardLimit;
    if (keep) this.kept++;
    else this.skipped++;
    return keep;
  }

  get analysed(): number {
    return this.kept;
  }

  /** A source may have skipped the unsampled entries itself, so a ratio below 1 says it too. */
  get sampled(): boolean {
    return this.ratio < 1 || this.skipped > 0;
  }

  get seen(): number {
    return this.kept + this.skipped;
  }
}
