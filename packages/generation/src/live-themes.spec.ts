import { describe, expect, it } from '@jest/globals';
import type { AssignmentTally, ThemeAssignmentsRepository } from '@insights/db';
import { buildInsightsResult, type InsightsResult } from '@insights/engine';
import { resultDraft } from '@insights/testkit';
import { LiveThemes } from './live-themes.js';

const THEME = 'th_export0001';

/** A stored result of 100 analysed entries out of 100, with one theme of 40. */
function stored(filters = {}, withId = true) {
  const result: InsightsResult = buildInsightsResult(
    resultDraft({
      themes: [{ name: 'Export fails', summary: 's', kind: 'pain_point', count: 40, feedbackIds: ['a'], quotes: [] }],
      statistics: { totalFeedback: 100, averageRating: 3, positivePercentage: 0, negativePercentage: 0 },
      coverage: { totalFeedback: 100, analysed: 100, sampled: false, trimmed: 0, droppedInvalidIds: 0 },
    }),
  );
  if (withId) result.themes = result.themes.map((t) => ({ ...t, id: THEME }));
  return { cacheKey: 'k', projectId: 'p', filters, result };
}

/** The assignments table as one tally, counting the statements a view asks for. */
function table(tally: Omit<AssignmentTally, 'asOf'>) {
  const asked = { tally: 0 };
  const repo = {
    tally: () => {
      asked.tally++;
      return Promise.resolve({ ...tally, asOf: tally.rows.length ? '2026-11-11T00:00:00.000Z' : null });
    },
  } as unknown as ThemeAssignmentsRepository;
  return { repo, asked };
}

describe('LiveThemes', () => {
  it('serves the live view without regenerating while the unplaced entries stay within the share', async () => {
    const { repo, asked } = table({
      rows: [
        { themeId: THEME, week: '2026-11-09', count: 30 },
        { themeId: null, week: '2026-11-09', count: 4 },
      ],
      pending: 5,
      total: 139,
    });
    const view = await new LiveThemes(repo, 0.1).view(stored());
    expect(asked.tally).toBe(1);
    expect(view!.result.themes[0]!.count).toBe(70);
    expect(view!.unplaced).toBe(9);
    expect(view!.regenerate).toBe(false);
  });

  it('regenerates once pending and themeless entries pass the share', async () => {
    const { repo } = table({ rows: [{ themeId: null, week: '2026-11-09', count: 6 }], pending: 5, total: 111 });
    const view = await new LiveThemes(repo, 0.1).view(stored());
    expect(view!.unplaced).toBe(11);
    expect(view!.regenerate).toBe(true);
  });

  it('counts entries imported with a date before the result as pending, by the project total', async () => {
    // 20 entries more than the result saw, none found by date.
    const { repo } = table({ rows: [], pending: 0, total: 120 });
    const view = await new LiveThemes(repo, 0.1).view(stored());
    expect(view!.unplaced).toBe(20);
    expect(view!.regenerate).toBe(true);
  });

  it('keeps only an unfiltered result with theme ids current, and nothing when the share is 0', async () => {
    const { repo, asked } = table({ rows: [], pending: 1, total: 101 });
    expect(await new LiveThemes(repo, 0.1).view(stored({ category: 'bug' }))).toBeUndefined();
    expect(await new LiveThemes(repo, 0.1).view(stored({}, false))).toBeUndefined();
    expect(await new LiveThemes(repo, 0).view(stored())).toBeUndefined();
    expect(asked.tally).toBe(0);
  });

  it('lets a result take its share of the analysed entries by assignment, at least one batch', () => {
    expect(new LiveThemes(table({ rows: [], pending: 0, total: 0 }).repo, 0.1).assignLimit(stored().result)).toBe(50);
    expect(new LiveThemes(table({ rows: [], pending: 0, total: 0 }).repo, 0.5).assignLimit(stored().result)).toBe(50);
    const big = stored().result;
    big.coverage.analysed = 2_000;
    expect(new LiveThemes(table({ rows: [], pending: 0, total: 0 }).repo, 0.1).assignLimit(big)).toBe(200);
  });
});
