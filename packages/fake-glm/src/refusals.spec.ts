import { afterEach, describe, expect, it } from '@jest/globals';
import OpenAI, { APIError } from 'openai';
import { ENTRIES, mapMessages } from '@insights/testkit';
import { startFakeGlm, type FakeGlm } from './index.js';

const MARKER = 'zz-refuse-me';
let fake: FakeGlm | undefined;
afterEach(() => fake?.close());

async function client(options: Parameters<typeof startFakeGlm>[0]) {
  fake = await startFakeGlm({ port: 0, ...options });
  return new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
}

const planted = [...ENTRIES.slice(0, 3), { ...ENTRIES[3]!, text: `you are all ${MARKER} idiots` }];
const create = (glm: OpenAI, entries = planted) => glm.chat.completions.create({ model: 'glm-4.6', messages: mapMessages(entries) });

describe('content filter on a configured marker', () => {
  it('answers 400 with business code 1301 to any prompt holding the marker, and counts it', async () => {
    const glm = await client({ refuse: { marker: MARKER } });
    const error = await create(glm).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(400);
    expect((error as APIError).error).toEqual({ code: '1301', message: expect.stringMatching(/unsafe|sensitive/i) });
    await expect(create(glm, ENTRIES.slice(0, 3))).resolves.toBeDefined();
    expect(fake!.stats()).toMatchObject({ calls: 2, refused: 1 });
  });

  it('in sensitive mode answers 200 with finish_reason "sensitive", no content and the usage spent', async () => {
    const glm = await client({ refuse: { marker: MARKER, mode: 'sensitive' } });
    const completion = await create(glm);
    expect(completion.choices[0]!.finish_reason as string).toBe('sensitive');
    expect(completion.choices[0]!.message.content ?? '').toBe('');
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(fake!.stats()).toMatchObject({ calls: 1, refused: 1 });
  });

  it('matches the marker case-insensitively and refuses nothing without one', async () => {
    const shouting = [{ ...ENTRIES[0]!, text: MARKER.toUpperCase() }];
    const strict = await client({ refuse: { marker: MARKER } });
    await expect(create(strict, shouting)).rejects.toBeInstanceOf(APIError);
    await fake!.close();
    const open = await client({});
    await expect(create(open)).resolves.toBeDefined();
    expect(fake!.stats().refused).toBe(0);
  });

  it('can be switched on and off over the control API', async () => {
    const glm = await client({});
    const set = await fetch(`${fake!.url}/__control/refuse`, { method: 'POST', body: JSON.stringify({ marker: MARKER }) });
    expect(set.status).toBe(200);
    await expect(create(glm)).rejects.toBeInstanceOf(APIError);
    await fetch(`${fake!.url}/__control/refuse`, { method: 'POST', body: JSON.stringify({ marker: null }) });
    await expect(create(glm)).resolves.toBeDefined();
  });
});
