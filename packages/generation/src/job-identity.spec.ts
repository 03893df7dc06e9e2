import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@insights/config';
import { JobIdentity } from './job-identity.js';

const base = { INSIGHTS_PROVIDER: 'glm', GLM_API_KEY: 'k', GLM_MODEL: 'glm-4.6' };
const identity = (env: Record<string, string>) => new JobIdentity(loadConfig({ ...base, ...env }, { verifiesTokens: false }));
const keysOf = (id: JobIdentity) => id.keys({ projectId: '00000000-0000-4000-8000-000000000001' }, {}, 3);

describe('job identity', () => {
  it('differs between the bundled fake server and the real endpoint for the same model', () => {
    const fake = identity({ GLM_BASE_URL: 'http://127.0.0.1:4010/api/paas/v4' });
    const real = identity({});
    expect(fake.version).not.toBe(real.version);
    expect(keysOf(fake).cacheKey).not.toBe(keysOf(real).cacheKey);
    expect(keysOf(fake).scopeKey).not.toBe(keysOf(real).scopeKey);
  });

  it('differs by model and from the offline analyser, and ignores a trailing slash', () => {
    expect(identity({ GLM_MODEL: 'glm-4.5' }).version).not.toBe(identity({}).version);
    expect(identity({ INSIGHTS_PROVIDER: 'offline', GLM_API_KEY: '' }).version).not.toBe(identity({}).version);
    expect(identity({ GLM_BASE_URL: 'https://api.z.ai/api/paas/v4/' }).version).toBe(identity({}).version);
  });

  it('differs with redaction on and off, and by the phone countries it recognises', () => {
    const on = identity({});
    const off = identity({ REDACT_PERSONAL_DATA: 'false' });
    expect(off.version).not.toBe(on.version);
    expect(keysOf(off).cacheKey).not.toBe(keysOf(on).cacheKey);
    expect(identity({ REDACTION_PHONE_COUNTRIES: 'US,DE' }).version).not.toBe(on.version);
    expect(identity({ REDACTION_PHONE_COUNTRIES: 'DE,US' }).version).toBe(identity({ REDACTION_PHONE_COUNTRIES: 'US,DE' }).version);
  });

  describe('questions', () => {
    const project = '00000000-0000-4000-8000-000000000001';
    const id = identity({});

    it('names one question however it is typed, with its filters in any order', () => {
      const key = id.askKey(project, 'How many entries complain about CSV export?', { sentiment: 'negative', minRating: 1 }, 3);
      expect(id.askKey(project, '  how many entries   COMPLAIN about csv export ?! ', { minRating: 1, sentiment: 'negative' }, 3)).toBe(key);
      expect(key).toMatch(/^[0-9a-f]{64}$/);
    });

    it('differs by words, project, filters, feedback generation and answerer, and from every insights key', () => {
      const key = id.askKey(project, 'What breaks exports?', {}, 3);
      expect(id.askKey(project, 'What breaks imports?', {}, 3)).not.toBe(key);
      expect(id.askKey('00000000-0000-4000-8000-000000000002', 'What breaks exports?', {}, 3)).not.toBe(key);
      expect(id.askKey(project, 'What breaks exports?', { category: 'bug' }, 3)).not.toBe(key);
      expect(id.askKey(project, 'What breaks exports?', {}, 4)).not.toBe(key);
      expect(identity({ GLM_MODEL: 'glm-4.5' }).askKey(project, 'What breaks exports?', {}, 3)).not.toBe(key);
      const insights = id.keys({ projectId: project }, {}, 3);
      expect([insights.cacheKey, insights.scopeKey]).not.toContain(key);
    });
  });
});
