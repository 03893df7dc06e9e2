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

/** A chunk with its memo hash. */
export interface HashedChunk {
  chunk: Chunk;
  hash: string;
}

export function hashChunk(chunk: Chunk, deps: Pick<MapDeps, 'provider' | 'promptVersion'>): HashedChunk {
  return { chunk, hash: chunkHash(chunk.entries, { promptVersion: deps.promptVersion, provider: deps.provider.identity }) };
}

// A memo row is outside data too: one that no longer parses is treated as a miss.
function recall(stored: unknown): MapOutput | undefined {
  if (stored === undefined) return undefined;
  const parsed = mapOutputSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}

/**
 * One chunk → its partial themes: from the memo when the same chunk was summarised before
 * (`stored`, looked up for every chunk of the run at once).
 */
export async function mapChunk({ chunk, hash }: HashedChunk, stored: unknown, deps: MapDeps, ctx: RunContext): Promise<PartialTheme[]> {
  const { provider, memo, promptVersion } = deps;
  const remembered = recall(stored);
  if (remembered) {
    ctx.memoHits++;
    return fromMapOutput(keepChunkEvidence(remembered, chunk.entries).output);
  }
  const answer = await callStructured(ctx, deps, {
    stage: 'map',
    prompt: buildMapPrompt(chunk.entries),
    schema: mapOutputSchema,
    schemaText: MAP_SCHEMA_TEXT,
  });
  const checked = keepChunkEvidence(answer.value, chunk.entries);
  ctx.droppedInvalidIds += checked.droppedIds;
  await memo.set(hash, checked.output, { model: provider.model, promptVersion, tokens: answer.tokens });
  return fromMapOutput(checked.output);
}
