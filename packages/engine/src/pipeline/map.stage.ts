import { chunkBudgetFor, fitsOneCall, planMapCalls, type CallLimits } from '../chunking/call-plan.js';
import { ChunkBuilder, type Chunk } from '../chunking/chunker.js';
import { prepareEntry } from '../chunking/entry.js';
import { Sampler } from '../chunking/sampling.js';
import { estimateTokens } from '../chunking/tokens.js';
import type { FeedbackSource } from '../ports.js';
import { isLlmError } from '../providers/llm-error.js';
import { buildMapPrompt } from '../prompts/map.prompt.js';
import { hashOf, mapChunks, recallChunk, type MapDeps } from './map-chunk.js';
import type { PartialTheme } from './partial-theme.js';
import type { ProgressReporter } from './progress.js';
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
}

export interface MapStageResult {
  themes: PartialTheme[];
  sampler: Sampler;
  chunks: number;
  calls: number;
}

/** The chunks waiting for a map call, with their entries and tokens. */
class PendingCall {
  chunks: Chunk[] = [];
  entries = 0;
  tokens = 0;

  add(chunk: Chunk): void {
    this.chunks.push(chunk);
    this.entries += chunk.entries.length;
    this.tokens += chunk.tokens;
  }

  take(): Chunk[] {
    const chunks = this.chunks;
    this.chunks = [];
    this.entries = 0;
    this.tokens = 0;
    return chunks;
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
 * concurrency (see call-plan.ts), run with bounded parallelism. The sample is bounded by the
 * cap, so holding its chunks costs little; one memo lookup per run instead of one per chunk is
 * what keeps a job's database round trips few.
 */
export async function runMapStage(
  source: FeedbackSource,
  deps: MapDeps,
  options: MapStageOptions,
  ctx: RunContext,
  progress: ProgressReporter,
): Promise<MapStageResult> {
  const sampler = new Sampler(options.totalFeedback, options.maxFeedback);
  const expected = Math.max(1, Math.min(Math.round(options.totalFeedback * sampler.ratio), sampler.hardLimit));
  const limits = callLimits(options);
  const builder = new ChunkBuilder(chunkBudgetFor(options.tokenBudgetPerChunk, limits));
  const pool = new TaskPool(options.concurrency, (error) => ctx.abortInFlight(error));
  const pending = new PendingCall();
  // Indexed by chunk so the reduce input is ordered the same whatever finishes first.
  const results: PartialTheme[][] = [];
  let chunksTotal = 0;
  let chunksDone = 0;
  let entriesDone = 0;
  let entriesSeen = 0;
  let tokensSeen = 0;
  let calls = 0;

  const done = async (chunks: readonly Chunk[]) => {
    chunksDone += chunks.length;
    entriesDone += chunks.reduce((sum, c) => sum + c.entries.length, 0);
    await progress.report('map', entriesDone / expected, { done: chunksDone, total: chunksTotal });
  };

  const send = async () => {
    const chunks = pending.take();
    if (chunks.length === 0) return;
    ctx.throwIfCancelled();
    calls++;
    await pool.submit(async () => {
      const themes = await mapChunks(chunks, deps, ctx);
      chunks.forEach((chunk, i) => (results[chunk.index] = themes[i]!));
      await done(chunks);
    });
  };

  const place = async (chunk: Chunk, stored: unknown) => {
    ctx.throwIfCancelled();
    const remembered = recallChunk(chunk, stored, ctx);
    if (remembered) {
      results[chunk.index] = remembered;
      await done([chunk]);
      return;
    }
    if (pending.chunks.length > 0 && !fitsOneCall(pending.entries + chunk.entries.length, pending.tokens + chunk.tokens, limits)) {
      await send();
    }
    pending.add(chunk);
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
        if (entry.trimmedChars > 0) ctx.trimmed++;
        entriesSeen++;
        tokensSeen += entry.tokens;
        chunks.push(...builder.add(entry));
      }
    }
    chunks.push(...builder.finish());
    chunksTotal = chunks.length;
    const hashes = chunks.map((chunk) => hashOf(chunk, deps));
    const stored = await deps.memo.getMany(hashes);
    for (const [i, chunk] of chunks.entries()) await place(chunk, stored.get(hashes[i]!));
    await send();
  } catch (error) {
    // Let calls in flight stop and write their ledger rows before the run reports its failure.
    ctx.abortInFlight(error);
    const failed = await pool.drain().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    // "Stopped because a parallel call failed" is not the news: that call's own error is.
    throw failed !== undefined && isLlmError(error) && error.kind === 'cancelled' ? failed : error;
  }
  await pool.drain();
  return { themes: results.flat(), sampler, chunks: chunksTotal, calls };
}
