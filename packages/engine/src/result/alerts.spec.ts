import { describe, expect, it } from '@jest/globals';
import { detectThemeAlerts } from './alerts.js';
import type { InsightsResult, ResultTheme, ThemeTrend } from './result.schema.js';

// Monday 2026-11-30 is the current week; the eight weeks before it are the baseline.
const NOW = new Date('2026-12-03T10:00:00Z');
const WEEKS = ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'];

function theme(id: string, counts: number[], name = id): ResultTheme {
  const weekly = counts.map((count, i) => ({ week: WEEKS[WEEKS.length - counts.length + i]!, count })).filter((w) => w.count > 0);
  return {
    id,
    name,
    summary: '',
    kind: 'other',
    count: counts.reduce((a, b) => a + b, 0),
    feedbackIds: [],
    feedbackIdsTruncated: false,
    quotes: [],
    weekly,
  };
}

function result(themes: ResultTheme[], trends: Partial<ThemeTrend>[] = []): Pick<InsightsResult, 'themes' | 'trends' | 'themeSets'> {
  return {
    themes,
    trends: {
      previousGeneratedAt: '2026-11-20T00:00:00.000Z',
      themes: trends.map(
        (t) => ({ name: 'x', kind: 'other', status: 'steady', count: 0, previousCount: 0, share: 0, previousShare: 0, shareChange: 0, ...t }) as ThemeTrend,
      ),
      counts: { new: 0, growing: 0, steady: 0, shrinking: 0, resolved: 0 },
      splits: [],
      merges: [],
    },
  };
}

const ids = { spike: 'th_spike00001', steady: 'th_steady0001', tiny: 'th_tiny000001', fresh: 'th_fresh00001', noisy: 'th_noisy00001' };

describe('detectThemeAlerts', () => {
  it('alerts on a theme whose latest week jumps far past its own baseline', () => {
    const alerts = detectThemeAlerts(result([theme(ids.spike, [6, 5, 7, 6, 5, 6, 7, 6, 30]), theme(ids.steady, [20, 22, 19, 21, 20, 23, 18, 21, 22])]), {
      now: NOW,
      minNewThemeSize: 10,
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ themeId: ids.spike, kind: 'spike', week: '2026-11-30', count: 30 });
  });

  it('does not alert on a steady theme, a noisy one within its usual range, or small numbers', () => {
    const alerts = detectThemeAlerts(
      result([
        theme(ids.steady, [20, 22, 19, 21, 20, 23, 18, 21, 24]),
        // Swings between 2 and 14 every week: 15 is within its spread.
        theme(ids.noisy, [2, 14, 3, 13, 2, 14, 4, 12, 15]),
        // 1 a week, then 3: tripled, but three entries are no signal.
        theme(ids.tiny, [1, 0, 1, 1, 0, 1, 1, 1, 3]),
      ]),
      { now: NOW, minNewThemeSize: 10 },
    );
    expect(alerts).toEqual([]);
  });

  it('alerts on a theme whose share of the week jumps while its count stays in range', () => {
    // Other feedback dried up this week: the theme's count is usual, its share of the week is not.
    const other = theme('th_other00001', [90, 95, 92, 91, 94, 90, 93, 92, 10]);
    const steadyCount = theme(ids.steady, [10, 11, 9, 10, 12, 10, 11, 9, 12]);
    const alerts = detectThemeAlerts(result([other, steadyCount]), { now: NOW, minNewThemeSize: 10 });
    expect(alerts.map((a) => [a.themeId, a.kind])).toEqual([[ids.steady, 'spike']]);
    expect(alerts[0]!.details.by).toContain('share');
  });

  it('alerts on a new theme once it reaches the minimum size, not before', () => {
    const fresh = theme(ids.fresh, [0, 0, 0, 0, 0, 0, 0, 4, 8]);
    const small = theme(ids.tiny, [0, 0, 0, 0, 0, 0, 0, 1, 2]);
    const base = theme(ids.steady, [20, 22, 19, 21, 20, 23, 18, 21, 22]);
    const trends = [
      { id: ids.fresh, status: 'new' as const },
      { id: ids.tiny, status: 'new' as const },
    ];
    const alerts = detectThemeAlerts(result([fresh, small, base], trends), { now: NOW, minNewThemeSize: 10 });
    expect(alerts.filter((a) => a.kind === 'new').map((a) => a.themeId)).toEqual([ids.fresh]);
    // A new theme has no baseline of its own: it is announced as new, not also as a spike.
    expect(alerts.filter((a) => a.themeId === ids.fresh).map((a) => a.kind)).toEqual(['new']);
    expect(detectThemeAlerts(result([fresh, small, base], trends), { now: NOW, minNewThemeSize: 13 }).filter((a) => a.kind === 'new')).toEqual([]);
  });

  it('needs a baseline: a theme with no earlier weeks in the data is not a spike', () => {
    const alerts = detectThemeAlerts(result([theme(ids.spike, [40])]), { now: NOW, minNewThemeSize: 1000 });
    expect(alerts).toEqual([]);
  });

  it('skips themes without an id (results made before theme identity)', () => {
    const anonymous = { ...theme(ids.spike, [6, 5, 7, 6, 5, 6, 7, 6, 30]), id: undefined };
    expect(detectThemeAlerts(result([anonymous]), { now: NOW, minNewThemeSize: 10 })).toEqual([]);
  });
});
