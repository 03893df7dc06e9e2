import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { mapAnswerSchema, reduceOutputSchema } from '@insights/engine';
import { startFakeGlm, type FakeGlm, type FaultInput } from './index.js';
import { ENTRIES, THEMES, mapMessages, reduceMessages } from '@insights/testkit';

let fake: FakeGlm;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeGlm({ port: 0 });
  client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const callMap = (options?: OpenAI.RequestOptions) => client.chat.completions.create({ model: 'glm-4.6', messages: mapMessages() }, options);
const callReduce = () => client.chat.completions.create({ model: 'glm-4.6', messages: reduceMessages() });

async function apiError(promise: Promise<unknown>): Promise<APIError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('error faults', () => {
  it.each<[FaultInput, number, string]>([
    [{ type: 'rate_limit', retryAfterSeconds: 7 }, 429, '1302'],
    [{ type: 'rate_limit', retryAfterSeconds: 1, code: '1305' }, 429, '1305'],
    [{ type: 'server_error' }, 500, '500'],
    [{ type: 'server_error', status: 503, code: '1234' }, 503, '1234'],
    [{ type: 'content_filter' }, 400, '1301'],
    [{ type: 'balance' }, 429, '1113'],
    [{ type: 'auth' }, 401, '1000'],
  ])('%j answers %i with code %s, once', async (fault, status, code) => {
    fake.addFaults([fault]);
    const error = await apiError(callMap());
    expect(error.status).toBe(status);
    expect(error.error).toEqual({ code, message: expect.any(String) });
    if (fault.type === 'rate_limit') expect(error.headers!.get('retry-after')).toBe(String(fault.retryAfterSeconds));
    else expect(error.headers!.get('retry-after')).toBeNull();
    await expect(callMap()).resolves.toBeDefined();
    expect(fake.stats()).toMatchObject({ calls: 2, faultsServed: 1 });
  });

  it('applies a fault `times` times and only to its stage, in queue order', async () => {
    fake.addFaults([{ type: 'server_error', stage: 'reduce', times: 2 }, { type: 'auth' }]);
    expect((await apiError(callMap())).status).toBe(401);
    await expect(callMap()).resolves.toBeDefined();
    expect((await apiError(callReduce())).status).toBe(500);
    expect((await apiError(callReduce())).status).toBe(500);
    await expect(callReduce()).resolves.toBeDefined();
    expect(fake.stats().faultsServed).toBe(3);
  });

  it('accepts faults over the control API', async () => {
    const response = await fetch(`${fake.url}/__control/faults`, {
      method: 'POST',
      body: JSON.stringify([{ type: 'rate_limit', retryAfterSeconds: 3, stage: 'map' }]),
    });
    expect(await response.json()).toEqual({ pending: 1 });
    const error = await apiError(callMap());
    expect(error.headers!.get('retry-after')).toBe('3');
  });
});

describe('content faults', () => {
  it('malformed_json answers 200 with content that does not parse', async () => {
    fake.addFaults([{ type: 'malformed_json' }]);
    const completion = await callMap();
    const text = completion.choices[0]!.message.content!;
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('invented_id answers a valid map answer citing one id not in the prompt', async () => {
    fake.addFaults([{ type: 'invented_id', stage: 'map' }]);
    const answer = mapAnswerSchema.parse(JSON.parse((await callMap()).choices[0]!.message.content!));
    const known = new Set(ENTRIES.map((e) => Number(e.id)));
    expect(answer.themes.flatMap((t) => t.ids).filter((n) => !known.has(Number(n)))).toHaveLength(1);
  });

  it('invented_id answers a valid reduce answer citing one ref not in the prompt', async () => {
    fake.addFaults([{ type: 'invented_id' }]);
    const answer = reduceOutputSchema.parse(JSON.parse((await callReduce()).choices[0]!.message.content!));
    const known = new Set(THEMES.map((t) => t.ref));
    expect(answer.themes.flatMap((t) => t.refs).filter((ref) => !known.has(ref))).toHaveLength(1);
  });
});

describe('relabel', () => {
  it('words every theme of a reduce answer differently, citing the same refs, and keeps recommendations pointing at them', async () => {
    const plain = reduceOutputSchema.parse(JSON.parse((await callReduce()).choices[0]!.message.content!));
    fake.addFaults([{ type: 'relabel', stage: 'reduce' }]);
    const relabelled = reduceOutputSchema.parse(JSON.parse((await callReduce()).choices[0]!.message.content!));
    expect(relabelled.themes.map((t) => t.refs)).toEqual(plain.themes.map((t) => t.refs));
    const before = new Set(plain.themes.map((t) => t.name.toLowerCase()));
    expect(relabelled.themes.every((t) => !before.has(t.name.toLowerCase()))).toBe(true);
    const names = new Set(relabelled.themes.map((t) => t.name));
    expect(relabelled.recommendations.flatMap((r) => r.themes).every((n) => names.has(n))).toBe(true);
  });

  it('words every theme of a map answer differently, citing the same entries', async () => {
    const plain = mapAnswerSchema.parse(JSON.parse((await callMap()).choices[0]!.message.content!));
    fake.addFaults([{ type: 'relabel', stage: 'map' }]);
    const relabelled = mapAnswerSchema.parse(JSON.parse((await callMap()).choices[0]!.message.content!));
    expect(relabelled.themes.map((t) => t.ids)).toEqual(plain.themes.map((t) => t.ids));
    expect(relabelled.themes.map((t) => t.name)).not.toEqual(plain.themes.map((t) => t.name));
  });
});

describe('latency, abort and timeout', () => {
  it('delays the answer by a latency fault plus the configured latency', async () => {
    fake.setLatency(100);
    fake.addFaults([{ type: 'latency', ms: 200 }]);
    const started = Date.now();
    await callMap();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('stops work when the client aborts during latency and counts the abort', async () => {
    fake.addFaults([{ type: 'latency', ms: 10_000 }]);
    const controller = new AbortController();
    const pending = callMap({ signal: controller.signal });
    await until(() => fake.stats().inFlight === 1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    await until(() => fake.stats().inFlight === 0);
    expect(fake.stats()).toMatchObject({ calls: 1, aborted: 1, completionTokens: 0 });
  });

  it('timeout holds the socket until the client gives up', async () => {
    fake.addFaults([{ type: 'timeout' }]);
    const started = Date.now();
    // Under Jest's VM realm the SDK cannot recognise undici's DOMException, so it reports the base
    // APIConnectionError; plain Node gets the APIConnectionTimeoutError subclass. Both are this class.
    const error = await callMap({ timeout: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    await until(() => fake.stats().inFlight === 0);
    expect(fake.stats()).toMatchObject({ aborted: 1, faultsServed: 1 });
    await expect(callMap()).resolves.toBeDefined();
  });
});
