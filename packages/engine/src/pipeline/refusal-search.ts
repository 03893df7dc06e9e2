import type { PreparedEntry } from '../chunking/entry.js';
import { isRefusal, LlmError } from '../providers/llm-error.js';
import type { Chunk } from '../chunking/chunker.js';
import { fingerprintOf, mapSlices, type MapDeps, type Slice } from './map-chunk.js';
import type { PartialTheme } from './partial-theme.js';
import type { RunContext } from './run-context.js';
import { TaskPool } from './task-pool.js';

/** Slices sent together in one map call. */
export type Piece = Slice[];

const entriesOf = (piece: Piece): PreparedEntry[] => piece.flatMap((s) => s.entries);

/**
 * Halves a refused piece: at the chunk boundary nearest its middle while it holds several chunks
 * (whole chunks keep their memo entries), then inside its one chunk.
 */
export function halve(piece: Piece): [Piece, Piece] {
  if (piece.length > 1) {
    const total = entriesOf(piece).length;
    let best = 1;
    let before = 0;
    let bestGap = Number.POSITIVE_INFINITY;
    for (let i = 1; i < piece.length; i++) {
      before += piece[i - 1]!.entries.length;
      const gap = Math.abs(2 * before - total);
      if (gap < bestGap) [best, bestGap] = [i, gap];
    }
    return [piece.slice(0, best), piece.slice(best)];
  }
  const slice = piece[0]!;
  const middle = Math.ceil(slice.entries.length / 2);
  // The chunk's entries refused on an earlier run travel with one half, so they are counted once.
  return [
    [{ ...slice, entries: slice.entries.slice(0, middle), whole: false }],
    [{ ...slice, entries: slice.entries.slice(middle), whole: false, refusedBefore: [] }],
  ];
}

export type Answered = (piece: Piece, themes: PartialTheme[][]) => Promise<void>;

/**
 * Finds the entries behind refused map calls by bisection, in rounds: every refused piece of a
 * round is halved and both halves asked in the next, up to the concurrency at once. A refused
 * entry among n costs two calls per halving, 2·log2(n) in all. A round holding more refused
 * pieces than `maxRefused` proves at least that many refused entries (the halves are disjoint):
 * then the filter is refusing the prompt rather than a few entries, and the search stops there.
 */
export class RefusalSearch {
  readonly refused: PreparedEntry[] = [];

  constructor(
    private readonly deps: MapDeps,
    private readonly ctx: RunContext,
    private readonly concurrency: number,
    private readonly maxRefused: number,
    private readonly answered: Answered,
  ) {}

  async isolate(refusedCalls: readonly Piece[]): Promise<PreparedEntry[]> {
    let round = await this.settle(refusedCalls);
    while (round.length > 0) {
      const next: Piece[] = [];
      const pool = new TaskPool(this.concurrency, (error) => this.ctx.abortInFlight(error));
      for (const half of round.flatMap(halve)) {
        this.ctx.throwIfCancelled();
        await pool.submit(async () => {
          try {
            await this.answered(half, await mapSlices(half, this.deps, this.ctx));
          } catch (error) {
            if (!isRefusal(error)) throw error;
            next.push(half);
          }
        });
      }
      await pool.drain();
      round = await this.settle(next);
    }
    return this.refused;
  }

  /** Records refused single entries (answered with no themes); returns the pieces still to halve. */
  private async settle(pieces: readonly Piece[]): Promise<Piece[]> {
    const open: Piece[] = [];
    for (const piece of pieces) {
      const entries = entriesOf(piece);
      if (entries.length > 1) {
        open.push(piece);
        continue;
      }
      for (const entry of entries) {
        this.refused.push(entry);
        this.ctx.refusedIds.add(entry.id);
      }
      await this.answered(
        piece,
        piece.map(() => []),
      );
    }
    if (this.refused.length + open.length > this.maxRefused) {
      throw new LlmError(
        'content_blocked',
        `The provider's content filter refused at least ${this.refused.length + open.length} feedback entries ` +
          `(more than ${this.maxRefused} are not searched for): it is refusing the prompt itself, not a few entries`,
      );
    }
    return open;
  }
}

// Refused entries searched for in one run before the run gives up: a few in a hundred is what
// abusive or political feedback amounts to; far more means the prompt itself is refused.
const MIN_REFUSED_SEARCHED = 10;
const REFUSED_SHARE_SEARCHED = 0.02;
export const maxRefusedFor = (expected: number) => Math.max(MIN_REFUSED_SEARCHED, Math.ceil(expected * REFUSED_SHARE_SEARCHED));

/**
 * The chunks the memo did not know, each as one whole slice without the entries this answerer
 * refused before (looked up once for them all); those are counted, never sent again.
 */
export async function slicesFor(chunks: readonly Chunk[], deps: MapDeps, ctx: RunContext): Promise<Slice[]> {
  if (chunks.length === 0) return [];
  const known = await deps.refusals.find(
    deps.provider.identity,
    chunks.flatMap((c) => c.entries.map(fingerprintOf)),
  );
  return chunks.map((chunk) => {
    const refusedBefore = chunk.entries.filter((e) => known.has(e.id)).map((e) => e.id);
    for (const id of refusedBefore) ctx.refusedIds.add(id);
    const entries = refusedBefore.length === 0 ? chunk.entries : chunk.entries.filter((e) => !known.has(e.id));
    return { chunk, entries, whole: true, refusedBefore };
  });
}

/** Runs the refusal search and remembers what it found, even when it gave up part way. */
export async function isolateRefused(
  refusedCalls: readonly Piece[],
  deps: MapDeps,
  ctx: RunContext,
  settings: { concurrency: number; maxRefused: number; answered: Answered },
): Promise<void> {
  const search = new RefusalSearch(deps, ctx, settings.concurrency, settings.maxRefused, settings.answered);
  try {
    await search.isolate(refusedCalls);
  } finally {
    if (search.refused.length > 0) await deps.refusals.remember(deps.provider.identity, search.refused.map(fingerprintOf));
  }
}
