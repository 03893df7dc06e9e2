import { describe, expect, it } from '@jest/globals';
import { applyLiveAssignments } from './live.js';
import { buildInsightsResult } from './result.builder.js';
import type { InsightsResult } from './result.schema.js';

const EXPORT = 'th_export0001';
const CHARTS = 'th_charts0001';

function stored(): InsightsResult {
  const result = buildInsightsResult({
    summary: 's',
    themes: [
      { name: 'Export fails', summary: 'Exports break', kind: 'pain_point', count: 10, feedbackIds: ['a'], quotes: [] },
      { name: 'Charts praised', summary: 'Charts are liked', kind: 'praise', count: 4, feedbackIds: ['b'], quotes: [] },
    ],
    recommendations: [],
    statistics: { totalFeedback: 14, averageRating: 3, positivePercentage: 30, negativePercentage: 70 },
    coverage: { totalFeedback: 14, analysed: 14, sampled: false, trimmed: 0, droppedInvalidIds: 0 },
    provider: 'p',
    model: 'm',
    promptVersion: 'v',
    tokens: { prompt: 0, completion: 0, cached: 0 },
    llmCalls: 0,
    memoHits: 0,
    generatedAt: new Date('2026-11-10T00:00:00Z'),
  });
  const ids: Record<string, string> = { 'Export fails': EXPORT, 'Charts praised': CHARTS };
  const withId = <T extends { name: string }>(t: T) => ({ ...t, id: ids[t.name] });
  return {
    ...result,
    themes: result.themes.map((t) => ({
      ...withId(t),
      weekly: t.name === 'Export fails' ? [{ week: '2026-11-02', count: 10 }] : [{ week: '2026-11-09', count: 4 }],
    })),
    painPoints: result.painPoints.map(withId),
    praise: result.praise.map(withId),
    themeSets: [
      { themes: [EXPORT], count: 10, weekly: [{ week: '2026-11-02', count: 10 }] },
      { themes: [CHARTS], count: 4, weekly: [{ week: '2026-11-09', count: 4 }] },
    ],
  };
}

describe('applyLiveAssignments', () => {
  it('grows each theme by its assigned entries, by the week they were written, and says how many were assigned and wait', () => {
    const live = applyLiveAssignments(stored(), {
      rows: [
        { themeId: EXPORT, week: '2026-11-09', count: 3 },
        { themeId: EXPORT, week: '2026-11-02', count: 1 },
        { themeId: null, week: '2026-11-09', count: 2 },
      ],
      pending: 5,
      asOf: '2026-11-11T10:00:00.000Z',
    });
    const exportTheme = live.themes.find((t) => t.id === EXPORT)!;
    expect(exportTheme.count).toBe(14);
    expect(exportTheme.weekly).toEqual([
      { week: '2026-11-02', count: 11 },
      { week: '2026-11-09', count: 3 },
    ]);
    expect(live.themes.find((t) => t.id === CHARTS)!.count).toBe(4);
    expect(live.painPoints[0]!.count).toBe(14);
    expect(live.insights.find((i) => i.title === 'Export fails')!.supportingData!.count).toBe(14);
    expect(live.themeSets!.find((s) => s.themes[0] === EXPORT)).toEqual({
      themes: [EXPORT],
      count: 14,
      weekly: [
        { week: '2026-11-02', count: 11 },
        { week: '2026-11-09', count: 3 },
      ],
    });
    expect(live.live).toEqual({ assigned: 6, pending: 5, asOf: '2026-11-11T10:00:00.000Z' });
  });

  it('leaves the stored result as it was and counts a theme it does not hold as none', () => {
    const result = stored();
    const before = JSON.stringify(result);
    const live = applyLiveAssignments(result, {
      rows: [{ themeId: 'th_gone000001', week: '2026-11-09', count: 2 }],
      pending: 0,
      asOf: '2026-11-11T10:00:00.000Z',
    });
    expect(JSON.stringify(result)).toBe(before);
    expect(live.themes.map((t) => t.count)).toEqual([10, 4]);
    expect(live.live).toEqual({ assigned: 2, pending: 0, asOf: '2026-11-11T10:00:00.000Z' });
  });

  it('marks a read with nothing assigned yet', () => {
    expect(applyLiveAssignments(stored(), { rows: [], pending: 3, asOf: null }).live).toEqual({ assigned: 0, pending: 3, asOf: null });
  });
});
