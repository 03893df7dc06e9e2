import { LlmError, STAND_IN_PREFIX, type EmbeddingProvider, type EmbeddingRequest, type EmbeddingResponse } from '@insights/engine';
import { embedText, MAX_EMBEDDING_INPUTS, tokenCount } from '@insights/fake-glm';

export interface FakeEmbeddingsOptions {
  /** Default 512, as the GLM embedding provider. */
  dimensions?: number;
  /** Default 64, as `embedding-3`. */
  maxBatch?: number;
  /** Runs before each request is answered; throw from it to fail that request. */
  before?: (texts: readonly string[], call: number) => void | Promise<void>;
}

export interface FakeEmbeddings extends EmbeddingProvider {
  /** Requests answered or failed by `before` (not those refused for their size). */
  readonly calls: number;
  /** Every text those requests carried, in order. */
  readonly texts: readonly string[];
}

/**
 * An in-process EmbeddingProvider giving the fake GLM server's vectors (texts sharing subject
 * words are close) without a server, for unit tests.
 */
export function fakeEmbeddings(options: FakeEmbeddingsOptions = {}): FakeEmbeddings {
  const dimensions = options.dimensions ?? 512;
  const maxBatch = options.maxBatch ?? MAX_EMBEDDING_INPUTS;
  const texts: string[] = [];
  let calls = 0;
  return {
    name: 'fake-embeddings',
    model: 'fake-embedding',
    identity: `fake-embed:fake-embedding/${dimensions}@in-process`,
    dimensions,
    maxBatch,
    get calls() {
      return calls;
    },
    get texts() {
      return texts;
    },
    async embed(req: EmbeddingRequest): Promise<EmbeddingResponse> {
      if (req.texts.length > maxBatch) {
        throw new LlmError('invalid_request', `fake embeddings: ${req.texts.length} texts, at most ${maxBatch} a request`, { status: 400, code: '1214' });
      }
      if (req.signal?.aborted) throw new LlmError('cancelled', 'LLM call cancelled');
      calls += 1;
      texts.push(...req.texts);
      await options.before?.(req.texts, calls);
      return {
        vectors: req.texts.map((text) => embedText(text, dimensions)),
        promptTokens: req.texts.reduce((sum, text) => sum + tokenCount(text), 0),
        servedBy: `${STAND_IN_PREFIX}fake-embeddings`,
      };
    },
  };
}
