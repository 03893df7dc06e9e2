import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { STAND_IN_PREFIX } from '../llm/protocol.js';
import { cosine, GlmEmbeddingProvider, glmEmbeddingIdentity } from './glm-embedding.provider.js';
import { LlmError } from './llm-error.js';

let fake: FakeGlm;
let baseUrl: string;

beforeAll(async () => {
  fake = await startFakeGlm({ port: 0 });
  baseUrl = `${fake.url}/api/paas/v4`;
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const provider = (dimensions?: number) => new GlmEmbeddingProvider({ apiKey: 'test-key', baseUrl, timeoutMs: 5000, ...(dimensions ? { dimensions } : {}) });
const length = (v: readonly number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

const TEXTS = [
  'CSV export keeps failing on large projects',
  'Pricing for the team plan is confusing and expensive',
  'The CSV export fails every time on our large project',
  'Dark mode would be lovely for late evenings',
];

describe('GlmEmbeddingProvider', () => {
  it('names embedding-3 at 512 dimensions and 64 texts a request by default, its identity holding model, dimensions and endpoint', () => {
    const p = new GlmEmbeddingProvider({ apiKey: 'k', baseUrl: 'https://example.test/api/paas/v4/' });
    expect(p).toMatchObject({ name: 'glm', model: 'embedding-3', dimensions: 512, maxBatch: 64 });
    expect(p.identity).toBe('glm-embed:embedding-3/512@https://example.test/api/paas/v4');
    expect(glmEmbeddingIdentity('embedding-3', 1024, 'https://example.test/x')).toBe('glm-embed:embedding-3/1024@https://example.test/x');
    expect(new GlmEmbeddingProvider({ apiKey: 'k', dimensions: 256 }).identity).not.toBe(new GlmEmbeddingProvider({ apiKey: 'k' }).identity);
  });

  it('refuses dimensions the model does not offer', () => {
    expect(() => new GlmEmbeddingProvider({ apiKey: 'k', dimensions: 300 })).toThrow(/dimensions/);
  });

  it('returns one unit vector per text, in order, with the o200k tokens of the inputs and the stand-in mark', async () => {
    const answer = await provider().embed({ texts: TEXTS });
    expect(answer.vectors).toHaveLength(TEXTS.length);
    for (const vector of answer.vectors) {
      expect(vector).toHaveLength(512);
      expect(length(vector)).toBeCloseTo(1, 6);
    }
    // The same subject twice (texts 0 and 2) lands closer than either to pricing.
    const [exportA, pricing, exportB] = answer.vectors;
    expect(cosine(exportA!, exportB!)).toBeGreaterThan(cosine(exportA!, pricing!) + 0.2);
    expect(answer.promptTokens).toBe(TEXTS.reduce((sum, t) => sum + countTokens(t), 0));
    expect(answer.servedBy?.startsWith(STAND_IN_PREFIX)).toBe(true);
    expect(fake.stats()).toMatchObject({ embedCalls: 1, embedInputs: TEXTS.length });
  });

  it('embeds the same text to the same vector whatever its neighbours and position', async () => {
    const one = await provider(256).embed({ texts: [TEXTS[1]!] });
    const many = await provider(256).embed({ texts: [TEXTS[0]!, TEXTS[3]!, TEXTS[1]!] });
    expect(many.vectors[2]).toEqual(one.vectors[0]);
    expect(one.vectors[0]).toHaveLength(256);
  });

  it('asks nothing for no texts', async () => {
    await expect(provider().embed({ texts: [] })).resolves.toEqual({ vectors: [], promptTokens: 0 });
    expect(fake.stats().embedCalls).toBe(0);
  });

  it('maps a refused batch of 65 texts to a non-retryable LlmError', async () => {
    const texts = Array.from({ length: 65 }, (_, i) => `feedback number ${i}`);
    const error = await provider()
      .embed({ texts })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'invalid_request', transient: false, status: 400, code: '1214' });
    expect(fake.stats().embedCalls).toBe(0);
  });

  it('maps a 429 code 1302 to a retryable rate limit keeping Retry-After', async () => {
    fake.addFaults([{ type: 'rate_limit', retryAfterSeconds: 3, stage: 'embed' }]);
    const error = await provider()
      .embed({ texts: TEXTS })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'rate_limit', transient: true, status: 429, code: '1302', retryAfterMs: 3000 });
    expect(fake.stats()).toMatchObject({ embedCalls: 1, faultsServed: 1 });
  });

  it('maps an empty balance to a non-retryable quota error', async () => {
    fake.addFaults([{ type: 'balance', stage: 'embed' }]);
    await expect(provider().embed({ texts: TEXTS })).rejects.toMatchObject({ kind: 'quota', transient: false, code: '1113' });
  });

  it('reports a cancelled request as cancelled', async () => {
    fake.setLatency(5_000);
    const controller = new AbortController();
    const pending = provider().embed({ texts: TEXTS, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled', transient: false });
  });
});

describe('cosine', () => {
  it('is the cosine of the angle between two vectors, 0 against a zero vector', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([3, 4], [6, 8])).toBeCloseTo(1, 12);
    expect(cosine([1, 1], [-1, -1])).toBeCloseTo(-1, 12);
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });
});

describe('GlmEmbeddingProvider reading an answer', () => {
  let server: Server;
  let url: string;
  let answer: unknown;
  const seen: Record<string, unknown>[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        seen.push(JSON.parse(raw) as Record<string, unknown>);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/paas/v4`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const at256 = () => new GlmEmbeddingProvider({ apiKey: 'k', baseUrl: url, dimensions: 256, timeoutMs: 5000 });
  const vector = (head: number[]) => [...head, ...new Array<number>(256 - head.length).fill(0)];
  const reply = (data: { index: number; embedding: number[] }[], promptTokens = 9) => ({
    object: 'list',
    model: 'embedding-3',
    data: data.map((d) => ({ object: 'embedding', ...d })),
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });

  it('asks for floats at its size, puts vectors in the order of the texts and scales them to unit length', async () => {
    answer = reply([
      { index: 1, embedding: vector([0, 0, 2]) },
      { index: 0, embedding: vector([3, 4]) },
    ]);
    const result = await at256().embed({ texts: ['first', 'second'] });
    expect(seen.at(-1)).toEqual({ model: 'embedding-3', input: ['first', 'second'], dimensions: 256, encoding_format: 'float' });
    expect(result.vectors[0]!.slice(0, 3)).toEqual([0.6, 0.8, 0]);
    expect(result.vectors[1]!.slice(0, 3)).toEqual([0, 0, 1]);
    expect(result.promptTokens).toBe(9);
    expect(result.servedBy).toBeUndefined();
  });

  it.each([
    ['a missing vector', [{ index: 0, embedding: vector([1]) }]],
    [
      'a vector of another size',
      [
        { index: 0, embedding: [1, 0] },
        { index: 1, embedding: vector([1]) },
      ],
    ],
    [
      'an all-zero vector',
      [
        { index: 0, embedding: vector([]) },
        { index: 1, embedding: vector([1]) },
      ],
    ],
    [
      'an index past the texts',
      [
        { index: 0, embedding: vector([1]) },
        { index: 2, embedding: vector([1]) },
      ],
    ],
  ])('refuses an answer with %s as invalid output, keeping the billed tokens', async (_label, data) => {
    answer = reply(data, 12);
    await expect(at256().embed({ texts: ['first', 'second'] })).rejects.toMatchObject({ kind: 'invalid_output', usage: { promptTokens: 12 } });
  });
});
