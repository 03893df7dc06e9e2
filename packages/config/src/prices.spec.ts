import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './load-config.js';
import { PriceBook, costOfCall } from './prices.js';

const glm = { INSIGHTS_PROVIDER: 'glm', GLM_API_KEY: 'k' };
const GLM_45 = { inputPerMTok: 0.6, cachedInputPerMTok: 0.11, outputPerMTok: 2.2 };

describe('cost of a call', () => {
  it('bills uncached prompt tokens at the input price, cached ones at the cached price and the answer at the output price', () => {
    // 800,000 uncached x 0.60 + 200,000 cached x 0.11 + 10,000 answer x 2.20, per million: 0.48 + 0.022 + 0.022.
    expect(costOfCall({ promptTokens: 1_000_000, cachedTokens: 200_000, completionTokens: 10_000 }, GLM_45)).toBe(0.524);
    // One call of a typical map: 3,000 prompt (500 cached) and 400 answer tokens = 0.0015 + 0.000055 + 0.00088.
    expect(costOfCall({ promptTokens: 3_000, cachedTokens: 500, completionTokens: 400 }, GLM_45)).toBe(0.002435);
    expect(costOfCall({ promptTokens: 0, cachedTokens: 0, completionTokens: 0 }, GLM_45)).toBe(0);
  });

  it('never counts more cached tokens than the prompt had', () => {
    expect(costOfCall({ promptTokens: 100_000, cachedTokens: 250_000, completionTokens: 0 }, GLM_45)).toBe(0.011);
  });
});

describe('price book', () => {
  it("prices a chat row at its model's prices, an embedding-3 row at 0.07 USD per million input tokens", () => {
    const book = PriceBook.fromConfig(loadConfig({ ...glm, GLM_MODEL: 'glm-4.5' }));
    expect(book.costOf({ model: 'glm-4.5', promptTokens: 1_000_000, cachedTokens: 200_000, completionTokens: 10_000 })).toBe(0.524);
    expect(book.costOf({ model: 'embedding-3', promptTokens: 2_000_000, cachedTokens: 0, completionTokens: 0 })).toBe(0.14);
    // A row of another known chat model (the model was changed since) keeps that model's prices.
    expect(book.costOf({ model: 'glm-4.5-air', promptTokens: 1_000_000, cachedTokens: 0, completionTokens: 1_000_000 })).toBe(1.3);
    expect(book.costOf({ model: 'GLM-4.5-FLASH', promptTokens: 1_000_000, cachedTokens: 0, completionTokens: 1_000_000 })).toBe(0);
  });

  it('applies the price overrides: GLM_PRICE_* to the chat model, GLM_EMBEDDING_PRICE_PER_MTOK to embeddings', () => {
    const book = PriceBook.fromConfig(
      loadConfig({
        ...glm,
        GLM_MODEL: 'glm-4.5',
        GLM_PRICE_INPUT_PER_MTOK: '0.5',
        GLM_PRICE_CACHED_INPUT_PER_MTOK: '0.1',
        GLM_PRICE_OUTPUT_PER_MTOK: '2',
        GLM_EMBEDDING_PRICE_PER_MTOK: '0.05',
      }),
    );
    // 900,000 x 0.5 + 100,000 x 0.1 + 100,000 x 2 = 0.45 + 0.01 + 0.2.
    expect(book.costOf({ model: 'glm-4.5', promptTokens: 1_000_000, cachedTokens: 100_000, completionTokens: 100_000 })).toBe(0.66);
    expect(book.costOf({ model: 'embedding-3', promptTokens: 1_000_000, cachedTokens: 0, completionTokens: 0 })).toBe(0.05);
    // The override is the configured chat model's rate, not another model's.
    expect(book.costOf({ model: 'glm-4.6', promptTokens: 1_000_000, cachedTokens: 0, completionTokens: 0 })).toBe(0.6);
  });

  it('has no cost for a model without a price (null), rather than a wrong one', () => {
    const unknown = { ...glm, GLM_MODEL: 'glm-9', GLM_CONTEXT_TOKENS: '64000', GLM_MAX_OUTPUT_TOKENS: '8000' };
    const book = PriceBook.fromConfig(loadConfig(unknown));
    expect(book.costOf({ model: 'glm-9', promptTokens: 1_000, cachedTokens: 0, completionTokens: 1_000 })).toBeNull();
    expect(book.costOf({ model: 'someone-elses-model', promptTokens: 1_000, cachedTokens: 0, completionTokens: 0 })).toBeNull();
    const priced = PriceBook.fromConfig(
      loadConfig({ ...unknown, GLM_PRICE_INPUT_PER_MTOK: '1', GLM_PRICE_CACHED_INPUT_PER_MTOK: '0.5', GLM_PRICE_OUTPUT_PER_MTOK: '3' }),
    );
    expect(priced.costOf({ model: 'glm-9', promptTokens: 1_000_000, cachedTokens: 0, completionTokens: 1_000_000 })).toBe(4);
  });
});
