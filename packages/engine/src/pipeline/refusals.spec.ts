import { describe, expect, it } from '@jest/globals';
import { feedbackItem, feedbackIn, idsIn, ScriptedProvider, stageOf, statsFor, topicFeedback } from '@insights/testkit';
import { arraySource, InMemoryCallLedger, InMemoryChunkMemo, InMemoryRefusalMemo } from '../in-memory.js';
import type { ChatRequest, FeedbackItem, Progress } from '../ports.js';
import { LlmError } from '../providers/llm-error.js';
import { generateInsights } from './generate-insights.js';

const MARKER = 'zz-refused-topic';
const options = { tokenBudgetPerChunk: 600, concurrency: 2 };

/** A provider whose content filter refuses any prompt holding the marker, counting what it refused. */
class FilteringProvider extends ScriptedProvider {
  readonly refused: ChatRequest[] = [];
  constructor(respond?: ConstructorParameters<typeof ScriptedProvider>[0]) {
    super(async (req, call) => {
      if (`${req.system}\n${req.user}`.toLowerCase().includes(MARKER)) {
        this.refused.push(req);
        throw new LlmError('content_blocked', 'GLM 400 1301: unsafe or sensitive content', { code: '1301', status: 400 });
      }
      return respond?.(req, call);
    });
  }
  mapCalls(): ChatRequest[] {
    return this.calls.filter((c) => stageOf(c) === 'map');
  }
}

/** 600 entries, two of them holding the marker. */
function plant(count = 600, at = [137, 421]): { items: FeedbackItem[]; refusedIds: string[] } {
  const items = topicFeedback(count).map((item, i) =>
    at.includes(i) ? { ...item, text: `${item.text.split(' ')[0]} you ${MARKER} people are the worst` } : item,
  );
  return { items, refusedIds: at.map((i) => items[i]!.id).sort() };
}

function run(items: FeedbackItem[], provider: ScriptedProvider, extra: Partial<Parameters<typeof generateInsights>[0]> = {}) {
  return generateInsights({ source: arraySource(items, 50), provider, statistics: statsFor(items), options, ...extra });
}

const cited = (result: Awaited<ReturnType<typeof generateInsights>>) => new Set(result.themes.flatMap((t) => t.feedbackIds));

describe('refused entries', () => {
  it('isolates 2 refused entries in 600 by bisection within 2·log2(entries per call) extra calls each, and completes without them', async () => {
    const { items, refusedIds } = plant();
    const control = new ScriptedProvider();
    await run(items, control);
    const normalMapCalls = control.calls.filter((c) => stageOf(c) === 'map');

    const provider = new FilteringProvider();
    const ledger = new InMemoryCallLedger();
    const events: Progress[] = [];
    const result = await run(items, provider, { ledger, options: { ...options, onProgress: (p) => void events.push(p) } });
    const lastMap = events.filter((e) => e.stage === 'map').at(-1)!;
    expect(lastMap.chunksDone).toBe(lastMap.chunksTotal);

    expect(result.coverage).toMatchObject({ totalFeedback: 600, analysed: 598, refused: 2, refusedIds });
    for (const id of refusedIds) expect(cited(result).has(id)).toBe(false);
    expect(result.themes.reduce((sum, t) => sum + t.count, 0)).toBe(598);
    // The bound: each refused entry costs at most two calls per halving of the call it was in.
    const perCall = Math.max(...normalMapCalls.map((c) => feedbackIn(c).length));
    const extra = provider.mapCalls().length - normalMapCalls.length;
    console.log(
      `refusal search: ${extra} extra map calls for 2 refused entries in calls of up to ${perCall} entries (bound ${2 * 2 * Math.ceil(Math.log2(perCall))})`,
    );
    expect(extra).toBeGreaterThan(0);
    expect(extra).toBeLessThanOrEqual(2 * 2 * Math.ceil(Math.log2(perCall)));
    // Every refused call has its ledger row, so its spend is counted.
    const blocked = ledger.entries.filter((e) => e.outcome === 'content_blocked');
    expect(blocked).toHaveLength(provider.refused.length);
    expect(ledger.entries).toHaveLength(provider.calls.length);
    expect(blocked.every((e) => e.promptTokens > 0)).toBe(true);
    expect(result.llmCalls).toBe(provider.calls.length);
  });

  it('remembers the refusals: a rerun and a regeneration after 1% new feedback ask the model nothing refused', async () => {
    const { items, refusedIds } = plant();
    const memo = new InMemoryChunkMemo();
    const refusals = new InMemoryRefusalMemo();
    const first = new FilteringProvider();
    await run(items, first, { memo, refusals });
    expect(first.refused.length).toBeGreaterThan(0);

    const again = new FilteringProvider();
    const events: Progress[] = [];
    const rerun = await run(items, again, { memo, refusals, options: { ...options, onProgress: (p) => void events.push(p) } });
    const lastMap = events.filter((e) => e.stage === 'map').at(-1)!;
    expect(lastMap.chunksDone).toBe(lastMap.chunksTotal);
    expect(again.refused).toHaveLength(0);
    expect(rerun.coverage).toMatchObject({ analysed: 598, refused: 2, refusedIds });

    const grown = [...items, ...Array.from({ length: 6 }, (_, i) => feedbackItem(`new-${i}`, `crash again today ${i}`, 1, 137.5 + i * 50))];
    const later = new FilteringProvider();
    const regenerated = await run(grown, later, { memo, refusals });
    expect(later.refused).toHaveLength(0);
    expect(regenerated.coverage).toMatchObject({ totalFeedback: 606, analysed: 604, refused: 2, refusedIds });
    expect(regenerated.themes.reduce((sum, t) => sum + t.count, 0)).toBe(604);
    // Chunks stay the memo's unit: the rerun paid for at most the chunks the refusals were found in.
    expect(again.mapCalls().length).toBeLessThanOrEqual(2);
    expect(again.mapCalls().flatMap((c) => idsIn(c, items))).not.toContain(refusedIds[0]);
  });

  it('tries an edited entry again: the refusal is remembered with the text it was given for', async () => {
    const { items, refusedIds } = plant();
    const memo = new InMemoryChunkMemo();
    const refusals = new InMemoryRefusalMemo();
    await run(items, new FilteringProvider(), { memo, refusals });
    const edited = items.map((item) => (item.id === refusedIds[0] ? { ...item, text: 'crash on login, sorry for my tone' } : item));
    const provider = new FilteringProvider();
    const result = await run(edited, provider, { memo, refusals });
    expect(result.coverage).toMatchObject({ analysed: 599, refused: 1, refusedIds: [refusedIds[1]] });
    expect(provider.mapCalls().flatMap((c) => idsIn(c, edited))).toContain(refusedIds[0]);
    expect(result.themes.reduce((sum, t) => sum + t.count, 0)).toBe(599);
    expect(provider.refused).toHaveLength(0);
  });

  it("completes when a reduce is refused: retried without the themes' summaries", async () => {
    const items = topicFeedback(120);
    // A map answer that carries the refused text into a summary, as a model quoting abuse would.
    const provider = new FilteringProvider((req) => {
      if (stageOf(req) !== 'map') return undefined;
      const answer = JSON.parse(JSON.stringify({ themes: [] })) as { themes: unknown[] };
      const entries = feedbackIn(req);
      answer.themes.push({
        name: 'crash theme',
        summary: `they said ${MARKER}`,
        kind: 'pain_point',
        sentiment: 'negative',
        ids: entries.map((e) => Number(e.id)),
      });
      return JSON.stringify(answer);
    });
    const result = await run(items, provider);
    const reduces = provider.calls.filter((c) => stageOf(c) === 'reduce');
    expect(provider.refused.filter((c) => stageOf(c) === 'reduce')).toHaveLength(1);
    expect(reduces).toHaveLength(2);
    expect(reduces[1]!.user).not.toContain(MARKER);
    expect(result.themes.map((t) => [t.name, t.count])).toEqual([['crash theme', 120]]);
  });

  it('completes when every reduce is refused: the themes are kept as mapped, with no model summary', async () => {
    const items = topicFeedback(120);
    const provider = new FilteringProvider((req) => {
      if (stageOf(req) !== 'map') return undefined;
      const entries = feedbackIn(req);
      return JSON.stringify({
        themes: [{ name: `${MARKER} theme`, summary: 'x', kind: 'pain_point', sentiment: 'negative', ids: entries.map((e) => Number(e.id)) }],
      });
    });
    const result = await run(items, provider);
    const reduces = provider.calls.filter((c) => stageOf(c) === 'reduce');
    expect(reduces.length).toBeGreaterThanOrEqual(1);
    expect(reduces.length).toBeLessThanOrEqual(2);
    expect(result.themes.reduce((s, t) => s + t.count, 0)).toBe(120);
    expect(result.summary.length).toBeGreaterThan(0);
    expect(result.recommendationsDetailed).toEqual([]);
  });

  it('fails clearly when the filter refuses far more than a few entries: the prompt itself is refused', async () => {
    const items = topicFeedback(200).map((item) => ({ ...item, text: `${item.text} ${MARKER}` }));
    const provider = new FilteringProvider();
    await expect(run(items, provider)).rejects.toMatchObject({ kind: 'content_blocked' });
    expect(provider.calls.length).toBeLessThan(120);
  });
});
