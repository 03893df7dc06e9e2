import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { mapAnswerSchema, reduceOutputSchema } from '@insights/engine';
import { startFakeGlm, type FakeGlm } from './index.js';
import { ENTRIES, THEMES, feedbackBlock, mapMessages, messages, reduceMessages, themesBlock } from '@insights/testkit';

let fake: FakeGlm;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeGlm({ port: 0 });
  client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const content = (completion: OpenAI.Chat.ChatCompletion) => JSON.parse(completion.choices[0]!.message.content!);

describe('chat completions', () => {
  it('answers a map call with schema-valid themes citing only ids from the prompt', async () => {
    const completion = await client.chat.completions.create({
      model: 'glm-4.6',
      messages: mapMessages(),
      response_format: { type: 'json_object' },
      temperature: 0.2,
      max_tokens: 2000,
    });
    expect(completion).toMatchObject({ object: 'chat.completion', model: 'glm-4.6' });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    const answer = mapAnswerSchema.parse(content(completion));
    const numbers = new Set(ENTRIES.map((e) => Number(e.id)));
    expect(answer.themes.length).toBeGreaterThan(0);
    for (const n of answer.themes.flatMap((t) => t.ids)) expect(numbers.has(Number(n))).toBe(true);
  });

  it('answers a reduce call with schema-valid merged themes citing only given refs', async () => {
    const completion = await client.chat.completions.create({ model: 'glm-4.5-air', messages: reduceMessages() });
    expect(completion.model).toBe('glm-4.5-air');
    const answer = reduceOutputSchema.parse(content(completion));
    const refs = new Set(THEMES.map((t) => t.ref));
    for (const ref of answer.themes.flatMap((t) => t.refs)) expect(refs.has(ref)).toBe(true);
    expect(answer.recommendations.length).toBeGreaterThan(0);
  });

  it('answers a reduce call that also lists the project’s theme names, citing only the themes’ refs', async () => {
    const user = `Merge these partial themes.\n${themesBlock(THEMES)}\nThe project's named themes:\n<<<NAMES 0a1b>>>\n"Export problems"\n"t9"\n<<<END NAMES 0a1b>>>`;
    const answer = reduceOutputSchema.parse(content(await client.chat.completions.create({ model: 'glm-4.6', messages: messages('reduce', user) })));
    const refs = new Set(THEMES.map((t) => t.ref));
    expect(answer.themes.length).toBeGreaterThan(0);
    for (const ref of answer.themes.flatMap((t) => t.refs)) expect(refs.has(ref)).toBe(true);
  });

  it('answers a repair call from the fenced block it quotes, or with no themes', async () => {
    const repair = messages('repair', `Fix this answer: {"themes": 3}\nOriginal data:\n${feedbackBlock(ENTRIES)}`);
    const repaired = mapAnswerSchema.parse(content(await client.chat.completions.create({ model: 'glm-4.6', messages: repair })));
    expect(repaired.themes.flatMap((t) => t.ids)).toHaveLength(ENTRIES.length);
    const bare = await client.chat.completions.create({ model: 'glm-4.6', messages: messages('repair', 'nothing') });
    expect(content(bare)).toEqual({ themes: [] });
  });

  it('serves the real GLM base path and accepts GLM-only fields such as thinking', async () => {
    const glm = new OpenAI({ baseURL: `${fake.url}/api/paas/v4`, apiKey: 'test', maxRetries: 0 });
    const completion = await glm.chat.completions.create({
      model: 'glm-4.6',
      messages: mapMessages(),
      // @ts-expect-error GLM extension, not in the OpenAI types
      thinking: { type: 'disabled' },
    });
    expect(mapAnswerSchema.safeParse(content(completion)).success).toBe(true);
  });

  it('rejects a request without a bearer token with GLM code 1000', async () => {
    const response = await fetch(`${fake.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'glm-4.6', messages: mapMessages() }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: '1000', message: expect.any(String) } });
    expect(fake.stats().calls).toBe(0);
  });
});

describe('stats and reset', () => {
  it('counts calls by stage and tokens as o200k counts of the messages and the answer', async () => {
    const sent = mapMessages();
    const completion = await client.chat.completions.create({ model: 'glm-4.6', messages: sent });
    await client.chat.completions.create({ model: 'glm-4.6', messages: reduceMessages() });

    const usage = completion.usage!;
    expect(usage.prompt_tokens).toBe(countTokens(sent[0]!.content) + countTokens(sent[1]!.content));
    expect(usage.completion_tokens).toBe(countTokens(completion.choices[0]!.message.content!));
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.prompt_tokens_details).toEqual({ cached_tokens: 0 });

    const stats = fake.stats();
    expect(stats).toMatchObject({ calls: 2, byStage: { map: 1, reduce: 1, repair: 0 }, inFlight: 0, faultsServed: 0 });
    expect(stats.promptTokens).toBeGreaterThan(usage.prompt_tokens);
    expect(stats.completionTokens).toBeGreaterThan(usage.completion_tokens);
  });

  it('exposes the same stats over HTTP and clears counters, faults and latency on reset', async () => {
    await client.chat.completions.create({ model: 'glm-4.6', messages: mapMessages() });
    const overHttp = await (await fetch(`${fake.url}/__control/stats`)).json();
    expect(overHttp).toEqual(fake.stats());

    await fetch(`${fake.url}/__control/faults`, { method: 'POST', body: JSON.stringify([{ type: 'auth' }]) });
    await fetch(`${fake.url}/__control/config`, { method: 'POST', body: JSON.stringify({ latencyMs: 5000 }) });
    const reset = await fetch(`${fake.url}/__control/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(fake.stats()).toMatchObject({ calls: 0, promptTokens: 0, completionTokens: 0, byStage: { map: 0 } });

    const started = Date.now();
    await expect(client.chat.completions.create({ model: 'glm-4.6', messages: mapMessages() })).resolves.toBeDefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects invalid control bodies with 400', async () => {
    const response = await fetch(`${fake.url}/__control/faults`, {
      method: 'POST',
      body: JSON.stringify([{ type: 'earthquake' }]),
    });
    expect(response.status).toBe(400);
    expect(() => fake.addFaults([{ type: 'latency', ms: -1 }])).toThrow();
  });
});
