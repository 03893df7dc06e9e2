import { mapAnswerTokens } from '../chunking/call-plan.js';
import { chunkHash, type Chunk } from '../chunking/chunker.js';
import { mapOutputSchema, type MapOutput } from '../llm/protocol.js';
import type { ChunkMemo } from '../ports.js';
import { buildMapPrompt, MAP_SCHEMA_TEXT } from '../prompts/map.prompt.js';
import { keepChunkEvidence } from './evidence.js';
import { callStructured, type LlmDeps } from './llm-call.js';
import { fromMapOutput, type PartialTheme } from './partial-theme.js';
import type { RunContext } from './run-context.js';

export interface MapDeps extends LlmDeps {
  memo: ChunkMemo;
  promptVersion: string;
}

/** The key of a chunk's memo entry. */
export const hashOf = (chunk: Chunk, deps: Pick<MapDeps, 'provider' | 'promptVersion'>) =>
  chunkHash(chunk.entries, { promptVersion: deps.promptVersion, provider: deps.provider.identity });

/**
 * A chunk's partial themes from its memo entry (`stored`: looked up for every chunk of the run
 * at once), when the same chunk was summarised before.
 */
export function recallChunk(chunk: Chunk, stored: unknown, ctx: RunContext): PartialTheme[] | undefined {
  if (stored === undefined) return undefined;
  // A memo row is outside data too: one that no longer parses is treated as a miss.
  const parsed = mapOutputSchema.safeParse(stored);
  if (!parsed.success) return undefined;
  ctx.memoHits++;
  return fromMapOutput(keepChunkEvidence(parsed.data, chunk.entries).output);
}

/**
 * One map call over several chunks → each chunk's partial themes. The answer is split by the ids
 * it cites, and each chunk's share is memoised on its own, so a later run reuses the chunks that
 * did not change whatever call they come in.
 */
export async function mapChunks(chunks: readonly Chunk[], deps: MapDeps, ctx: RunContext): Promise<PartialTheme[][]> {
  const entries = chunks.flatMap((c) => c.entries);
  const answer = await callStructured(ctx, deps, {
    stage: 'map',
    prompt: buildMapPrompt(entries),
    schema: mapOutputSchema,
    schemaText: MAP_SCHEMA_TEXT,
    maxTokens: mapAnswerTokens(entries.length),
  });
  const checked = keepChunkEvidence(answer.value, entries);
  ctx.droppedInvalidIds += checked.droppedIds;
  const tokens = chunks.reduce((sum, c) => sum + c.tokens, 0);
  return Promise.all(
    chunks.map(async (chunk) => {
      const share: MapOutput = keepChunkEvidence(checked.output, chunk.entries).output;
      const paid = Math.round((answer.tokens * chunk.tokens) / Math.max(1, tokens));
      await deps.memo.set(hashOf(chunk, deps), share, { model: deps.provider.model, promptVersion: deps.promptVersion, tokens: paid });
      return fromMapOutput(share);
    }),
  );
}
