import { afterEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { assignAnswerSchema, buildAssignPrompt, prepareEntry } from '@insights/engine';
import { startFakeGlm, type FakeGlm, type FakeGlmWait } from './index.js';

let fake: FakeGlm | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const themes = [
  { ref: 't1', name: 'CSV export failures', summary: 'Exports of reports time out', kind: 'pain_point' as const, count: 12 },
  { ref: 't2', name: 'Dashboard charts', summary: 'Customers like the charts', kind: 'praise' as const, count: 5 },
];
const entries = ['The CSV export timed out again', 'Lovely charts on the dashboard', 'Pricing is steep'].map((text, i) =>
  prepareEntry({ id: `00000000-0000-4000-8000-00000000000${i}`, rating: 3, text }, 2000),
);
const prompt = buildAssignPrompt(themes, entries);
const ask = (client: OpenAI) =>
  client.chat.completions.create({
    model: 'glm-4.6',
    messages: [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.user },
    ],
  });

describe('assignment calls', () => {
  it('answers each entry number with a theme ref or null, the same way every time, counted under its stage', async () => {
    fake = await startFakeGlm({ port: 0 });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
    const first = assignAnswerSchema.parse(JSON.parse((await ask(client)).choices[0]!.message.content!));
    const second = assignAnswerSchema.parse(JSON.parse((await ask(client)).choices[0]!.message.content!));
    expect(first).toEqual({
      a: [
        [1, 't1'],
        [2, 't2'],
        [3, null],
      ],
    });
    expect(second).toEqual(first);
    expect(fake.stats().byStage.assign).toBe(2);
  });

  it('times an assignment answer as a decoding model would', async () => {
    const scheduled: number[] = [];
    const wait: FakeGlmWait = async (ms) => (scheduled.push(ms), true);
    fake = await startFakeGlm({ port: 0, timing: 'decode', timeToFirstTokenMs: 500, decodeTokensPerSecond: 50, wait });
    const completion = await ask(new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 }));
    expect(scheduled).toEqual([500 + (completion.usage!.completion_tokens / 50) * 1000]);
  });
});
