import { afterEach, describe, expect, it } from '@jest/globals';
import OpenAI, { APIError } from 'openai';
import { ENTRIES, mapMessages, messages } from '@insights/testkit';
import { decodeModelDefaults, startFakeGlm, type FakeGlm, type FakeGlmWait } from './index.js';

let fake: FakeGlm | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const UUID = '3f2b8c1e-9a4d-4e7b-b6c5-0d1e2f3a4b5c';

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A wait that records what the server scheduled and lets it go at once. */
function recordingWait(): { wait: FakeGlmWait; scheduled: number[] } {
  const scheduled: number[] = [];
  return { scheduled, wait: async (ms) => (scheduled.push(ms), true) };
}

/** A wait that holds every call until the test releases it. */
function heldWait(): { wait: FakeGlmWait; held: (() => void)[] } {
  const held: (() => void)[] = [];
  return { held, wait: (_ms) => new Promise<boolean>((resolve) => held.push(() => resolve(true))) };
}

describe('usage in o200k tokens', () => {
  it('reports a one-UUID prompt as 35 prompt tokens', async () => {
    fake = await startFakeGlm({ port: 0 });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'user', content: UUID }] });
    expect(completion.usage!.prompt_tokens).toBe(35);
    expect(fake.stats().promptTokens).toBe(35);
  });
});

describe('decode timing', () => {
  it('keeps the fixed latency when started without decode options', async () => {
    const { wait, scheduled } = recordingWait();
    fake = await startFakeGlm({ port: 0, latencyMs: 70, wait });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    await client.chat.completions.create({ model: 'glm-4.6', messages: mapMessages() });
    expect(scheduled).toEqual([70]);
  });

  it('answers after time to first token plus completion tokens at the decode rate', async () => {
    const { wait, scheduled } = recordingWait();
    fake = await startFakeGlm({ port: 0, timing: 'decode', timeToFirstTokenMs: 500, decodeTokensPerSecond: 50, wait });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    const small = await client.chat.completions.create({ model: 'glm-4.6', messages: mapMessages(ENTRIES.slice(0, 1)) });
    const large = await client.chat.completions.create({ model: 'glm-4.6', messages: mapMessages(ENTRIES) });
    const bare = await client.chat.completions.create({ model: 'glm-4.6', messages: messages('repair', 'nothing') });

    const tokens = [small, large, bare].map((c) => c.usage!.completion_tokens);
    expect(tokens[1]).toBeGreaterThan(tokens[0]!);
    expect(scheduled).toHaveLength(3);
    // 500 ms to the first token, then 20 ms per token at 50 tokens a second.
    expect(scheduled).toEqual(tokens.map((t) => 500 + t * 20));
    expect(scheduled[1]! - scheduled[0]!).toBe((tokens[1]! - tokens[0]!) * 20);
  });

  it('switches between fixed and decode timing at run time', async () => {
    const { wait, scheduled } = recordingWait();
    fake = await startFakeGlm({ port: 0, wait });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    const call = () => client.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'user', content: UUID }] });
    await call();
    fake.setTiming({ ...decodeModelDefaults(), timeToFirstTokenMs: 300, decodeTokensPerSecond: 100 });
    const decoded = await call();
    fake.setTiming('fixed');
    await call();
    expect(scheduled).toEqual([0, 300 + decoded.usage!.completion_tokens * 10, 0]);
  });

  it('reports the longest answered call, arrival to answer', async () => {
    fake = await startFakeGlm({ port: 0, latencyMs: 60 });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    await client.chat.completions.create({ model: 'glm-4.6', messages: mapMessages() });
    expect(fake.stats().longestCallMs).toBeGreaterThanOrEqual(60);
    expect(fake.stats().longestCallMs).toBeLessThan(2000);
  });

  it('has defaults of 800 ms to the first token, 80 tokens a second and 4 calls at once', () => {
    expect(decodeModelDefaults()).toMatchObject({ timing: 'decode', timeToFirstTokenMs: 800, decodeTokensPerSecond: 80, accountConcurrency: 4 });
  });
});

describe('account concurrency', () => {
  it('answers the (N+1)th call at once with 429 code 1302 while N are in flight, and serves it once one finishes', async () => {
    const { wait, held } = heldWait();
    fake = await startFakeGlm({ port: 0, accountConcurrency: 2, wait });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    const call = () => client.chat.completions.create({ model: 'glm-4.6', messages: mapMessages() });

    const first = call();
    const second = call();
    await until(() => held.length === 2);
    const third = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(third).toBeInstanceOf(APIError);
    expect((third as APIError).status).toBe(429);
    expect((third as APIError).error).toEqual({ code: '1302', message: expect.any(String) });
    expect(fake.stats()).toMatchObject({ calls: 2, concurrencyRejected: 1, inFlight: 2 });

    held.shift()!();
    await first;
    const fourth = call();
    await until(() => held.length === 2);
    for (const release of held.splice(0)) release();
    await expect(Promise.all([second, fourth])).resolves.toHaveLength(2);
    expect(fake.stats()).toMatchObject({ calls: 3, concurrencyRejected: 1, inFlight: 0 });
  });

  it('applies no limit in fixed mode unless one is given', async () => {
    const { wait, held } = heldWait();
    fake = await startFakeGlm({ port: 0, wait });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    const calls = Array.from({ length: 6 }, () => client.chat.completions.create({ model: 'glm-4.6', messages: mapMessages() }));
    await until(() => held.length === 6);
    for (const release of held.splice(0)) release();
    await expect(Promise.all(calls)).resolves.toHaveLength(6);
    expect(fake.stats().concurrencyRejected).toBe(0);
  });
});
