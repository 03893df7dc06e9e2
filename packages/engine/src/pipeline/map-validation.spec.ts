import { describe, expect, it } from '@jest/globals';
import { arraySource, InMemoryCallLedger, InMemoryChunkMemo } from '../in-memory.js';
import type { FeedbackItem } from '../ports.js';
import { LlmError } from '../providers/llm-error.js';
import { statsFor, topicFeedback, uuidFrom } from '@insights/testkit';
import { feedbackIn, mapAnswer, ScriptedProvider, stageOf, type Responder } from '@insights/testkit';
import { generateInsights } from './generate-insights.js';

const items = topicFeedback(40);
const INVENTED = uuidFrom('not-in-any-chunk');

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
  it('drops ids the model invented, counts them, and drops themes left without evidence', async () => {
    const memo = new InMemoryChunkMemo();
    const { promise } = run(
      (req) => {
        if (stageOf(req) !== 'map') return undefined;
        const answer = mapAnswer(feedbackIn(req));
        answer.themes[0]!.feedbackIds.push(INVENTED, 'not-a-uuid');
        answer.themes[0]!.quotes.push('a quote nobody wrote');
        answer.themes.push({
          name: 'ghost',
          summary: '',
          kind: 'other',
          sentiment: 'neutral',
          feedbackIds: [uuidFrom('ghost')],
          quotes: [],
        });
        return JSON.stringify(answer);
      },
      { memo },
    );
    const result = await promise;
    const realIds = new Set(items.map((i) => i.id));
    expect(result.coverage.droppedInvalidIds).toBe(3);
    expect(result.themes.map((t) => t.name)).not.toContain('ghost');
    expect(result.themes.flatMap((t) => t.feedbackIds).every((id) => realIds.has(id))).toBe(true);
    expect(result.themes.flatMap((t) => t.quotes)).not.toContain('a quote nobody wrote');
    expect(result.themes.reduce((s, t) => s + t.count, 0)).toBe(40);
    const stored = [...memo.entries.values()][0]!.value;
    expect(stored.themes.flatMap((t) => t.feedbackIds)).not.toContain(INVENTED);
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
    const { provider, promise } = run((req, call) => (call === 1 ? JSON.stringify({ themes: [{ name: 'x', kind: 'bug', feedbackIds: [] }] }) : undefined));
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
