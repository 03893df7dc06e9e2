import { z } from 'zod';
import { chunkHash, type Chunk } from '../chunking/chunker.js';
import { estimateTokens } from '../chunking/tokens.js';
import type { CallLedger, ChunkMemo, EmbeddingProvider, EmbeddingResponse } from '../ports.js';
import { classifyLlmError, LlmError } from '../providers/llm-error.js';
import type { RunContext } from './run-context.js';
import { TaskPool } from './task-pool.js';

/** Vectors by feedback id, unit length. */
export type EntryVectors = Map<string, Float32Array>;

export interface EmbedDeps {
  embedder: EmbeddingProvider;
  memo: ChunkMemo;
  ledger: CallLedger;
  /** Embedding requests in flight at once (the endpoint's own limit, not the chat model's). */
  concurrency: number;
}

// Part of the memo key: a change to how vectors are stored stops old rows being read.
const EMBED_MEMO_VERSION = 'embed-v1';
const QUANT = 127;

/** What the memo keeps per chunk: the vectors of its entries, in order, as int8 in base64. */
const memoSchema = z.object({ embedding: z.string(), dimensions: z.number().int().positive(), vectors: z.string() });
export type EmbeddingMemoEntry = z.infer<typeof memoSchema>;

/**
 * Unit vectors quantised to int8 (each component times 127): a quarter of float32's size, and the
 * cosine between two of them moves by well under 0.01, far less than themes are apart.
 */
export function packVectors(vectors: readonly ArrayLike<number>[], dimensions: number): string {
  const bytes = new Int8Array(vectors.length * dimensions);
  vectors.forEach((v, i) => {
    for (let d = 0; d < dimensions; d++) bytes[i * dimensions + d] = Math.max(-QUANT, Math.min(QUANT, Math.round((v[d] ?? 0) * QUANT)));
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function unpackVectors(packed: string, dimensions: number, count: number): Float32Array[] | undefined {
  const buffer = Buffer.from(packed, 'base64');
  if (buffer.length !== dimensions * count) return undefined;
  const bytes = new Int8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  return Array.from({ length: count }, (_, i) => normalise(Float32Array.from(bytes.subarray(i * dimensions, (i + 1) * dimensions))));
}

export function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

const embedHash = (chunk: Chunk, embedder: EmbeddingProvider) => chunkHash(chunk.entries, { promptVersion: EMBED_MEMO_VERSION, provider: embedder.identity });

async function request(texts: string[], deps: EmbedDeps, ctx: RunContext): Promise<EmbeddingResponse> {
  ctx.throwIfCancelled();
  const estimated = texts.reduce((sum, t) => sum + estimateTokens(t), 0);
  ctx.reserve(estimated);
  const { embedder, ledger } = deps;
  const base = { stage: 'embed' as const, model: embedder.model, provider: embedder.name, completionTokens: 0, cachedTokens: 0 };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { signal, release } = ctx.callSignal();
  ctx.embeddingCalls++;
  let answer: EmbeddingResponse;
  try {
    answer = await embedder.embed({ texts, signal });
  } catch (err) {
    const error = ctx.signal.aborted ? new LlmError('cancelled', 'Embedding request cancelled', { cause: err }) : classifyLlmError(err);
    await ledger.record({ ...base, promptTokens: error.usage?.promptTokens ?? 0, latencyMs: elapsed(), outcome: error.kind, errorCode: error.code });
    throw error;
  } finally {
    release();
  }
  if (answer.vectors.length !== texts.length) {
    throw new LlmError('invalid_output', `The embeddings endpoint returned ${answer.vectors.length} vectors for ${texts.length} texts`);
  }
  ctx.charge({ promptTokens: answer.promptTokens, completionTokens: 0, cachedTokens: 0 });
  if (answer.servedBy) ctx.servedBy.add(answer.servedBy);
  await ledger.record({ ...base, promptTokens: answer.promptTokens, latencyMs: elapsed(), outcome: 'ok' });
  return answer;
}

/**
 * The vector of every entry of `chunks`. Chunks embedded before (same entries, same texts, same
 * embedding model and size) come from the memo in one lookup; the others are embedded in requests
 * of up to the provider's batch size, a few at once, and remembered chunk by chunk, so a
 * regeneration pays only for the chunks new feedback landed in.
 */
export async function embedChunks(chunks: readonly Chunk[], deps: EmbedDeps, ctx: RunContext): Promise<EntryVectors> {
  const { embedder } = deps;
  const vectors: EntryVectors = new Map();
  const hashes = chunks.map((c) => embedHash(c, embedder));
  const stored = await deps.memo.getMany(hashes);
  const pool = new TaskPool(deps.concurrency, (error) => ctx.abortInFlight(error));
  for (const [i, chunk] of chunks.entries()) {
    const parsed = memoSchema.safeParse(stored.get(hashes[i]!));
    const recalled =
      parsed.success && parsed.data.embedding === embedder.identity
        ? unpackVectors(parsed.data.vectors, parsed.data.dimensions, chunk.entries.length)
        : undefined;
    if (recalled) {
      chunk.entries.forEach((e, j) => vectors.set(e.id, recalled[j]!));
      continue;
    }
    const got: Float32Array[] = [];
    let tokens = 0;
    let left = Math.ceil(chunk.entries.length / embedder.maxBatch);
    for (let start = 0; start < chunk.entries.length; start += embedder.maxBatch) {
      const batch = chunk.entries.slice(start, start + embedder.maxBatch);
      await pool.submit(async () => {
        const answer = await request(
          batch.map((e) => e.text),
          deps,
          ctx,
        );
        batch.forEach((e, j) => {
          const v = normalise(Float32Array.from(answer.vectors[j]!));
          got[start + j] = v;
          vectors.set(e.id, v);
        });
        tokens += answer.promptTokens;
        if (--left > 0) return;
        const entry: EmbeddingMemoEntry = { embedding: embedder.identity, dimensions: embedder.dimensions, vectors: packVectors(got, embedder.dimensions) };
        await deps.memo.set(hashes[i]!, entry, { model: embedder.model, promptVersion: EMBED_MEMO_VERSION, tokens });
      });
    }
  }
  await pool.drain();
  return vectors;
}
