import { ChunkBuilder, type Chunk } from '../chunking/chunker.js';
import { prepareEntry } from '../chunking/entry.js';
import { Sampler } from '../chunking/sampling.js';
import type { FeedbackSource } from '../ports.js';
import { mapChunk, type MapDeps } from './map-chunk.js';
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
 * Streams the source page by page, samples, trims, chunks and maps each chunk with bounded
 * parallelism. Only the chunks in flight and the partial themes stay in memory.
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
  const builder = new ChunkBuilder(options.tokenBudgetPerChunk);
  const pool = new TaskPool(options.concurrency, (error) => ctx.abortInFlight(error));
  // Indexed by chunk so the reduce input is ordered the same whatever finishes first.
  const results: PartialTheme[][] = [];
  let chunksTotal = 0;
  let chunksDone = 0;
  let entriesDone = 0;

  const submit = async (chunk: Chunk) => {
    ctx.throwIfCancelled();
    chunksTotal++;
    await pool.submit(async () => {
      results[chunk.index] = await mapChunk(chunk, deps, ctx);
      chunksDone++;
      entriesDone += chunk.entries.length;
      await progress.report('map', entriesDone / expected, { done: chunksDone, total: chunksTotal });
    });
  };

  try {
    for await (const page of source.pages()) {
      ctx.throwIfCancelled();
      for (const item of page) {
        if (!sampler.keep(item.id)) continue;
        const entry = prepareEntry(item, options.maxEntryChars);
        if (entry.trimmedChars > 0) ctx.trimmed++;
        for (const chunk of builder.add(entry)) await submit(chunk);
      }
    }
    for (const chunk of builder.finish()) await submit(chunk);
  } catch (error) {
    // Let calls in flight stop and write their ledger rows before the run reports its failure.
    ctx.abortInFlight(error);
    await pool.drain().catch(() => undefined);
    throw error;
  }
  await pool.drain();
  return { themes: results.flat(), sampler, chunks: chunksTotal };
}
