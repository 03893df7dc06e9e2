/** Prices in US dollars per million tokens. */
export interface ModelPrices {
  inputPerMTok: number;
  /** Prompt tokens the provider served from its context cache. */
  cachedInputPerMTok: number;
  outputPerMTok: number;
}

/** What the service needs to know about a chat model to size its calls and count their cost. */
export interface ModelFacts {
  /** Whether the table knows the model (otherwise the facts are conservative guesses). */
  known: boolean;
  /** The context window in tokens, prompt and answer together. */
  contextTokens: number;
  /** The longest answer the model writes (its max_tokens limit). */
  maxOutputTokens: number;
  /** Calls in flight one job makes at once; the account's limit is per model (Z.ai: API keys > rate limits). */
  concurrency: number;
  /** Undefined for a model the table does not know, unless all three prices are given. */
  prices?: ModelPrices;
}

/**
 * The longest answer one call asks for unless GLM_MAX_OUTPUT_TOKENS says otherwise: well under
 * every model's limit, since an answer takes longer the longer it is (GLM_TIMEOUT_MS).
 */
export const DEFAULT_ANSWER_TOKENS = 16_384;

/** Parallel calls per job unless GLM_CONCURRENCY says otherwise. */
export const DEFAULT_CONCURRENCY = 4;

const GLM_45 = { contextTokens: 128_000, maxOutputTokens: 96_000, concurrency: DEFAULT_CONCURRENCY } as const;

/**
 * Known GLM models by the name GLM_MODEL takes. Context windows and output limits from Z.ai's
 * model pages (docs.z.ai/guides/llm), prices from its pricing page (docs.z.ai/guides/overview/pricing),
 * both as published in October 2025; a cache hit is billed at about a fifth of the input price.
 * Z.ai's concurrency limits depend on the account and are shown only in its console, so every
 * model starts from the same default (GLM_CONCURRENCY sets the account's).
 */
export const GLM_MODELS: Readonly<Record<string, Omit<ModelFacts, 'known'> & { prices: ModelPrices }>> = {
  'glm-4.6': {
    contextTokens: 200_000,
    maxOutputTokens: 128_000,
    concurrency: DEFAULT_CONCURRENCY,
    prices: { inputPerMTok: 0.6, cachedInputPerMTok: 0.11, outputPerMTok: 2.2 },
  },
  'glm-4.5': { ...GLM_45, prices: { inputPerMTok: 0.6, cachedInputPerMTok: 0.11, outputPerMTok: 2.2 } },
  'glm-4.5-x': { ...GLM_45, prices: { inputPerMTok: 2.2, cachedInputPerMTok: 0.45, outputPerMTok: 8.9 } },
  'glm-4.5-air': { ...GLM_45, prices: { inputPerMTok: 0.2, cachedInputPerMTok: 0.03, outputPerMTok: 1.1 } },
  'glm-4.5-airx': { ...GLM_45, prices: { inputPerMTok: 1.1, cachedInputPerMTok: 0.22, outputPerMTok: 4.5 } },
  'glm-4.5-flash': { ...GLM_45, prices: { inputPerMTok: 0, cachedInputPerMTok: 0, outputPerMTok: 0 } },
};

/**
 * A model the table does not know: one call at a time, and no price. Its context window and
 * output limit have no safe guess, so loadConfig asks for GLM_CONTEXT_TOKENS and
 * GLM_MAX_OUTPUT_TOKENS instead (these numbers are never used).
 */
const UNKNOWN: ModelFacts = { known: false, contextTokens: 32_000, maxOutputTokens: 8_000, concurrency: 1 };

/** The facts of a model by its name (case-insensitive). */
export function modelFacts(model: string): ModelFacts {
  const facts = GLM_MODELS[model.toLowerCase()];
  return facts ? { known: true, ...facts } : UNKNOWN;
}

/**
 * Known embedding models by name, priced per million input tokens (an embeddings request bills
 * its input alone). embedding-3 as Z.ai's pricing page published it; GLM_EMBEDDING_PRICE_PER_MTOK
 * overrides the price of every embedding model.
 */
export const EMBEDDING_MODELS: Readonly<Record<string, { inputPerMTok: number }>> = {
  'embedding-3': { inputPerMTok: 0.07 },
};
