import { afterEach, describe, expect, it } from '@jest/globals';
import { askWireSchema, buildAskPrompt, GlmProvider, prepareEntry } from '@insights/engine';
import { startFakeGlm, tokenCount, type FakeGlm, type FakeGlmWait } from './index.js';

let fake: FakeGlm | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const TEXTS = [
  'The dashboard is slow to load in the morning.',
  'CSV export fails every single time.',
  'Love the charts, they are great.',
  'Exporting to CSV gives an empty file.',
  'Pricing is confusing for small teams.',
];
const entries = TEXTS.map((text, i) => prepareEntry({ id: `e${i}`, rating: i === 2 ? 5 : 2, text }, 600));

function recordingWait(): { wait: FakeGlmWait; scheduled: number[] } {
  const scheduled: number[] = [];
  return { scheduled, wait: async (ms) => (scheduled.push(ms), true) };
}

const provider = (f: FakeGlm) => new GlmProvider({ apiKey: 'test', baseUrl: f.url, model: 'glm-4.6', timeoutMs: 5000 });

describe('ask answers', () => {
  it('cites the entries on the question’s subject with verbatim quotes and count placeholders, streamed at the decode rate', async () => {
    const { wait, scheduled } = recordingWait();
    fake = await startFakeGlm({ port: 0, timing: 'decode', timeToFirstTokenMs: 400, decodeTokensPerSecond: 40, wait });
    const seen: string[] = [];
    const prompt = buildAskPrompt('How many entries complain about CSV export?', [{ name: 'Export failures', kind: 'pain_point' }], entries);
    const answer = await provider(fake).complete({ stage: 'ask', ...prompt, onText: (text) => seen.push(text) });
    const parsed = askWireSchema.parse(JSON.parse(answer.text));
    // Lines 2 and 4 are about CSV export.
    expect(parsed.citations.map((c) => c.ref)).toEqual([2, 4]);
    for (const c of parsed.citations) expect(TEXTS[Number(c.ref) - 1]).toContain(c.quote);
    expect(parsed.answer).toContain('{{count}}');
    expect(parsed.answer).toMatch(/\{\{count:csv export\}\}/);
    // Streamed: many pieces, each a longer prefix of the answer.
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.at(-1)).toBe(answer.text);
    expect(seen.every((s, i) => i === 0 || s.startsWith(seen[i - 1]!))).toBe(true);
    // The time to the first token, then each piece at 40 tokens a second: the whole answer's decode time.
    expect(scheduled[0]).toBe(400);
    const decoding = scheduled.slice(1).reduce((a, b) => a + b, 0);
    expect(decoding).toBe(Math.round((tokenCount(answer.text) / 40) * 1000));
    expect(answer.usage.completionTokens).toBe(tokenCount(answer.text));
    expect(fake.stats().byStage.ask).toBe(1);
  });

  it('states the count of the context theme named after the question’s subject, else the subject’s words', async () => {
    fake = await startFakeGlm({ port: 0 });
    const themes = [
      { name: 'Slow dashboard', kind: 'pain_point', ref: 'T1' },
      { name: 'Praise for CSV export', kind: 'praise', ref: 'T2' },
      { name: 'CSV export failures', kind: 'pain_point', ref: 'T3' },
    ];
    const asked = async (question: string, given: { name: string; kind: string; ref?: string }[] = themes) => {
      const answer = await provider(fake!).complete({ stage: 'ask', ...buildAskPrompt(question, given, entries) });
      return askWireSchema.parse(JSON.parse(answer.text)).answer;
    };
    const complaint = await asked('How many entries complain about CSV export?');
    expect(complaint).toContain('{{theme:T3}} entries are about csv export');
    expect(complaint).not.toContain('{{count:csv export}}');
    // Listed without a reference (not countable): the subject's words instead.
    const unlisted = await asked(
      'How many entries complain about CSV export?',
      themes.map(({ name, kind }) => ({ name, kind })),
    );
    expect(unlisted).toContain('{{count:csv export}}');
    expect(unlisted).not.toContain('{{theme:');
    // No theme named after pricing.
    expect(await asked('How many entries are about pricing?')).toContain('{{count:pricing}}');
  });

  it('cites the best-rated entries for a question about praise with no subject', async () => {
    fake = await startFakeGlm({ port: 0 });
    const prompt = buildAskPrompt('What do customers praise?', [], entries);
    const answer = await provider(fake).complete({ stage: 'ask', ...prompt });
    expect(askWireSchema.parse(JSON.parse(answer.text)).citations.map((c) => c.ref)).toEqual([3]);
  });

  it('cites a line the prompt did not hold when told to', async () => {
    fake = await startFakeGlm({ port: 0 });
    fake.addFaults([{ type: 'invented_id', stage: 'ask' }]);
    const prompt = buildAskPrompt('How many entries complain about CSV export?', [], entries);
    const answer = await provider(fake).complete({ stage: 'ask', ...prompt, onText: () => undefined });
    const parsed = askWireSchema.parse(JSON.parse(answer.text));
    expect(parsed.answer).toContain('[99999]');
    expect(parsed.citations.map((c) => c.ref)).toContain(99999);
  });

  it('streams a refusal as the sensitive finish reason', async () => {
    fake = await startFakeGlm({ port: 0, refuse: { marker: 'charts', mode: 'sensitive' } });
    const prompt = buildAskPrompt('What do customers praise?', [], entries);
    await expect(provider(fake).complete({ stage: 'ask', ...prompt, onText: () => undefined })).rejects.toMatchObject({
      kind: 'content_blocked',
      code: 'sensitive',
    });
  });
});
