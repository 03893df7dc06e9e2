import { describe, expect, it } from '@jest/globals';
import { arraySource, InMemoryCallLedger, InMemoryChunkMemo } from '../in-memory.js';
import type { MapOutput } from '../llm/protocol.js';
import type { FeedbackItem } from '../ports.js';
import { LlmError } from '../providers/llm-error.js';
import { statsFor, topicFeedback } from '@insights/testkit';
import { feedbackIn, mapAnswer, ScriptedProvider, stageOf, type Responder } from '@insights/testkit';
import { generateInsights } from './generate-insights.js';

const items = topicFeedback(40);
// No call here holds this many entries: the alias stands for none of them.
const INVENTED = 9_999;

function run(respond: Responder, extra: { memo?: InMemoryChunkMemo; ledger?: InMemoryCallLedger; items?: FeedbackItem[] } = {}) {
  const provider = new ScriptedProvider(respond);
  const list = extra.items ?? items;
  const promise = generateInsights({
    source: arraySource(list),
    provider,
    memo: extra.memo,
    ledger: extra.ledger,
    statistics: statsFor(list),
    options: { tokenBudgetPerChunk: 100_000, concurrency: 1 },
  });
  return { provider, promise };
}

describe('map answers', () => {
  it('drops aliases outside the call, counts them, and drops themes left without evidence', async () => {
    const memo = new InMemoryChunkMemo();
    const { promise } = run(
      (req) => {
        if (stageOf(req) !== 'map') return undefined;
        const answer = mapAnswer(feedbackIn(req));
        answer.themes[0]!.ids.push(INVENTED, 'not-a-number', 0);
        answer.themes.push({ name: 'ghost', summary: '', kind: 'other', sentiment: 'neutral', ids: [feedbackIn(req).length + 1] });
        return JSON.stringify(answer);
      },
      { memo },
    );
    const result = await promise;
    const realIds = new Set(items.map((i) => i.id));
    expect(result.coverage.droppedInvalidIds).toBe(4);
    expect(result.themes.map((t) => t.name)).not.toContain('ghost');
    expect(result.themes.flatMap((t) => t.feedbackIds).every((id) => realIds.has(id))).toBe(true);
    expect(result.themes.reduce((s, t) => s + t.count, 0)).toBe(40);
    const stored = [...memo.entries.values()][0]!.value as MapOutput;
    expect(stored.themes.flatMap((t) => t.feedbackIds).every((id) => realIds.has(id))).toBe(true);
  });

  it('maps each alias back to the entry on that line of the call and quotes only what cited entries say', async () => {
    const { provider, promise } = run((req) => {
      if (stageOf(req) !== 'map') return undefined;
      // The third and fifth lines of the call, as the model was shown them.
      return JSON.stringify({ themes: [{ name: 'picked', summary: 'two entries', kind: 'other', sentiment: 'neutral', ids: [3, '5'] }] });
    });
    const result = await promise;
    const lines = feedbackIn(provider.calls[0]!);
    const byText = new Map(items.map((i) => [i.text, i.id]));
    const picked = result.themes.find((t) => t.name === 'picked')!;
    expect(new Set(picked.feedbackIds)).toEqual(new Set([byText.get(lines[2]!.text), byText.get(lines[4]!.text)]));
    expect(picked.quotes.length).toBeGreaterThan(0);
    for (const quote of picked.quotes) expect([lines[2]!.text, lines[4]!.text].some((text) => text.includes(quote))).toBe(true);
  });

  it('repairs a malformed answer once and carries on', async () => {
    const { provider, promise } = run((req, call) => (call === 1 ? 'Sure! Here are the themes: {"themes": [' : undefined));
    const result = await promise;
    expect(provider.stages()).toEqual(['map', 'repair', 'reduce']);
    expect(provider.calls[1]!.user).toContain(provider.calls[0]!.user);
    expect(provider.calls[1]!.user).toMatch(/Problems: the answer is not valid JSON/);
    expect(result.themes).toHaveLength(4);
  });

  it('repairs an answer that parses but breaks the schema', async () => {
    const { provider, promise } = run((req, call) => (call === 1 ? JSON.stringify({ themes: [{ name: 'x', kind: 'bug', ids: [] }] }) : undefined));
    await promise;
    expect(provider.stages()).toEqual(['map', 'repair', 'reduce']);
    expect(provider.calls[1]!.user).toMatch(/themes\.0\.kind/);
  });

  it('fails with invalid_output after one unsuccessful repair, without a third call', async () => {
    const ledger = new InMemoryCallLedger();
    const { provider, promise } = run(() => 'still not json', { ledger });
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'invalid_output', transient: true });
    expect((error as Error).message).toMatch(/map answer was still invalid after one repair/);
    expect(provider.stages()).toEqual(['map', 'repair']);
    expect(ledger.entries.map((e) => e.stage)).toEqual(['map', 'repair']);
  });

  it('accepts JSON wrapped in a Markdown code fence without a repair', async () => {
    const { provider, promise } = run((req) => (stageOf(req) === 'map' ? `\`\`\`json\n${JSON.stringify(mapAnswer(feedbackIn(req)))}\n\`\`\`` : undefined));
    await promise;
    expect(provider.stages()).toEqual(['map', 'reduce']);
  });
});
