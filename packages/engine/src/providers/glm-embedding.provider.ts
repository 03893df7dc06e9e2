import type OpenAI from 'openai';
import type { EmbeddingProvider, EmbeddingRequest, EmbeddingResponse } from '../ports.js';
import { GLM_DEFAULT_BASE_URL, lazyGlmClient } from './glm-client.js';
import { classifyLlmError, LlmError } from './llm-error.js';

export const GLM_EMBEDDING_MODEL = 'embedding-3';
/** The sizes `embedding-3` offers. */
export const GLM_EMBEDDING_DIMENSIONS = [256, 512, 1024, 2048] as const;
/** Enough to tell feedback themes apart, at a quarter of the model's full size to store and compare. */
export const GLM_DEFAULT_EMBEDDING_DIMENSIONS = 512;
/** Texts one `embedding-3` request may carry. */
export const GLM_EMBEDDING_MAX_BATCH = 64;

export interface GlmEmbeddingProviderConfig {
  apiKey: string;
  baseUrl?: string;
  /** Default `embedding-3`. */
  model?: string;
  /** One of 256, 512, 1024, 2048; default 512. */
  dimensions?: number;
  timeoutMs?: number;
}

/**
 * The identity of an embedding model at a size and an endpoint: vectors of two sizes, or from two
 * endpoints, are never compared with each other.
 */
export function glmEmbeddingIdentity(model: string, dimensions: number, baseUrl: string = GLM_DEFAULT_BASE_URL): string {
  return `glm-embed:${model}/${dimensions}@${baseUrl.replace(/\/+$/, '')}`;
}

/** The cosine of the angle between two vectors of one length; 0 when either is all zeros. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa === 0 || bb === 0 ? 0 : dot / Math.sqrt(aa * bb);
}

/** `vector` scaled to unit length, or null when it has no length (or is not made of finite numbers). */
function unit(vector: readonly number[]): number[] | null {
  let squares = 0;
  for (const x of vector) squares += x * x;
  const length = Math.sqrt(squares);
  if (!Number.isFinite(length) || length === 0) return null;
  return vector.map((x) => x / length);
}

/** Z.ai's `embedding-3` through its OpenAI-compatible embeddings endpoint, at the chat API's base URL. */
export class GlmEmbeddingProvider implements EmbeddingProvider {
  readonly name = 'glm';
  readonly model: string;
  readonly identity: string;
  readonly dimensions: number;
  readonly maxBatch = GLM_EMBEDDING_MAX_BATCH;
  private readonly connect: ReturnType<typeof lazyGlmClient>;

  constructor(private readonly config: GlmEmbeddingProviderConfig) {
    this.model = config.model ?? GLM_EMBEDDING_MODEL;
    this.dimensions = config.dimensions ?? GLM_DEFAULT_EMBEDDING_DIMENSIONS;
    if (!GLM_EMBEDDING_DIMENSIONS.includes(this.dimensions as (typeof GLM_EMBEDDING_DIMENSIONS)[number])) {
      throw new RangeError(`GLM embedding dimensions must be one of ${GLM_EMBEDDING_DIMENSIONS.join(', ')}, got ${this.dimensions}`);
    }
    this.identity = glmEmbeddingIdentity(this.model, this.dimensions, config.baseUrl);
    this.connect = lazyGlmClient(config);
  }

  async embed(req: EmbeddingRequest): Promise<EmbeddingResponse> {
    if (req.texts.length === 0) return { vectors: [], promptTokens: 0 };
    const { client, errors } = await this.connect();
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      // `float` said outright: left out, the SDK asks for base64 and decodes it, which GLM does not send.
      response = await client.embeddings.create(
        { model: this.model, input: [...req.texts], dimensions: this.dimensions, encoding_format: 'float' },
        { signal: req.signal },
      );
    } catch (err) {
      throw classifyLlmError(err, errors);
    }
    return this.read(response, req.texts.length);
  }

  private read(response: OpenAI.CreateEmbeddingResponse, count: number): EmbeddingResponse {
    const usage = { promptTokens: response.usage?.prompt_tokens ?? 0, completionTokens: 0, cachedTokens: 0 };
    const invalid = (why: string) => new LlmError('invalid_output', `GLM embeddings: ${why}`, { usage });
    const vectors: (number[] | null)[] = new Array<number[] | null>(count).fill(null);
    for (const item of response.data ?? []) {
      if (!Number.isInteger(item.index) || item.index < 0 || item.index >= count) throw invalid(`answer holds an index ${item.index} outside 0..${count - 1}`);
      const embedding = item.embedding as unknown;
      if (!Array.isArray(embedding) || embedding.length !== this.dimensions) {
        throw invalid(`vector ${item.index} is not ${this.dimensions} numbers`);
      }
      // Normalised here whatever the server says: callers compare vectors by their dot product.
      const vector = unit(embedding as number[]);
      if (!vector) throw invalid(`vector ${item.index} has no direction`);
      vectors[item.index] = vector;
    }
    const missing = vectors.indexOf(null);
    if (missing !== -1) throw invalid(`no vector for text ${missing} of ${count}`);
    // The embeddings shape has no fingerprint; a stand-in server adds the chat API's field.
    const fingerprint = (response as { system_fingerprint?: unknown }).system_fingerprint;
    return {
      vectors: vectors as number[][],
      promptTokens: usage.promptTokens,
      ...(typeof fingerprint === 'string' && fingerprint !== '' ? { servedBy: fingerprint } : {}),
    };
  }
}
