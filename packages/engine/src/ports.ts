import type { LlmStage, MapOutput } from './llm/protocol.js';

/**
 * What the engine needs from the outside world. The database-backed implementations live with
 * the apps; the engine only sees these shapes, so it runs (and is tested) without Postgres.
 */

export interface FeedbackItem {
  id: string;
  text: string;
  rating: number;
  category: string;
  sentiment: string;
  createdAt: Date;
}

export interface SourceOptions {
  /**
   * The sampler's ratio, when below 1: a source that can may return only the entries whose
   * `hashFraction('sample', id)` is below it (the sampler drops the others anyway).
   */
  sampleRatio?: number;
}

/** Keyset pages in a stable order, (createdAt, id) ascending: chunk stability depends on it. */
export interface FeedbackSource {
  pages(options?: SourceOptions): AsyncIterable<FeedbackItem[]>;
}

export interface ChunkMemoMeta {
  model: string;
  promptVersion: string;
  tokens: number;
}

/**
 * What a chunk's memo entry holds: its map answer (`refusedIds`: entries of the chunk left out of
 * the answer because they were refused), or its entries' embeddings (their own hash and shape).
 */
export type ChunkMemoValue = (MapOutput & { refusedIds?: string[] }) | { embedding: string; dimensions: number; vectors: string };

/** Per-chunk work keyed by the chunk hash (prompt version, model, ids, ratings and texts). */
export interface ChunkMemo {
  /** Every remembered value among `hashes`, in one lookup. */
  getMany(hashes: readonly string[]): Promise<Map<string, unknown>>;
  set(hash: string, value: ChunkMemoValue, meta: ChunkMemoMeta): Promise<void>;
}

/** An entry as a content filter judged it: its id and a hash of the text the model was shown. */
export interface EntryFingerprint {
  id: string;
  textHash: string;
}

/**
 * Entries an answerer's content filter refused, remembered with the text they were refused for,
 * so a regeneration leaves them out without asking again and an edited entry is tried again.
 */
export interface RefusalMemo {
  /** The ids among `entries` that `answerer` refused before with the same text. */
  find(answerer: string, entries: readonly EntryFingerprint[]): Promise<Set<string>>;
  remember(answerer: string, entries: readonly EntryFingerprint[]): Promise<void>;
}

/** What a ledger row records: a chat call of a stage, or a request to the embeddings endpoint. */
export type LedgerStage = LlmStage | 'embed';

export interface LedgerEntry {
  stage: LedgerStage;
  model: string;
  provider: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  latencyMs: number;
  /** 'ok', or the LlmError kind that ended the call. */
  outcome: 'ok' | (string & {});
  errorCode?: string;
}

/** One row per LLM call, successful or not, for cost and failure accounting. */
export interface CallLedger {
  record(entry: LedgerEntry): Promise<void>;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

export interface ChatRequest {
  stage: LlmStage;
  system: string;
  user: string;
  signal?: AbortSignal;
  maxTokens?: number;
  /**
   * Asks for the answer as it is written: called with the text so far each time more arrives
   * (the provider streams the call). The returned response is the whole answer as usual.
   */
  onText?: (textSoFar: string) => void;
}

export interface ChatResponse {
  text: string;
  usage: TokenUsage;
  /**
   * What the server says produced the answer (the chat API's system fingerprint). A stand-in
   * server marks its answers with STAND_IN_PREFIX, and results made with them name it.
   */
  servedBy?: string;
}

export interface ChatProvider {
  readonly name: string;
  readonly model: string;
  /**
   * Who answers, precisely enough that two different answerers never share it: provider,
   * model and endpoint. Part of memo hashes and cache keys, so answers from one (a local
   * stand-in, say) are never reused as another's.
   */
  readonly identity: string;
  complete(req: ChatRequest): Promise<ChatResponse>;
}

export interface EmbeddingRequest {
  /** At most the provider's `maxBatch` texts, each within the embedding model's input limit. */
  texts: readonly string[];
  signal?: AbortSignal;
}

export interface EmbeddingResponse {
  /** One unit-length vector of `dimensions` numbers per text, in the order of the texts. */
  vectors: number[][];
  /** Input tokens billed for the request. */
  promptTokens: number;
  /** As ChatResponse.servedBy: a stand-in server starts it with STAND_IN_PREFIX. */
  servedBy?: string;
}

/**
 * An OpenAI-compatible embeddings endpoint (GLM's `embedding-3`). The engine embeds feedback
 * with it to assign entries the chat model did not read to the themes the model named.
 */
export interface EmbeddingProvider {
  readonly name: string;
  readonly model: string;
  /** As ChatProvider.identity: provider, model, dimensions and endpoint. Part of memo keys. */
  readonly identity: string;
  readonly dimensions: number;
  /** Texts one request may carry. */
  readonly maxBatch: number;
  embed(req: EmbeddingRequest): Promise<EmbeddingResponse>;
}

export type ProgressStage = 'stats' | 'map' | 'reduce' | 'finalize';

export interface Progress {
  stage: ProgressStage;
  percent: number;
  chunksDone: number;
  /** Chunks known so far: pages are streamed, so the total grows until the source is drained. */
  chunksTotal: number;
  tokensUsed: number;
}

export type ProgressSink = (p: Progress) => void | Promise<void>;

/**
 * SQL statistics for the analysed scope. The four headline numbers feed the legacy
 * `statistics` block; the whole object (distributions, time series) is passed through as `stats`.
 */
export interface StatsSnapshot {
  totalFeedback: number;
  averageRating: number;
  positivePercentage: number;
  negativePercentage: number;
  [key: string]: unknown;
}
