import { describe, expect, it } from '@jest/globals';
import { fakeEmbeddings, feedbackIn, mapAnswer, ScriptedProvider, stageOf, statsFor, topicFeedback } from '@insights/testkit';
import { arraySource, InMemoryCallLedger, InMemoryChunkMemo } from '../in-memory.js';
import type { FeedbackItem } from '../ports.js';
import { LlmError } from '../providers/llm-error.js';
import { generateInsights } from './generate-insights.js';

const NAMING = 200;
const options = { concurrency: 4, namingSample: NAMING, tokenBudgetPerChunk: 600 };

function run(items: FeedbackItem[], extra: Partial<Parameters<typeof generateInsights>[0]> = {}) {
  const provider = new ScriptedProvider();
  const embedder = fakeEmbeddings({ dimensions: 256 });
  const promise = generateInsights({ source: arraySource(items, 100), provider, embedder, statistics: statsFor(items), options, ...extra });
  return { provider, embedder, promise };
}

const topicOf = (item: FeedbackItem) => item.text.split(' ')[0]!;

describe('entries past the naming sample', () => {
  const items = topicFeedback(2_000);

  it('are read by no model call, embedded once each, and placed in the theme of their subject', async () => {
    const ledger = new InMemoryCallLedger();
    const { provider, embedder, promise } = run(items, { ledger });
    const result = await promise;

    const read = provider.calls.filter((c) => stageOf(c) === 'map').flatMap((c) => feedbackIn(c));
    // A stable sample in quarter-octave steps: between 84 % and 100 % of the naming sample.
    expect(read.length).toBeGreaterThan(0.8 * NAMING);
    expect(read.length).toBeLessThanOrEqual(NAMING + 4 * Math.sqrt(NAMING));
    expect(embedder.texts).toHaveLength(items.length);
    expect(new Set(embedder.texts).size).toBe(items.length);
    expect(ledger.entries.filter((e) => e.stage === 'embed')).toHaveLength(embedder.calls);

    const byId = new Map(items.map((i) => [i.id, i]));
    const placed = result.themes.flatMap((t) => t.feedbackIds.map((id) => ({ theme: t.name, item: byId.get(id)! })));
    expect(placed.every((p) => p.item !== undefined)).toBe(true);
    // The scripted model names a theme after its entries' first word.
    const right = placed.filter((p) => p.theme === `${topicOf(p.item)} theme`).length;
    expect(right / placed.length).toBeGreaterThanOrEqual(0.95);
    expect(result.coverage.assigned).toBe(items.length - read.length);
    expect(result.themes.reduce((sum, t) => sum + t.count, 0)).toBe(items.length);
  });

  it('leaves an entry like none of the themes in no theme, as the model left those it read', async () => {
    const stray = topicFeedback(1_000).map((item, i) => (i % 50 === 7 ? { ...item, text: `zebra ${i} yodel quartz` } : item));
    // The model cites the strays it reads under no theme.
    const provider = new ScriptedProvider((req) =>
      stageOf(req) === 'map' ? JSON.stringify(mapAnswer(feedbackIn(req).filter((e) => !e.text.startsWith('zebra')))) : undefined,
    );
    const result = await run(stray, { provider }).promise;
    const cited = new Set(result.themes.flatMap((t) => t.feedbackIds));
    const strays = stray.filter((i) => i.text.startsWith('zebra'));
    expect(strays.filter((i) => cited.has(i.id)).length).toBeLessThanOrEqual(strays.length / 5);
  });

  it('are embedded again only for the chunks new feedback landed in', async () => {
    const memo = new InMemoryChunkMemo();
    await run(items, { memo }).promise;
    const again = run(items, { memo });
    await again.promise;
    expect(again.embedder.calls).toBe(0);
    expect(again.provider.stages()).toEqual(['reduce']);

    const grown = [...items, ...topicFeedback(20, 'late').map((i) => ({ ...i, createdAt: new Date(i.createdAt.getTime() + 3 * 86_400_000) }))];
    const warm = run(grown, { memo });
    const result = await warm.promise;
    expect(warm.embedder.texts.length).toBeGreaterThanOrEqual(20);
    expect(warm.embedder.texts.length).toBeLessThan(0.05 * grown.length);
    expect(result.themes.reduce((sum, t) => sum + t.count, 0)).toBe(grown.length);
  });

  it('are embedded as redacted text: no personal data leaves for the embeddings endpoint', async () => {
    const personal = topicFeedback(1_000).map((item, i) =>
      i % 10 === 0 ? { ...item, text: `${item.text}, write to jane.doe@example.com or +44 20 7946 0958` } : item,
    );
    const { embedder, promise } = run(personal);
    await promise;
    expect(embedder.texts).toHaveLength(personal.length);
    expect(embedder.texts.filter((t) => t.includes('[email]'))).toHaveLength(100);
    expect(embedder.texts.join('\n')).not.toMatch(/jane\.doe|example\.com|7946/);
  });

  it('without an embedder, are all read by the model as before', async () => {
    const few = topicFeedback(600);
    const { provider, promise } = run(few, { embedder: undefined });
    const result = await promise;
    const read = provider.calls.filter((c) => stageOf(c) === 'map').flatMap((c) => feedbackIn(c));
    expect(read).toHaveLength(600);
    expect(result.coverage.assigned).toBe(0);
  });

  it('fail the run with the embedding error, not as a cancelled map call', async () => {
    const embedder = fakeEmbeddings({
      before: (_texts, call) => {
        if (call === 3) throw new LlmError('server', 'embedding endpoint down', { status: 500 });
      },
    });
    const error = await run(items, { embedder }).promise.catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'server' });
  });
});
