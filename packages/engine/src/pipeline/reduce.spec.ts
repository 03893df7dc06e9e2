import { describe, expect, it } from '@jest/globals';
import { estimateTokens } from '../chunking/tokens.js';
import { arraySource } from '../in-memory.js';
import type { ReduceInputTheme } from '../llm/protocol.js';
import { statsFor, topicFeedback } from '@insights/testkit';
import { feedbackIn, mapAnswer, ScriptedProvider, stageOf, type Responder } from '@insights/testkit';
import { generateInsights } from './generate-insights.js';

const REDUCE_BUDGET = 400;
const items = topicFeedback(400);

function themeLines(user: string): ReduceInputTheme[] {
  const body = /<<<THEMES (\w+)>>>\n([\s\S]*?)\n<<<END THEMES \1>>>/.exec(user)?.[2] ?? '';
  return body.split('\n').map((l) => JSON.parse(l) as ReduceInputTheme);
}

// One chunk per map call: many small outputs, each with its own theme names, for the reduce to merge.
function run(respond?: Responder, { reduceTokenBudget }: { reduceTokenBudget?: number } = { reduceTokenBudget: REDUCE_BUDGET }) {
  const provider = new ScriptedProvider(respond);
  const promise = generateInsights({
    source: arraySource(items, 50),
    provider,
    statistics: statsFor(items),
    options: { tokenBudgetPerChunk: 300, maxEntriesPerCall: 1, reduceTokenBudget, concurrency: 3 },
  });
  return { provider, promise };
}

/**
 * Map answers name each theme per chunk ("crash theme (chunk 7)"), so identical names cannot be
 * merged in code and the model has to merge them; the reduce answer merges by base name.
 */
const perChunkNames: Responder = (req, call) => {
  if (stageOf(req) === 'map') {
    const answer = mapAnswer(feedbackIn(req));
    return JSON.stringify({ themes: answer.themes.map((t) => ({ ...t, name: `${t.name} (chunk ${call})` })) });
  }
  if (stageOf(req) !== 'reduce') return undefined;
  const byBase = new Map<string, ReduceInputTheme[]>();
  for (const t of themeLines(req.user)) {
    const base = t.name.replace(/ \(chunk \d+\)$/, '');
    byBase.set(base, [...(byBase.get(base) ?? []), t]);
  }
  const themes = [...byBase].map(([name, list]) => ({ name, summary: name, kind: list[0]!.kind, refs: list.map((t) => t.ref) }));
  const recommendations = themes.map((t) => ({ title: `Act on ${t.name}`, description: 'Do it', priority: 'high', themes: [t.name] }));
  return JSON.stringify({ summary: 'merged', themes, recommendations });
};

describe('reduce levels', () => {
  it('merges every map output in one reduce call when they fit the context', async () => {
    const { provider, promise } = run(perChunkNames, {});
    const result = await promise;
    const reduces = provider.calls.filter((c) => stageOf(c) === 'reduce');
    const mapCalls = provider.calls.filter((c) => stageOf(c) === 'map').length;
    expect(reduces).toHaveLength(1);
    expect(themeLines(reduces[0]!.user).length).toBeGreaterThanOrEqual(mapCalls);
    expect(reduces[0]!.system).toMatch(/recommendations: up to 10/);
    expect(result.themes.map((t) => t.count).reduce((a, b) => a + b, 0)).toBe(400);
  });

  it('reduces many partial themes in levels within the budget, with ids and counts from code', async () => {
    const { provider, promise } = run(perChunkNames);
    const result = await promise;
    const reduces = provider.calls.filter((c) => stageOf(c) === 'reduce');
    const mapCalls = provider.calls.filter((c) => stageOf(c) === 'map').length;
    expect(mapCalls).toBeGreaterThan(30);
    expect(reduces.length).toBeGreaterThan(2);
    for (const call of reduces) {
      const lines = themeLines(call.user);
      const tokens = lines.reduce((s, l) => s + estimateTokens(JSON.stringify(l)) + 2, 0);
      expect(lines.length === 1 || tokens <= REDUCE_BUDGET).toBe(true);
    }
    const final = themeLines(reduces.at(-1)!.user);
    expect(final.reduce((s, t) => s + t.count, 0)).toBe(400);
    expect(reduces.at(-1)!.system).toMatch(/recommendations: up to 10/);
    expect(reduces[0]!.system).toMatch(/intermediate merge/);

    expect(result.themes.map((t) => [t.name, t.count]).sort()).toEqual([
      ['checkout theme', 100],
      ['crash theme', 100],
      ['darkmode theme', 100],
      ['pricing theme', 100],
    ]);
    const byTopic = (word: string) => new Set(items.filter((i) => i.text.startsWith(word)).map((i) => i.id));
    for (const theme of result.themes) {
      const expected = byTopic(theme.name.split(' ')[0]!);
      expect(theme.feedbackIds.every((id) => expected.has(id))).toBe(true);
      expect(theme.feedbackIdsTruncated).toBe(true);
    }
    expect(result.recommendationsDetailed.every((r) => r.themes.length === 1)).toBe(true);
  });

  it('ends with the best-supported themes when a level merges nothing, instead of looping', async () => {
    const { provider, promise } = run((req, call) => {
      if (stageOf(req) === 'map') return perChunkNames(req, call);
      if (stageOf(req) !== 'reduce') return undefined;
      const themes = themeLines(req.user).map((t) => ({
        name: `${t.name} ${t.ref}`,
        summary: '',
        kind: t.kind,
        refs: [t.ref],
      }));
      return JSON.stringify({ summary: 's', themes, recommendations: [] });
    });
    const result = await promise;
    const reduces = provider.calls.filter((c) => stageOf(c) === 'reduce');
    const final = themeLines(reduces.at(-1)!.user);
    expect(final.reduce((s, l) => s + estimateTokens(JSON.stringify(l)) + 2, 0)).toBeLessThanOrEqual(REDUCE_BUDGET);
    expect(result.themes.length).toBe(final.length);
  });
});
