import { chunkBudgetFor, fitsOneCall, planMapCalls, type CallLimits } from '../chunking/call-plan.js';
import { ChunkBuilder, type Chunk } from '../chunking/chunker.js';
import { prepareEntry, type PreparedEntry } from '../chunking/entry.js';
import { Sampler } from '../chunking/sampling.js';
import { estimateTokens } from '../chunking/tokens.js';
import type { FeedbackSource } from '../ports.js';
import { isLlmError, isRefusal } from '../providers/llm-error.js';
import { buildMapPrompt } from '../prompts/map.prompt.js';
import { embedChunks, type EmbedDeps, type EntryVectors } from './embed.stage.js';
import { hashOf, mapSlices, recallChunk, tokensOf, type MapDeps, type Slice } from './map-chunk.js';
import type { PartialTheme } from './partial-theme.js';
import type { ProgressReporter } from './progress.js';
import { isolateRefused, maxRefusedFor, slicesFor, type Answered, type Piece } from './refusal-search.js';
import type { RunContext } from './run-context.js';
import { TaskPool } from './task-pool.js';

export interface MapStageOptions {
  tokenBudgetPerChunk: number;
  maxEntryChars: number;
  maxFeedback: number;
  totalFeedback: number;
  concurrency: number;
  contextTokens: number;
  maxOutputTokens: number;
  maxEntriesPerCall?: number;
  /**
   * With an embedder: entries the model reads to name themes; the others are assigned to them by
   * embedding similarity (see assign.ts). Without one, or when the scope is no larger, the model
   * reads every analysed entry.
   */
  namingSample?: number;
}

/** The entries the model did not read, and the vectors that will place them. */
export interface PendingAssignment {
  rest: string[];
  vectors: Promise<EntryVectors>;
}

export interface MapStageResult {
  themes: PartialTheme[];
  sampler: Sampler;
  chunks: number;
  calls: number;
  /** Entries sent to the model (or recalled from the memo). */
  read: number;
  /** Every analysed entry's creation time, by id: weekly counts and theme identity read it. */
  created: Map<string, Date>;
  assignment?: PendingAssignment;
}

/** The slices waiting for a map call, with their entries and tokens. */
class PendingCall {
  slices: Slice[] = [];
  entries = 0;
  tokens = 0;

  add(slice: Slice): void {
    this.slices.push(slice);
    this.entries += slice.entries.length;
    this.tokens += tokensOf(slice.entries);
  }

  take(): Slice[] {
    const slices = this.slices;
    this.slices = [];
    this.entries = 0;
    this.tokens = 0;
    return slices;
  }
}

export function callLimits(options: MapStageOptions): CallLimits {
  const empty = buildMapPrompt([]);
  return {
    contextTokens: options.contextTokens,
    maxOutputTokens: options.maxOutputTokens,
    concurrency: options.concurrency,
    // The fences and the header's entry count grow a little with the data; 10 % covers them.
    promptOverheadTokens: Math.ceil((estimateTokens(empty.system) + estimateTokens(empty.user)) * 1.1),
    maxEntriesPerCall: options.maxEntriesPerCall,
  };
}

/**
 * Reads the sample (the source may skip unsampled entries itself), trims it and cuts it into
 * stable chunks, then looks every chunk up in the memo at once. Chunks found there are reused;
 * the others are packed into map calls sized to the context, the output limit and the
 * concurrency (see call-plan.ts), run with bounded parallelism. Entries the content filter
 * refused before are left out; a call it refuses now is searched by bisection once the others
 * are done (refusal-search.ts), and what it finds is remembered. The sample is bounded by the
 * cap, so holding its chunks costs little; one memo lookup per run instead of one per chunk is
 * what keeps a job's database round trips few.
 */
export async function runMapStage(
  source: FeedbackSource,
  deps: MapDeps & { embed?: EmbedDeps },
  options: MapStageOptions,
  ctx: RunContext,
  progress: ProgressReporter,
): Promise<MapStageResult> {
  const sampler = new Sampler(options.totalFeedback, options.maxFeedback);
  const analysed = Math.max(1, Math.min(Math.round(options.totalFeedback * sampler.ratio), sampler.hardLimit));
  // An independent stable sample inside the analysed one: new feedback rarely changes it, so
  // the map memo keeps serving the chunks it did not land in.
  const naming = deps.embed && options.namingSample ? new Sampler(analysed, options.namingSample, 'name') : undefined;
  const assigning = naming !== undefined && naming.ratio < 1;
  const expected = assigning ? Math.max(1, Math.min(Math.round(analysed * naming.ratio), naming.hardLimit)) : analysed;
  const limits = callLimits(options);
  const builder = new ChunkBuilder(chunkBudgetFor(options.tokenBudgetPerChunk, limits));
  const pool = new TaskPool(options.concurrency, (error) => ctx.abortInFlight(error));
  const pending = new PendingCall();
  // Indexed by chunk so the reduce input is ordered the same whatever finishes first.
  const results: PartialTheme[][] = [];
  // Entries of each chunk not yet answered or refused: a chunk the refusal search cut up is done
  // when its last slice is.
  const open = new Map<number, number>();
  const refusedCalls: Piece[] = [];
  let chunksTotal = 0;
  let chunksDone = 0;
  let entriesDone = 0;
  let entriesSeen = 0;
  let tokensSeen = 0;
  let calls = 0;
  let read = 0;
  let vectors: Promise<EntryVectors> | undefined;
  const rest: string[] = [];
  const created = new Map<string, Date>();

  const done = async (chunk: Chunk, entries: number) => {
    const left = (open.get(chunk.index) ?? chunk.entries.length) - entries;
    open.set(chunk.index, left);
    if (left <= 0) chunksDone++;
    entriesDone += entries;
    await progress.report('map', entriesDone / expected, { done: chunksDone, total: chunksTotal });
  };

  const answered: Answered = async (piece, themes) => {
    for (const [i, slice] of piece.entries()) {
      results[slice.chunk.index] = [...(results[slice.chunk.index] ?? []), ...themes[i]!];
      await done(slice.chunk, slice.entries.length + slice.refusedBefore.length);
    }
  };

  const send = async () => {
    const piece = pending.take();
    if (piece.length === 0) return;
    ctx.throwIfCancelled();
    calls++;
    await pool.submit(async () => {
      try {
        await answered(piece, await mapSlices(piece, deps, ctx));
      } catch (error) {
        // A refused call does not stop its siblings: its entries are searched once they are done.
        if (!isRefusal(error)) throw error;
        refusedCalls.push(piece);
      }
    });
  };

  const place = async (slice: Slice) => {
    ctx.throwIfCancelled();
    if (slice.entries.length === 0) return done(slice.chunk, slice.chunk.entries.length);
    const tokens = tokensOf(slice.entries);
    if (pending.slices.length > 0 && !fitsOneCall(pending.entries + slice.entries.length, pending.tokens + tokens, limits)) {
      await send();
    }
    pending.add(slice);
    // The plan follows the entries seen so far: how long they are decides how many fit a call.
    const plan = planMapCalls(expected, tokensSeen / Math.max(1, entriesSeen), limits);
    if (pending.entries >= plan.entriesPerCall) await send();
  };

  try {
    const chunks: Chunk[] = [];
    for await (const page of source.pages(sampler.ratio < 1 ? { sampleRatio: sampler.ratio } : {})) {
      ctx.throwIfCancelled();
      for (const item of page) {
        if (!sampler.keep(item.id)) continue;
        const entry = prepareEntry(item, options.maxEntryChars);
        created.set(entry.id, new Date(item.createdAt));
        if (entry.trimmedChars > 0) ctx.trimmed++;
        entriesSeen++;
        tokensSeen += entry.tokens;
        chunks.push(...builder.add(entry));
      }
    }
    chunks.push(...builder.finish());
    if (assigning) {
      // Every analysed entry is embedded (the model's picks set each theme's centre); the model
      // reads each chunk's share of the naming sample, which is what its memo entry keys on.
      vectors = embedChunks([...chunks], deps.embed!, ctx);
      vectors.catch(() => undefined);
      const all = chunks.splice(0);
      for (const chunk of all) {
        const named: PreparedEntry[] = [];
        for (const e of chunk.entries) {
          if (naming.keep(e.id)) named.push(e);
          else rest.push(e.id);
        }
        if (named.length > 0) chunks.push({ index: chunks.length, entries: named, tokens: tokensOf(named) });
      }
    }
    chunksTotal = chunks.length;
    read = chunks.reduce((sum, c) => sum + c.entries.length, 0);
    const hashes = chunks.map((chunk) => hashOf(chunk, deps));
    const stored = await deps.memo.getMany(hashes);
    const missed: Chunk[] = [];
    for (const [i, chunk] of chunks.entries()) {
      ctx.throwIfCancelled();
      const remembered = recallChunk(chunk, stored.get(hashes[i]!), ctx);
      if (!remembered) missed.push(chunk);
      else {
        results[chunk.index] = remembered;
        await done(chunk, chunk.entries.length);
      }
    }
    for (const slice of await slicesFor(missed, deps, ctx)) await place(slice);
    await send();
    await pool.drain();
  } catch (error) {
    // Let calls in flight stop and write their ledger rows before the run reports its failure.
    ctx.abortInFlight(error);
    const failed = await pool.drain().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    const embedFailure = await vectors?.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    // "Stopped because a parallel call failed" is not the news: that call's own error is.
    const stoppedBy = (e: unknown) => isLlmError(e) && e.kind === 'cancelled';
    if (!stoppedBy(error)) throw error;
    throw [failed, embedFailure].find((e) => e !== undefined && !stoppedBy(e)) ?? failed ?? error;
  }
  if (refusedCalls.length > 0)
    await isolateRefused(refusedCalls, deps, ctx, { concurrency: options.concurrency, maxRefused: maxRefusedFor(expected), answered });
  const assignment = vectors ? { rest, vectors } : undefined;
  return { themes: results.flat(), sampler, chunks: chunksTotal, calls, read, created, ...(assignment ? { assignment } : {}) };
}
