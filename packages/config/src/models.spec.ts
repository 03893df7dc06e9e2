import { describe, expect, it } from '@jest/globals';
import { ConfigError, generateKeyPair, GLM_MODELS, loadConfig } from './index.js';

const key = generateKeyPair().publicKey;
const glm = { CLERK_JWT_KEY: key, GLM_API_KEY: 'k' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the model table', () => {
  it('gives the default model the limits the service has always used', () => {
    const config = loadConfig({ CLERK_JWT_KEY: key });
    expect(config.glm).toMatchObject({ model: 'glm-4.5-flash', contextTokens: 128_000, maxOutputTokens: 16_384, concurrency: 4 });
    expect(config.glm.prices).toEqual({ inputPerMTok: 0, cachedInputPerMTok: 0, outputPerMTok: 0 });
  });

  it("takes a known model's window and prices from the table, whatever the case of its name", () => {
    const config = loadConfig({ ...glm, GLM_MODEL: 'GLM-4.6' });
    expect(config.glm).toMatchObject({ contextTokens: 200_000, maxOutputTokens: 16_384, concurrency: 4 });
    expect(config.glm.prices).toEqual({ inputPerMTok: 0.6, cachedInputPerMTok: 0.11, outputPerMTok: 2.2 });
    expect(loadConfig({ ...glm, GLM_MODEL: 'glm-4.5-air' }).glm.prices.outputPerMTok).toBe(1.1);
  });

  it('lets each fact and price be overridden', () => {
    const config = loadConfig({
      ...glm,
      GLM_MODEL: 'glm-4.6',
      GLM_CONTEXT_TOKENS: '150000',
      GLM_MAX_OUTPUT_TOKENS: '32000',
      GLM_CONCURRENCY: '9',
      GLM_PRICE_INPUT_PER_MTOK: '0.5',
      GLM_PRICE_CACHED_INPUT_PER_MTOK: '0',
      GLM_PRICE_OUTPUT_PER_MTOK: '1.75',
    });
    expect(config.glm).toMatchObject({ contextTokens: 150_000, maxOutputTokens: 32_000, concurrency: 9 });
    expect(config.glm.prices).toEqual({ inputPerMTok: 0.5, cachedInputPerMTok: 0, outputPerMTok: 1.75 });
  });

  it("refuses overrides beyond a known model's limits, and prices that are not numbers", () => {
    expect(problems({ ...glm, GLM_CONTEXT_TOKENS: '200000' })).toEqual(['GLM_CONTEXT_TOKENS: must be at most 128000, the context window of glm-4.5-flash']);
    expect(problems({ ...glm, GLM_MODEL: 'glm-4.6', GLM_CONTEXT_TOKENS: '200000' })).toEqual([]);
    expect(problems({ ...glm, GLM_MODEL: 'glm-4.5', GLM_MAX_OUTPUT_TOKENS: '100000' })).toEqual([
      'GLM_MAX_OUTPUT_TOKENS: must be at most 96000, the output limit of glm-4.5',
    ]);
    expect(problems({ ...glm, GLM_PRICE_OUTPUT_PER_MTOK: 'cheap' })).toEqual(['GLM_PRICE_OUTPUT_PER_MTOK: must be a number (US dollars per million tokens)']);
    expect(problems({ ...glm, GLM_PRICE_INPUT_PER_MTOK: '-1' })).toEqual(['GLM_PRICE_INPUT_PER_MTOK: must be at least 0']);
  });

  it('refuses a model it does not know with the GLM provider, naming what to set', () => {
    const found = problems({ ...glm, GLM_MODEL: 'glm-9' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^GLM_MODEL: "glm-9" is not in the model table \(glm-4\.6, .*glm-4\.5-flash\); set GLM_CONTEXT_TOKENS and GLM_MAX_OUTPUT_TOKENS/);
    expect(problems({ ...glm, GLM_MODEL: 'glm-9', GLM_CONTEXT_TOKENS: '64000' })).toHaveLength(1);
  });

  it('runs a model it does not know once its limits are given: one call at a time, no price unless given', () => {
    const config = loadConfig({ ...glm, GLM_MODEL: 'glm-9', GLM_CONTEXT_TOKENS: '64000', GLM_MAX_OUTPUT_TOKENS: '8000' });
    expect(config.glm).toMatchObject({ model: 'glm-9', contextTokens: 64_000, maxOutputTokens: 8_000, concurrency: 1 });
    expect(config.glm.prices).toEqual({ inputPerMTok: undefined, cachedInputPerMTok: undefined, outputPerMTok: undefined });
    const priced = loadConfig({ ...glm, GLM_MODEL: 'glm-9', GLM_CONTEXT_TOKENS: '64000', GLM_MAX_OUTPUT_TOKENS: '8000', GLM_PRICE_OUTPUT_PER_MTOK: '3' });
    expect(priced.glm.prices.outputPerMTok).toBe(3);
  });

  it('lets the offline analyser start whatever the model is named, since it never calls one', () => {
    expect(problems({ CLERK_JWT_KEY: key, GLM_MODEL: 'glm-9' })).toEqual([]);
  });

  it('lists sensible facts for every model', () => {
    for (const facts of Object.values(GLM_MODELS)) {
      expect(facts.maxOutputTokens).toBeLessThan(facts.contextTokens);
      expect(facts.maxOutputTokens).toBeGreaterThanOrEqual(16_384);
      expect(facts.prices.cachedInputPerMTok).toBeLessThanOrEqual(facts.prices.inputPerMTok);
    }
  });
});
