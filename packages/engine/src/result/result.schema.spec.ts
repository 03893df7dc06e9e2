import { describe, expect, it } from '@jest/globals';
import { uuidFrom } from '@insights/testkit';
import { buildInsightsResult, type ResultDraft } from './result.builder.js';
import { insightsResultSchema, MAX_THEME_IDS } from './result.schema.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => uuidFrom(`r-${i}`));

function draft(overrides: Partial<ResultDraft> = {}): ResultDraft {
  return {
    summary: 'Customers\u0000 love checkout\nbut hate crashes\u001b',
    themes: [
      {
        name: 'Checkout',
        summary: 'Fast',
        kind: 'praise',
        count: 3,
        feedbackIds: ids(3),
        quotes: ['quick'],
        sentiment: 'positive',
      },
      {
        name: 'Crashes\u0007',
        summary: 'Login crashes',
        kind: 'pain_point',
        count: 80,
        feedbackIds: ids(80),
        quotes: ['boom'],
      },
      {
        name: 'Dark mode',
        summary: 'Asked often',
        kind: 'feature_request',
        count: 10,
        feedbackIds: ids(10),
        quotes: [],
      },
    ],
    recommendations: [{ title: 'Fix crashes', description: 'Now', priority: 'high', themes: ['Crashes'] }],
    statistics: {
      totalFeedback: 100,
      averageRating: 3.2,
      positivePercentage: 40,
      negativePercentage: 35,
      ratingDistribution: { 1: 10 },
    },
    coverage: { totalFeedback: 100, analysed: 100, sampled: false, trimmed: 1, droppedInvalidIds: 2 },
    provider: 'glm',
    model: 'glm-4.5-flash',
    promptVersion: 'v1',
    tokens: { prompt: 1000, completion: 200, cached: 50 },
    llmCalls: 3,
    memoHits: 1,
    generatedAt: new Date('2025-02-03T04:05:06Z'),
    ...overrides,
  };
}

describe('buildInsightsResult', () => {
  const result = buildInsightsResult(draft());

  it('produces a result the schema accepts, legacy fields included', () => {
    expect(insightsResultSchema.safeParse(result).success).toBe(true);
    expect(result.generatedAt).toBe('2025-02-03T04:05:06.000Z');
    expect(result.statistics).toEqual({
      totalFeedback: 100,
      averageRating: 3.2,
      positivePercentage: 40,
      negativePercentage: 35,
    });
    expect(result.stats).toMatchObject({ ratingDistribution: { 1: 10 } });
    expect(result.tokens).toEqual({ prompt: 1000, completion: 200, cached: 50, total: 1200 });
    expect(result.recommendations).toEqual(['Fix crashes: Now']);
  });

  it('strips control characters from model text but keeps newlines', () => {
    expect(result.summary).toBe('Customers love checkout\nbut hate crashes');
    expect(result.themes.map((t) => t.name)).toContain('Crashes');
  });

  it('orders themes by count, splits them by kind and caps listed ids while keeping the count', () => {
    expect(result.keyThemes).toEqual(['Crashes', 'Dark mode', 'Checkout']);
    const crashes = result.painPoints[0]!;
    expect(crashes.count).toBe(80);
    expect(crashes.feedbackIds).toHaveLength(MAX_THEME_IDS);
    expect(crashes.feedbackIdsTruncated).toBe(true);
    expect(result.praise.map((t) => t.name)).toEqual(['Checkout']);
    expect(result.featureRequests.map((t) => t.name)).toEqual(['Dark mode']);
  });

  it('turns themes and recommendations into legacy insight cards with evidence', () => {
    // The dashboard picks an icon by type and knows only its four; the finer kind rides beside it.
    expect(result.insights.map((i) => i.type)).toEqual(['alert', 'theme', 'theme', 'recommendation']);
    expect(result.insights.map((i) => i.kind)).toEqual(['pain_point', 'feature_request', 'praise', 'recommendation']);
    expect(result.insights[0]).toMatchObject({ priority: 'high', supportingData: { count: 80 } });
    expect(result.insights[3]?.supportingData?.count).toBe(80);
  });

  it('rejects results that would break consumers', () => {
    expect(() => buildInsightsResult(draft({ provider: '' }))).toThrow();
    const bad = { ...result, insights: [{ type: 'theme', kind: 'theme', title: 'x', description: '', priority: 'urgent' }] };
    expect(insightsResultSchema.safeParse(bad).success).toBe(false);
    const unknownType = { ...result, insights: [{ type: 'pain_point', kind: 'pain_point', title: 'x', description: '', priority: 'low' }] };
    expect(insightsResultSchema.safeParse(unknownType).success).toBe(false);
    expect(insightsResultSchema.safeParse(bad).success).toBe(false);
    const { statistics: _s, ...withoutStatistics } = result;
    expect(insightsResultSchema.safeParse(withoutStatistics).success).toBe(false);
  });
});
