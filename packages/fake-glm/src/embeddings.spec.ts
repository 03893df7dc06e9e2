import { afterEach, describe, expect, it } from '@jest/globals';
import OpenAI, { APIError } from 'openai';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { STAND_IN_PREFIX } from '@insights/engine';
import { embedText, startFakeGlm, type FakeGlm, type FakeGlmWait } from './index.js';

let fake: FakeGlm | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (a: readonly number[]) => Math.sqrt(dot(a, a));
const similarity = (a: readonly number[], b: readonly number[]) => dot(a, b) / (norm(a) * norm(b));

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function recordingWait(): { wait: FakeGlmWait; scheduled: number[] } {
  const scheduled: number[] = [];
  return { scheduled, wait: async (ms) => (scheduled.push(ms), true) };
}

function heldWait(): { wait: FakeGlmWait; held: (() => void)[] } {
  const held: (() => void)[] = [];
  return { held, wait: (_ms) => new Promise<boolean>((resolve) => held.push(() => resolve(true))) };
}

const EXPORT_A = 'CSV export keeps failing on large projects';
const EXPORT_B = 'The CSV export fails every time on our large project';
const PRICING = 'Pricing for the team plan is confusing and expensive';

describe('embedText', () => {
  it('gives unit vectors of the asked length, the same for the same text', () => {
    for (const dimensions of [256, 512, 2048]) {
      const vector = embedText(EXPORT_A, dimensions);
      expect(vector).toHaveLength(dimensions);
      expect(norm(vector)).toBeCloseTo(1, 10);
      expect(embedText(EXPORT_A, dimensions)).toEqual(vector);
    }
  });

  it('puts texts sharing subject words closer than unrelated texts', () => {
    const [a, b, c] = [EXPORT_A, EXPORT_B, PRICING].map((t) => embedText(t, 512));
    expect(similarity(a!, b!)).toBeGreaterThan(0.3);
    expect(similarity(a!, b!)).toBeGreaterThan(similarity(a!, c!) + 0.3);
    expect(similarity(b!, c!)).toBeLessThan(0.2);
  });

  it('gives a text without significant words a fixed unit vector', () => {
    const empty = embedText('', 256);
    expect(norm(empty)).toBeCloseTo(1, 10);
    expect(embedText('it is what it is', 256)).toEqual(empty);
  });
});

describe('POST /embeddings', () => {
  it('answers each input in order with unit vectors, o200k prompt tokens and the stand-in fingerprint, on both base paths', async () => {
    fake = await startFakeGlm({ port: 0 });
    const inputs = [EXPORT_A, PRICING, EXPORT_B];
    for (const baseURL of [fake.url, `${fake.url}/api/paas/v4`]) {
      const client = new OpenAI({ baseURL, apiKey: 'test', maxRetries: 0 });
      const response = await client.embeddings.create({ model: 'embedding-3', input: inputs, dimensions: 256, encoding_format: 'float' });
      expect(response.object).toBe('list');
      expect(response.model).toBe('embedding-3');
      expect(response.data.map((d) => d.index)).toEqual([0, 1, 2]);
      for (const item of response.data) {
        expect(item.object).toBe('embedding');
        expect(item.embedding).toHaveLength(256);
        expect(norm(item.embedding)).toBeCloseTo(1, 6);
      }
      expect(response.data[0]!.embedding).toEqual(embedText(EXPORT_A, 256));
      expect(response.data[2]!.embedding).toEqual(embedText(EXPORT_B, 256));
      const tokens = inputs.reduce((sum, t) => sum + countTokens(t), 0);
      expect(response.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
      expect((response as unknown as { system_fingerprint: string }).system_fingerprint.startsWith(STAND_IN_PREFIX)).toBe(true);
    }
    expect(fake.stats()).toMatchObject({ calls: 0, embedCalls: 2, embedInputs: 6, embedPromptTokens: 2 * inputs.reduce((s, t) => s + countTokens(t), 0) });
  });

  it('accepts a single string and defaults to 2048 dimensions, as GLM does', async () => {
    fake = await startFakeGlm({ port: 0 });
    const res = await fetch(`${fake.url}/api/paas/v4/embeddings`, {
      method: 'POST',
      headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'embedding-3', input: PRICING }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { embedding: number[] }[] };
    expect(body.data).toHaveLength(1);
    expect(body.data[0]!.embedding).toHaveLength(2048);
  });

  it.each([
    ['no model', { input: ['a'] }],
    ['a numeric model', { model: 7, input: ['a'] }],
    ['no input', { model: 'embedding-3' }],
    ['an empty input list', { model: 'embedding-3', input: [] }],
    ['65 inputs', { model: 'embedding-3', input: Array.from({ length: 65 }, (_, i) => `text ${i}`) }],
    ['an empty string', { model: 'embedding-3', input: ['fine', ''] }],
    ['a non-string input', { model: 'embedding-3', input: ['fine', 3] }],
    ['300 dimensions', { model: 'embedding-3', input: ['a'], dimensions: 300 }],
    ['base64 encoding', { model: 'embedding-3', input: ['a'], encoding_format: 'base64' }],
  ])('refuses a body with %s with 400 and GLM error envelope, counting no call', async (_label, body) => {
    fake = await startFakeGlm({ port: 0 });
    const res = await fetch(`${fake.url}/api/paas/v4/embeddings`, {
      method: 'POST',
      headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: '1214', message: expect.any(String) } });
    expect(fake.stats()).toMatchObject({ embedCalls: 0, embedInputs: 0 });
  });

  it('refuses a request without a bearer token with code 1000', async () => {
    fake = await startFakeGlm({ port: 0 });
    const res = await fetch(`${fake.url}/embeddings`, { method: 'POST', body: JSON.stringify({ model: 'embedding-3', input: 'a' }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: '1000', message: expect.any(String) } });
  });

  it("serves faults queued for the 'embed' stage, and leaves other faults to chat calls", async () => {
    fake = await startFakeGlm({ port: 0 });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    fake.addFaults([{ type: 'server_error' }, { type: 'rate_limit', retryAfterSeconds: 2, stage: 'embed' }]);
    const failed = await client.embeddings.create({ model: 'embedding-3', input: ['a b c'], encoding_format: 'float' }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(APIError);
    expect((failed as APIError).status).toBe(429);
    expect((failed as APIError).error).toEqual({ code: '1302', message: expect.any(String) });
    await expect(client.embeddings.create({ model: 'embedding-3', input: ['a b c'], encoding_format: 'float' })).resolves.toMatchObject({ object: 'list' });
    expect(fake.stats()).toMatchObject({ embedCalls: 2, faultsServed: 1 });
    const chat = await client.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect((chat as APIError).status).toBe(500);
  });

  it("cuts the answer in half for a malformed_json fault on the 'embed' stage", async () => {
    fake = await startFakeGlm({ port: 0 });
    fake.addFaults([{ type: 'malformed_json', stage: 'embed' }]);
    const res = await fetch(`${fake.url}/embeddings`, {
      method: 'POST',
      headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'embedding-3', input: [EXPORT_A], dimensions: 256 }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{"object":"list"')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    expect(fake.stats()).toMatchObject({ embedCalls: 1, faultsServed: 1 });
  });
});

describe('embedding timing', () => {
  it('answers after the fixed latency in fixed timing', async () => {
    const { wait, scheduled } = recordingWait();
    fake = await startFakeGlm({ port: 0, latencyMs: 40, wait });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    await client.embeddings.create({ model: 'embedding-3', input: [EXPORT_A, EXPORT_B], encoding_format: 'float' });
    expect(scheduled).toEqual([40]);
  });

  it('answers after a base latency plus prompt tokens at the embedding throughput in decode timing', async () => {
    const { wait, scheduled } = recordingWait();
    fake = await startFakeGlm({ port: 0, timing: 'decode', embedLatencyMs: 100, embedTokensPerSecond: 1000, wait });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    const small = [EXPORT_A];
    const large = Array.from({ length: 40 }, (_, i) => `${PRICING} number ${i}`);
    await client.embeddings.create({ model: 'embedding-3', input: small, encoding_format: 'float' });
    await client.embeddings.create({ model: 'embedding-3', input: large, encoding_format: 'float' });
    const tokens = [small, large].map((texts) => texts.reduce((sum, t) => sum + countTokens(t), 0));
    // 100 ms, then 1 ms per token at 1,000 tokens a second.
    expect(scheduled).toEqual(tokens.map((t) => 100 + t));
  });

  it('has defaults of 150 ms, 50,000 tokens a second and 8 requests at once', async () => {
    const { wait, scheduled } = recordingWait();
    fake = await startFakeGlm({ port: 0, timing: 'decode', wait });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    const input = Array.from({ length: 50 }, (_, i) => `${EXPORT_A} ${i}`);
    await client.embeddings.create({ model: 'embedding-3', input, encoding_format: 'float' });
    const tokens = input.reduce((sum, t) => sum + countTokens(t), 0);
    expect(scheduled).toEqual([150 + Math.round((tokens / 50_000) * 1000)]);
  });

  it('answers the (N+1)th embedding request with 429 1302 while N are in flight, apart from the chat limit', async () => {
    const { wait, held } = heldWait();
    fake = await startFakeGlm({ port: 0, timing: 'decode', accountConcurrency: 1, embedConcurrency: 2, wait });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    const embed = () => client.embeddings.create({ model: 'embedding-3', input: [EXPORT_A], encoding_format: 'float' });
    const chat = client.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'user', content: 'hi' }] });
    const first = embed();
    const second = embed();
    await until(() => held.length === 3);
    const third = await embed().catch((e: unknown) => e);
    expect(third).toBeInstanceOf(APIError);
    expect((third as APIError).status).toBe(429);
    expect((third as APIError).error).toEqual({ code: '1302', message: expect.any(String) });
    expect(fake.stats()).toMatchObject({ embedCalls: 2, embedConcurrencyRejected: 1, embedInFlight: 2, concurrencyRejected: 0, calls: 1 });
    for (const release of held.splice(0)) release();
    await expect(Promise.all([first, second, chat])).resolves.toHaveLength(3);
    expect(fake.stats()).toMatchObject({ embedInFlight: 0, inFlight: 0 });
  });
});
