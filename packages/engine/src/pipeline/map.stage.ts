import { ChunkBuilder, type Chunk } from '../chunking/chunker.js';
import { prepareEntry } from '../chunking/entry.js';
import { Sampler } from '../chunking/sampling.js';
import type { FeedbackSource } from '../ports.js';
import { hashChunk, mapChunk, type MapDeps } from './map-chunk.js';
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
}

export interface MapStageResult {
  themes: PartialTheme[];
  sampler: Sampler;
  chunks: number;
}

/**
 * Reads the sample (the source may skip unsampled entries itself), trims and chunks it, looks
 * every chunk up in the memo at once, then maps the misses with bounded parallelism. The
 * sample is bounded by the cap, so holding its chunks costs little; one memo lookup per run
 * instead of one per chunk is what keeps a job's database round trips few.
 */
export async function runMapStage(
  source: FeedbackSource,
  deps: MapDeps,
  options: MapStageOptions,
  ctx: RunContext,
  progress: ProgressReporter,
): Promise<MapStageResult> {
  const sampler = new Sampler(options.totalFeedback, options.maxFeedback);
  const expected = Math.max(1, Math.min(options.totalFeedback, options.maxFeedback));
  const chunks = (await readChunks(source, sampler, options, ctx)).map((chunk) => hashChunk(chunk, deps));
  const stored = await deps.memo.getMany(chunks.map((c) => c.hash));
  const pool = new TaskPool(options.concurrency, (error) => ctx.abortInFlight(error));
  // Indexed by chunk so the reduce input is ordered the same whatever finishes first.
  const results: PartialTheme[][] = [];
  let chunksDone = 0;
  let entriesDone = 0;

  try {
    for (const hashed of chunks) {
      ctx.throwIfCancelled();
      await pool.submit(async () => {
        results[hashed.chunk.index] = await mapChunk(hashed, stored.get(hashed.hash), deps, ctx);
        chunksDone++;
        entriesDone += hashed.chunk.entries.length;
        await progress.report('map', entriesDone / expected, { done: chunksDone, total: chunks.length });
      });
    }
  } catch (error) {
    // Let calls in flight stop and write their ledger rows before the run reports its failure.
    ctx.abortInFlight(error);
    await pool.drain().catch(() => undefined);
    throw error;
  }
  await pool.drain();
  return { themes: results.flat(), sampler, chunks: chunks.length };
}

async function readChunks(source: FeedbackSource, sampler: Sampler, options: MapStageOptions, ctx: RunContext): Promise<Chunk[]> {
  const builder = new ChunkBuilder(options.tokenBudgetPerChunk);
  const chunks: Chunk[] = [];
  for await (const page of source.pages(sampler.ratio < 1 ? { sampleRatio: sampler.ratio } : {})) {
    ctx.throwIfCancelled();
    for (const item of page) {
      if (!sampler.keep(item.id)) continue;
      const entry = prepareEntry(item, options.maxEntryChars);
      if (entry.trimmedChars > 0) ctx.trimmed++;
      chunks.push(...builder.add(entry));
    }
  }
  chunks.push(...builder.finish());
  return chunks;
}
