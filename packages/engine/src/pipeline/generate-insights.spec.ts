import { describe, expect, it } from '@jest/globals';
import { arraySource, InMemoryCallLedger, InMemoryChunkMemo } from '../in-memory.js';
import type { FeedbackItem, FeedbackSource, Progress } from '../ports.js';
import { insightsResultSchema } from '../result/result.schema.js';
import { feedbackItem, statsFor, topicFeedback } from '@insights/testkit';
import { feedbackIn, idsIn, reduceAnswer, ScriptedProvider, stageOf } from '@insights/testkit';
import { generateInsights } from './generate-insights.js';
import { STAND_IN_PREFIX } from '../llm/protocol.js';

const options = { tokenBudgetPerChunk: 600, concurrency: 2 };

function run(items: FeedbackItem[], provider: ScriptedProvider, extra: Partial<Parameters<typeof generateInsights>[0]> = {}) {
  return generateInsights({ source: arraySource(items, 25), provider, statistics: statsFor(items), options, ...extra });
}

describe('generateInsights', () => {
  const items = topicFeedback(120);

  it('maps chunks, reduces themes and counts evidence in code', async () => {
    const provider = new ScriptedProvider();
    const ledger = new InMemoryCallLedger();
    const result = await run(items, provider, { ledger });

    expect(insightsResultSchema.safeParse(result).success).toBe(true);
    const crash = result.themes.find((t) => t.name === 'crash theme');
    const crashIds = new Set(items.filter((i) => i.text.startsWith('crash')).map((i) => i.id));
    expect(crash?.count).toBe(30);
    expect(crash?.feedbackIds.every((id) => crashIds.has(id))).toBe(true);
    expect(result.painPoints.map((t) => t.name).sort()).toEqual(['crash theme', 'pricing theme']);
    expect(result.coverage).toEqual({
      totalFeedback: 120,
      analysed: 120,
      sampled: false,
      trimmed: 0,
      droppedInvalidIds: 0,
      refused: 0,
      refusedIds: [],
      assigned: 0,
    });
    expect(result.llmCalls).toBe(provider.calls.length);
    expect(ledger.entries).toHaveLength(provider.calls.length);
    expect(ledger.entries.every((e) => e.outcome === 'ok' && e.provider === 'scripted')).toBe(true);
    expect(result.tokens.total).toBe(ledger.entries.reduce((s, e) => s + e.promptTokens + e.completionTokens, 0));
    // 120 short entries fit one round: one call per slot of the concurrency (2), each of several chunks.
    const mapCalls = provider.calls.filter((c) => stageOf(c) === 'map');
    expect(mapCalls).toHaveLength(2);
    expect(mapCalls.map((c) => feedbackIn(c).length).reduce((a, b) => a + b, 0)).toBe(120);
    expect(provider.stages().filter((s) => s === 'reduce')).toHaveLength(1);
  });

  it('reuses memoised chunks: a rerun pays only for the reduce, new feedback only for its chunk', async () => {
    // Chunks of about a dozen entries, so one chunk is a small share of the 120.
    const memo = new InMemoryChunkMemo();
    const run = (list: FeedbackItem[], provider: ScriptedProvider, extra: { memo: InMemoryChunkMemo }) =>
      generateInsights({ source: arraySource(list, 25), provider, statistics: statsFor(list), options: { ...options, tokenBudgetPerChunk: 300 }, ...extra });
    const first = new ScriptedProvider();
    const firstResult = await run(items, first, { memo });
    // Each chunk of a call is memoised on its own: more memo rows than calls.
    const chunks = memo.entries.size;
    expect(chunks).toBeGreaterThan(first.stages().filter((s) => s === 'map').length);

    const second = new ScriptedProvider();
    const again = await run(items, second, { memo });
    expect(second.stages()).not.toContain('map');
    expect(again.memoHits).toBe(chunks);
    expect(again.themes.map((t) => [t.name, t.count])).toEqual(firstResult.themes.map((t) => [t.name, t.count]));

    const third = new ScriptedProvider();
    const grown = [...items.slice(0, 60), feedbackItem('new', 'crash in the new report', 1, 59.5), ...items.slice(60)];
    const regenerated = await run(grown, third, { memo });
    // The chunk the new entry landed in (rarely the next one too) is paid for, in one call.
    const paid = third.calls.filter((c) => stageOf(c) === 'map');
    expect(paid).toHaveLength(1);
    expect(regenerated.memoHits).toBeGreaterThanOrEqual(chunks - 2);
    expect(feedbackIn(paid[0]!).length).toBeLessThan(items.length / 4);
    expect(idsIn(paid[0]!, grown)).toContain(grown[60]!.id);
  });

  it('never reuses a chunk answered by another endpoint of the same model, and names a stand-in that answered', async () => {
    /** The same model behind another endpoint (the bundled fake server, say), marking its answers. */
    class StandIn extends ScriptedProvider {
      override get identity(): string {
        return `${super.identity}@http://127.0.0.1:4010`;
      }
      override async complete(req: Parameters<ScriptedProvider['complete']>[0]) {
        return { ...(await super.complete(req)), servedBy: `${STAND_IN_PREFIX}local-mock` };
      }
    }
    const memo = new InMemoryChunkMemo();
    const standIn = new StandIn();
    const fromStandIn = await run(items, standIn, { memo });
    expect(fromStandIn.provider).toBe('local-mock');

    const real = new ScriptedProvider();
    const fromReal = await run(items, real, { memo });
    expect(fromReal.memoHits).toBe(0);
    expect(real.stages().filter((s) => s === 'map').length).toBe(standIn.stages().filter((s) => s === 'map').length);
    expect(fromReal.provider).toBe('scripted');
  });

  it('reports monotonic progress through every stage, ending at 100', async () => {
    const events: Progress[] = [];
    await run(items, new ScriptedProvider(), { options: { ...options, onProgress: (p) => void events.push(p) } });
    const percents = events.map((e) => e.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.stage))).toEqual(new Set(['stats', 'map', 'reduce', 'finalize']));
    expect(events.at(-1)).toMatchObject({ stage: 'finalize', percent: 100 });
    const mapDone = events.filter((e) => e.stage === 'map').map((e) => e.chunksDone);
    expect(Math.max(...mapDone)).toBe(events.at(-1)!.chunksTotal);
    expect(events.at(-1)!.tokensUsed).toBeGreaterThan(0);
  });

  it('reads the sample, then looks every chunk up in the memo at once, then maps the misses', async () => {
    let pagesPulled = 0;
    const many = topicFeedback(2000);
    const source: FeedbackSource = {
      async *pages() {
        for (let i = 0; i < many.length; i += 20) {
          pagesPulled++;
          yield many.slice(i, i + 20);
        }
      },
    };
    const lookups: number[] = [];
    const memo = new InMemoryChunkMemo();
    const getMany = memo.getMany.bind(memo);
    memo.getMany = (hashes) => {
      lookups.push(hashes.length);
      return getMany(hashes);
    };
    const pulledAtMapCall: number[] = [];
    const provider = new ScriptedProvider((req) => {
      if (stageOf(req) === 'map') pulledAtMapCall.push(pagesPulled);
      return undefined;
    });
    const options = { tokenBudgetPerChunk: 600, concurrency: 1 };
    const first = await generateInsights({ source, provider, memo, statistics: statsFor(many), options });
    expect(pulledAtMapCall[0]).toBe(100);
    expect(lookups).toHaveLength(1);
    expect(lookups[0]).toBeGreaterThan(10);
    expect(first.memoHits).toBe(0);
    const mapCalls = provider.stages().filter((s) => s === 'map').length;
    const again = await generateInsights({ source, provider, memo, statistics: statsFor(many), options });
    expect(lookups).toEqual([lookups[0], lookups[0]]);
    expect(again.memoHits).toBe(lookups[0]);
    expect(provider.stages().filter((s) => s === 'map')).toHaveLength(mapCalls);
  });

  it('asks the source for the sample only when it samples', async () => {
    const asked: (number | undefined)[] = [];
    const sorted = arraySource(items);
    const source: FeedbackSource = {
      pages(options) {
        asked.push(options?.sampleRatio);
        return sorted.pages();
      },
    };
    await run(items, new ScriptedProvider(), { source, options: { ...options, maxFeedback: 60 } });
    await run(items, new ScriptedProvider(), { source });
    expect(asked).toEqual([2 ** -1, undefined]);
  });

  it('samples above maxFeedback and trims long entries, and says so in coverage', async () => {
    const long = [...items, feedbackItem('long', `crash ${'x'.repeat(3000)}`, 1, 200)];
    const result = await run(long, new ScriptedProvider(), {
      options: { ...options, maxFeedback: 60, maxEntryChars: 500 },
    });
    expect(result.coverage.sampled).toBe(true);
    expect(result.coverage.analysed).toBeLessThanOrEqual(60 + Math.ceil(4 * Math.sqrt(60)));
    expect(result.coverage.analysed).toBeGreaterThan(30);
    expect(result.coverage.totalFeedback).toBe(121);

    const provider = new ScriptedProvider();
    const whole = await run(long, provider, { options: { ...options, maxEntryChars: 500 } });
    expect(whole.coverage).toMatchObject({ sampled: false, analysed: 121, trimmed: 1 });
    expect(provider.calls.some((c) => c.user.includes('…[trimmed 2506 chars]'))).toBe(true);
  });

  it('fails with the memo error when the lookup fails, before any map call', async () => {
    const memo = new InMemoryChunkMemo();
    memo.getMany = async () => {
      throw new Error('memo unavailable');
    };
    const provider = new ScriptedProvider();
    await expect(run(items, provider, { memo })).rejects.toThrow('memo unavailable');
    expect(provider.stages()).not.toContain('map');
  });

  it('answers an empty scope without calling the model', async () => {
    const provider = new ScriptedProvider();
    const result = await run([], provider);
    expect(provider.calls).toHaveLength(0);
    expect(result.themes).toEqual([]);
    expect(result.summary).toMatch(/nothing to analyse/);
  });

  it('keeps every theme’s id when a later run relabels every theme with the same evidence, and calls them steady', async () => {
    const memo = new InMemoryChunkMemo();
    const first = await run(items, new ScriptedProvider(), { memo, history: {} });
    expect(first.trends).toMatchObject({ previousGeneratedAt: null, themes: [] });
    // The second run's reduce answer words every theme differently; the map answers are memoised.
    const relabel = new ScriptedProvider((req) => {
      if (stageOf(req) !== 'reduce') return undefined;
      const answer = reduceAnswer(req.user);
      const renamed = new Map(answer.themes.map((t) => [t.name, `Customers talk about ${t.name.toUpperCase()}`]));
      return JSON.stringify({
        ...answer,
        themes: answer.themes.map((t) => ({ ...t, name: renamed.get(t.name)! })),
        recommendations: answer.recommendations.map((r) => ({ ...r, themes: r.themes.map((n) => renamed.get(n)!) })),
      });
    });
    const second = await run(items, relabel, {
      memo,
      history: { previous: first },
      options: { ...options, now: () => new Date(Date.parse(first.generatedAt) + 60_000) },
    });
    const names = (r: typeof first) => r.themes.map((t) => t.name).sort();
    expect(names(second).every((n) => !names(first).includes(n))).toBe(true);
    const byEvidence = (r: typeof first) => new Map(r.themes.map((t) => [[...t.feedbackIds].sort().join(','), t.id]));
    expect(byEvidence(second)).toEqual(byEvidence(first));
    expect(second.trends!.counts).toEqual({ new: 0, growing: 0, steady: first.themes.length, shrinking: 0, resolved: 0 });
  });

  it('hands every theme’s full evidence, with its id, to an evidence observer: the result lists at most 50 ids', async () => {
    // 240 entries over four topics by index: the crash topic is entries 0, 4, 8, ... 236, sixty of them.
    const many = topicFeedback(240);
    const seen: { id: string; feedbackIds: readonly string[] }[][] = [];
    const result = await run(many, new ScriptedProvider(), { evidence: (themes) => seen.push([...themes]) });
    expect(seen).toHaveLength(1);
    const crash = result.themes.find((t) => t.name === 'crash theme')!;
    expect(crash.count).toBe(60);
    expect(crash.feedbackIds).toHaveLength(50);
    const full = seen[0]!.find((t) => t.id === crash.id)!;
    expect([...full.feedbackIds].sort()).toEqual(Array.from({ length: 60 }, (_, k) => many[4 * k]!.id).sort());
    expect(seen[0]!.map((t) => t.id)).toEqual(result.themes.map((t) => t.id));
  });

  it('counts each theme’s entries by week and groups the analysed entries by the themes citing them', async () => {
    // 120 entries a minute apart from 2025-01-01, a Wednesday: all in the week of Monday 2024-12-30.
    const result = await run(items, new ScriptedProvider());
    const week = '2024-12-30';
    for (const theme of result.themes) expect(theme.weekly).toEqual([{ week, count: theme.count }]);
    // The scripted model puts each entry in one theme by its first word.
    expect(result.themeSets!.map((s) => s.count).sort((a, b) => b - a)).toEqual(result.themes.map((t) => t.count).sort((a, b) => b - a));
    expect(result.themeSets!.reduce((sum, s) => sum + s.count, 0)).toBe(120);
  });

  it('lists the project’s theme names in the reduce prompt, and the scripted model still answers it', async () => {
    const provider = new ScriptedProvider();
    const result = await run(items, provider, { options: { ...options, knownThemes: ['Cannot log in', 'Export'] } });
    const reduce = provider.calls.filter((c) => stageOf(c) === 'reduce');
    expect(reduce.length).toBeGreaterThan(0);
    for (const call of reduce) expect(call.user).toMatch(/<<<NAMES [0-9a-f]+>>>\n"Cannot log in"\n"Export"\n<<<END NAMES [0-9a-f]+>>>/);
    expect(result.themes.length).toBeGreaterThan(0);
  });
});
