import { describe, expect, it } from '@jest/globals';
import { arraySource } from '../../in-memory.js';
import type { FeedbackItem, Progress } from '../../ports.js';
import { insightsResultSchema } from '../../result/result.schema.js';
import { feedbackItem, statsFor } from '@insights/testkit';
import { runInsights } from '../../run-insights.js';
import { analyseOffline } from './offline-analyser.js';

const SEEDS = {
  darkMode: {
    rating: 3,
    texts: [
      'Please add dark mode to the dashboard',
      'It would be great to have dark mode at night',
      'Could you support dark mode on mobile?',
      'We need dark mode, the white screen hurts',
    ],
  },
  crash: {
    rating: 1,
    texts: [
      'The app crashes on login every time',
      'Constant crashes on login since the update',
      'It crashes on login and I lose my draft',
      'Crashes on login again, unusable',
    ],
  },
  checkout: {
    rating: 5,
    texts: [
      'Checkout is quick and the receipts are clear',
      'Love how quick checkout is',
      'Quick checkout, best part of the product',
      'The quick checkout saves me minutes',
    ],
  },
  noise: {
    rating: 3,
    texts: ['Used it for our team offsite', 'My manager suggested this tool', 'Second week of the trial', 'Tried the calendar export once'],
  },
} as const;

function seeded(): { items: FeedbackItem[]; ids: Record<keyof typeof SEEDS, Set<string>> } {
  const items: FeedbackItem[] = [];
  const ids = {
    darkMode: new Set<string>(),
    crash: new Set<string>(),
    checkout: new Set<string>(),
    noise: new Set<string>(),
  };
  let minute = 0;
  for (let round = 0; round < 10; round++) {
    for (const [topic, seed] of Object.entries(SEEDS) as [keyof typeof SEEDS, (typeof SEEDS)[keyof typeof SEEDS]][]) {
      for (const [n, text] of seed.texts.entries()) {
        const item = feedbackItem(`${topic}-${round}-${n}`, `${text} (${round})`, seed.rating, minute++);
        items.push(item);
        ids[topic].add(item.id);
      }
    }
  }
  return { items, ids };
}

describe('analyseOffline', () => {
  const { items, ids } = seeded();
  const allIds = new Set(items.map((i) => i.id));

  it('finds the seeded themes by kind, citing only real ids of the right feedback', async () => {
    const result = await analyseOffline({ source: arraySource(items, 32), statistics: statsFor(items) });
    expect(insightsResultSchema.safeParse(result).success).toBe(true);

    const request = result.featureRequests.find((t) => /dark mode/i.test(t.name));
    const pain = result.painPoints.find((t) => /crash/i.test(t.name));
    const praise = result.praise.find((t) => /checkout/i.test(t.name));
    expect(request).toBeDefined();
    expect(pain).toBeDefined();
    expect(praise).toBeDefined();
    expect(pain!.count).toBe(40);
    expect(pain!.feedbackIds.every((id) => ids.crash.has(id))).toBe(true);
    expect(request!.feedbackIds.every((id) => ids.darkMode.has(id))).toBe(true);
    expect(praise!.feedbackIds.every((id) => ids.checkout.has(id))).toBe(true);
    expect(result.themes.flatMap((t) => t.feedbackIds).every((id) => allIds.has(id))).toBe(true);
    for (const quote of pain!.quotes) expect(items.some((i) => i.text.includes(quote))).toBe(true);
  });

  it('recommends action on pain points and requests, and marks itself offline', async () => {
    const result = await analyseOffline({ source: arraySource(items), statistics: statsFor(items) });
    expect(result).toMatchObject({ provider: 'offline', model: 'offline-v7', llmCalls: 0, tokens: { total: 0 } });
    expect(result.recommendationsDetailed.some((r) => /crash/i.test(r.title) && r.themes.length === 1)).toBe(true);
    expect(result.recommendationsDetailed.some((r) => /dark mode/i.test(r.title))).toBe(true);
    expect(result.summary).toMatch(/Analysed 160 of 160/);
    expect(result.insights.some((i) => i.type === 'alert' && i.kind === 'pain_point')).toBe(true);
  });

  it('is deterministic and reports progress to 100', async () => {
    const events: Progress[] = [];
    const now = () => new Date('2025-01-01T00:00:00Z');
    const a = await analyseOffline({
      source: arraySource(items),
      statistics: statsFor(items),
      options: { now, onProgress: (p) => void events.push(p) },
    });
    const b = await analyseOffline({ source: arraySource(items, 7), statistics: statsFor(items), options: { now } });
    expect(b).toEqual(a);
    expect(events.at(-1)).toMatchObject({ stage: 'finalize', percent: 100 });
  });

  it('is what runInsights runs in offline mode, and stops when cancelled', async () => {
    const result = await runInsights({ mode: 'offline', source: arraySource(items), statistics: statsFor(items) });
    expect(result.provider).toBe('offline');
    const controller = new AbortController();
    controller.abort();
    const run = analyseOffline({
      source: arraySource(items),
      statistics: statsFor(items),
      options: { signal: controller.signal },
    });
    await expect(run).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('handles an empty scope', async () => {
    const result = await analyseOffline({ source: arraySource([]), statistics: statsFor([]) });
    expect(result.themes).toEqual([]);
    expect(result.summary).toMatch(/nothing to analyse/);
  });
});
