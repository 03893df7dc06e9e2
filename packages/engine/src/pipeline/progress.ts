import type { ProgressSink, ProgressStage } from '../ports.js';
import type { RunContext } from './run-context.js';

// Share of the bar each stage owns: map calls dominate the wall time.
export const PROGRESS_SPAN: Record<ProgressStage, [number, number]> = {
  stats: [0, 5],
  map: [5, 85],
  reduce: [85, 97],
  finalize: [97, 100],
};

/** Serialises sink calls (they may write to a database) and keeps the percentage monotonic. */
export class ProgressReporter {
  private last = 0;
  private chunksDone = 0;
  private chunksTotal = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: RunContext,
    private readonly sink?: ProgressSink,
  ) {}

  /** `fraction` is how far through `stage` the run is, 0 to 1. */
  report(stage: ProgressStage, fraction: number, chunks?: { done: number; total: number }): Promise<void> {
    if (chunks) {
      this.chunksDone = chunks.done;
      this.chunksTotal = Math.max(chunks.total, chunks.done);
    }
    const [from, to] = PROGRESS_SPAN[stage];
    const clamped = Math.min(1, Math.max(0, fraction));
    this.last = Math.max(this.last, Math.round(from + (to - from) * clamped));
    const snapshot = {
      stage,
      percent: this.last,
      chunksDone: this.chunksDone,
      chunksTotal: this.chunksTotal,
      tokensUsed: this.ctx.tokensUsed,
    };
    const sink = this.sink;
    if (!sink) return Promise.resolve();
    this.chain = this.chain.then(() => sink(snapshot));
    return this.chain;
  }
}
