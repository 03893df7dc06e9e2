import { describe, expect, it } from '@jest/globals';
import { feedbackIn, feedbackItem, ScriptedProvider, stageOf, statsFor, topicFeedback } from '@insights/testkit';
import { arraySource, InMemoryChunkMemo } from '../in-memory.js';
import { MAX_MAP_THEME_IDS } from '../llm/protocol.js';
import type { FeedbackItem } from '../ports.js';
import { generateInsights } from '../pipeline/generate-insights.js';
import { chunkBudgetFor, CITED_ID_TOKENS, fitsOneCall, mapAnswerTokens, maxEntriesPerCall, planMapCalls, type CallLimits } from './call-plan.js';
import { chunkEntries, chunkHash } from './chunker.js';
import { prepareEntry } from './entry.js';

const limits = (over: Partial<CallLimits> = {}): CallLimits => ({
  contextTokens: 128_000,
  maxOutputTokens: 16_384,
  concurrency: 4,
  promptOverheadTokens: 700,
  ...over,
});

describe('planMapCalls', () => {
  it.each([
    // entries, tokens per entry, concurrency, context → rounds
    [500, 70, 4, 128_000, 1],
    [2_000, 70, 4, 128_000, 2],
    [2_000, 70, 8, 128_000, 1],
    [5_000, 70, 4, 128_000, 4],
    [2_000, 500, 4, 128_000, 3],
    [2_000, 70, 4, 32_000, 3],
  ])('%i entries of %i tokens, concurrency %i, context %i: %i round(s)', (entries, tokens, concurrency, context, rounds) => {
    const l = limits({ concurrency, contextTokens: context });
    const plan = planMapCalls(entries, tokens, l);
    expect(plan.rounds).toBe(rounds);
    expect(plan.calls).toBe(rounds * concurrency);
    // The calls hold every entry, and a full call plus one more chunk of average size still fits.
    const extra = Math.ceil(2_000 / tokens);
    expect(plan.calls * plan.entriesPerCall).toBeGreaterThanOrEqual(entries);
    expect(fitsOneCall(plan.entriesPerCall + extra, (plan.entriesPerCall + extra) * tokens, l)).toBe(true);
  });

  it('never plans more entries per call than one theme may cite, nor than the answer limit allows', () => {
    expect(maxEntriesPerCall(limits({ maxOutputTokens: 1_000_000 }))).toBe(MAX_MAP_THEME_IDS);
    const small = limits({ maxOutputTokens: 4_000 });
    expect(mapAnswerTokens(maxEntriesPerCall(small))).toBeLessThanOrEqual(4_000);
    expect(mapAnswerTokens(maxEntriesPerCall(small) + 1)).toBeGreaterThan(4_000);
    expect(maxEntriesPerCall(limits({ maxEntriesPerCall: 1 }))).toBe(1);
    expect(planMapCalls(100_000, 70, limits()).entriesPerCall).toBeLessThanOrEqual(maxEntriesPerCall(limits()));
  });

  it('gives a small project one call per slot at most', () => {
    expect(planMapCalls(40, 70, limits())).toEqual({ calls: 4, rounds: 1, entriesPerCall: 11 });
  });
});

describe('fitsOneCall and chunkBudgetFor', () => {
  it('counts the answer and room for a repair against the context', () => {
    const l = limits({ contextTokens: 40_000 });
    // 40,000 - 700 - 10,000 (repair) - 3,000 (answer) = 26,300 for entries and their citations.
    expect(fitsOneCall(200, 26_300 - 200 * CITED_ID_TOKENS, l)).toBe(true);
    expect(fitsOneCall(200, 26_301 - 200 * CITED_ID_TOKENS, l)).toBe(false);
  });

  it('shrinks a chunk budget a small context could not hold, even for the shortest entries', () => {
    const l = limits({ contextTokens: 32_000, maxOutputTokens: 1_000_000 });
    const budget = chunkBudgetFor(100_000, l);
    expect(budget).toBeLessThan(100_000);
    const shortest = 7;
    expect(fitsOneCall(Math.floor(budget / shortest), budget, l)).toBe(true);
    expect(chunkBudgetFor(3_000, limits())).toBe(3_000);
  });
});

describe('chunk stability under growth', () => {
  const prepared = (items: readonly FeedbackItem[]) => items.map((i) => prepareEntry(i, 2_000));
  const hashes = (items: readonly FeedbackItem[]) =>
    new Set(chunkEntries(prepared(items), 3_000).map((c) => chunkHash(c.entries, { promptVersion: 'v', provider: 'p' })));

  it('keeps almost every chunk when 1 % more entries arrive, appended or scattered', () => {
    const items = topicFeedback(2_000);
    const before = hashes(items);
    const appended = hashes([...items, ...topicFeedback(20, 'late')]);
    const scattered = [...items];
    for (let i = 0; i < 20; i++) scattered.splice(i * 100, 0, feedbackItem(`mid-${i}`, `crash report ${i}`, 1, i * 100 - 0.5));
    const lost = (after: Set<string>) => [...before].filter((h) => !after.has(h)).length;
    expect(before.size).toBeGreaterThan(30);
    // Appended feedback changes the last chunk only; each scattered entry the chunk it lands in,
    // now and then the next one too.
    expect(lost(appended)).toBeLessThanOrEqual(1);
    expect(lost(hashes(scattered))).toBeLessThanOrEqual(2 * 20);
  });
});

describe('the map stage under the plan', () => {
  it('maps 2,000 entries in at most two rounds and one reduce, and a regeneration pays for the new chunks only', async () => {
    const items = topicFeedback(2_000);
    const memo = new InMemoryChunkMemo();
    const options = { concurrency: 4 };
    const cold = new ScriptedProvider();
    await generateInsights({ source: arraySource(items), provider: cold, memo, statistics: statsFor(items), options });
    const mapCalls = cold.calls.filter((c) => stageOf(c) === 'map');
    expect(mapCalls.length).toBeLessThanOrEqual(8);
    expect(mapCalls.length).toBeGreaterThan(4);
    expect(cold.stages().filter((s) => s === 'reduce')).toHaveLength(1);
    expect(mapCalls.every((c) => feedbackIn(c).length <= maxEntriesPerCall(limits()))).toBe(true);

    const grown = [...items, ...topicFeedback(20, 'late').map((i) => ({ ...i, createdAt: new Date(i.createdAt.getTime() + 3 * 86_400_000) }))];
    const warm = new ScriptedProvider();
    await generateInsights({ source: arraySource(grown), provider: warm, memo, statistics: statsFor(grown), options });
    const paid = warm.calls.filter((c) => stageOf(c) === 'map').flatMap((c) => feedbackIn(c));
    expect(paid.length).toBeGreaterThanOrEqual(20);
    expect(paid.length).toBeLessThanOrEqual(0.05 * grown.length);
  });
});
