import { createHash } from 'node:crypto';
import { z } from 'zod';
import { mapAnswerTokens } from '../chunking/call-plan.js';
import { chunkHash, type Chunk } from '../chunking/chunker.js';
import type { PreparedEntry } from '../chunking/entry.js';
import { mapAnswerSchema, mapOutputSchema, type MapOutput } from '../llm/protocol.js';
import type { ChunkMemo, EntryFingerprint, RefusalMemo } from '../ports.js';
import { buildMapPrompt, MAP_SCHEMA_TEXT } from '../prompts/map.prompt.js';
import { fromAnswer, keepChunkEvidence } from './evidence.js';
import { callStructured, type LlmDeps } from './llm-call.js';
import { fromMapOutput, type PartialTheme } from './partial-theme.js';
import type { RunContext } from './run-context.js';

export interface MapDeps extends LlmDeps {
  memo: ChunkMemo;
  refusals: RefusalMemo;
  promptVersion: string;
}

/** The key of a chunk's memo entry. */
export const hashOf = (chunk: Chunk, deps: Pick<MapDeps, 'provider' | 'promptVersion'>) =>
  chunkHash(chunk.entries, { promptVersion: deps.promptVersion, provider: deps.provider.identity });

/** An entry as a refusal is remembered: a changed text (an edit, other redaction) is asked again. */
export const fingerprintOf = (entry: PreparedEntry): EntryFingerprint => ({
  id: entry.id,
  textHash: createHash('sha256').update(entry.text).digest('hex'),
});

/**
 * A memo entry: the chunk's map answer over the entries the model accepted, and the ids it
 * refused, so a chunk recalled from the memo is counted as it was answered.
 */
const memoEntrySchema = mapOutputSchema.extend({ refusedIds: z.array(z.string()).default([]) });
export type MemoEntry = MapOutput & { refusedIds?: string[] };

/**
 * Part of a chunk in one map call. A whole slice holds every entry of its chunk not known to be
 * refused, and its answer is memoised; a slice the refusal search cut out of a chunk is not, as
 * its answer covers part of the chunk only.
 */
export interface Slice {
  chunk: Chunk;
  entries: PreparedEntry[];
  whole: boolean;
  /** Entries of the chunk left out before the call: refused on an earlier run. */
  refusedBefore: string[];
}

export const tokensOf = (entries: readonly PreparedEntry[]) => entries.reduce((sum, e) => sum + e.tokens, 0);

/**
 * A chunk's partial themes from its memo entry (`stored`: looked up for every chunk of the run
 * at once), when the same chunk was summarised before; its refused entries are counted again.
 */
export function recallChunk(chunk: Chunk, stored: unknown, ctx: RunContext): PartialTheme[] | undefined {
  if (stored === undefined) return undefined;
  // A memo row is outside data too: one that no longer parses is treated as a miss.
  const parsed = memoEntrySchema.safeParse(stored);
  if (!parsed.success) return undefined;
  ctx.memoHits++;
  const ids = new Set(chunk.entries.map((e) => e.id));
  for (const id of parsed.data.refusedIds) if (ids.has(id)) ctx.refusedIds.add(id);
  return fromMapOutput(keepChunkEvidence(parsed.data, chunk.entries).output);
}

/**
 * One map call over several slices → each slice's partial themes. The answer is split by the ids
 * it cites, and each whole chunk's share is memoised on its own, so a later run reuses the chunks
 * that did not change whatever call they come in.
 */
export async function mapSlices(slices: readonly Slice[], deps: MapDeps, ctx: RunContext): Promise<PartialTheme[][]> {
  const entries = slices.flatMap((s) => s.entries);
  const answer = await callStructured(ctx, deps, {
    stage: 'map',
    prompt: buildMapPrompt(entries),
    schema: mapAnswerSchema,
    schemaText: MAP_SCHEMA_TEXT,
    maxTokens: mapAnswerTokens(entries.length),
  });
  const checked = fromAnswer(answer.value, entries);
  ctx.droppedInvalidIds += checked.droppedIds;
  const tokens = tokensOf(entries);
  return Promise.all(
    slices.map(async (slice) => {
      const share: MapOutput = keepChunkEvidence(checked.output, slice.entries).output;
      if (slice.whole) {
        const paid = Math.round((answer.tokens * tokensOf(slice.entries)) / Math.max(1, tokens));
        const entry: MemoEntry = slice.refusedBefore.length > 0 ? { ...share, refusedIds: slice.refusedBefore } : share;
        await deps.memo.set(hashOf(slice.chunk, deps), entry, { model: deps.provider.model, promptVersion: deps.promptVersion, tokens: paid });
      }
      return fromMapOutput(share);
    }),
  );
}
