import type { ResultDraft } from '@insights/engine';

/** A result draft with nothing in it (no themes, no feedback), for tests that set what they check. */
export function resultDraft(overrides: Partial<ResultDraft> = {}): ResultDraft {
  return {
    summary: 'summary',
    themes: [],
    recommendations: [],
    statistics: { totalFeedback: 0, averageRating: 0, positivePercentage: 0, negativePercentage: 0 },
    coverage: { totalFeedback: 0, analysed: 0, sampled: false, trimmed: 0, droppedInvalidIds: 0 },
    provider: 'offline',
    model: 'offline',
    promptVersion: 'test',
    tokens: { prompt: 0, completion: 0, cached: 0 },
    llmCalls: 0,
    memoHits: 0,
    generatedAt: new Date('2026-11-01T00:00:00Z'),
    ...overrides,
  };
}
