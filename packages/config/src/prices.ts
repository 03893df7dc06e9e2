import type { AppConfig } from './app-config.js';
import { EMBEDDING_MODELS, GLM_MODELS, type ModelPrices } from './models.js';

/** The tokens one ledger row bills: its prompt (part of it possibly served from the cache) and its answer. */
export interface BilledTokens {
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
}

/** Amounts are kept to 1e-10 USD: a hundredth of the cheapest token's price, and clear of float noise. */
const DECIMALS = 1e10;

/** Rounds an amount of US dollars the way stored costs are rounded (sums of them too). */
export function roundUsd(amount: number): number {
  return Math.round(amount * DECIMALS) / DECIMALS;
}

/**
 * What one call cost in US dollars: prompt tokens not served from the cache at the input price,
 * cached ones at the cached price, the answer at the output price (prices per million tokens).
 */
export function costOfCall(tokens: BilledTokens, prices: ModelPrices): number {
  const cached = Math.min(Math.max(tokens.cachedTokens, 0), tokens.promptTokens);
  const microDollars =
    (tokens.promptTokens - cached) * prices.inputPerMTok + cached * prices.cachedInputPerMTok + tokens.completionTokens * prices.outputPerMTok;
  return roundUsd(microDollars / 1_000_000);
}

function complete(prices: Partial<ModelPrices> | undefined): ModelPrices | undefined {
  if (prices?.inputPerMTok === undefined || prices.cachedInputPerMTok === undefined || prices.outputPerMTok === undefined) return undefined;
  return { inputPerMTok: prices.inputPerMTok, cachedInputPerMTok: prices.cachedInputPerMTok, outputPerMTok: prices.outputPerMTok };
}

/**
 * The price of each model a ledger row can name, by the row's model: the configured chat model
 * at its configured prices (the table's, or the GLM_PRICE_* overrides), an embedding model at the
 * embedding price (GLM_EMBEDDING_PRICE_PER_MTOK, else the table's), any other model the table
 * knows at the table's prices. A model with no price has no cost (null), never a guessed one.
 */
export class PriceBook {
  constructor(
    private readonly chat: { model: string; prices: ModelPrices | undefined },
    private readonly embeddingPerMTok: number | undefined,
  ) {}

  static fromConfig(config: Pick<AppConfig, 'glm'>): PriceBook {
    return new PriceBook({ model: config.glm.model.toLowerCase(), prices: complete(config.glm.prices) }, config.glm.embedding.pricePerMTok);
  }

  pricesOf(model: string): ModelPrices | undefined {
    const name = model.toLowerCase();
    if (name === this.chat.model) return this.chat.prices;
    const embedding = EMBEDDING_MODELS[name];
    if (embedding) {
      const input = this.embeddingPerMTok ?? embedding.inputPerMTok;
      return { inputPerMTok: input, cachedInputPerMTok: input, outputPerMTok: 0 };
    }
    return GLM_MODELS[name]?.prices;
  }

  /** US dollars, or null when the row's model has no price. */
  costOf(row: BilledTokens & { model: string }): number | null {
    const prices = this.pricesOf(row.model);
    return prices ? costOfCall(row, prices) : null;
  }
}
