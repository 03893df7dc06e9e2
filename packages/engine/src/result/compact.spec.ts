import { describe, expect, it } from '@jest/globals';
import { COMPACT_IDS, COMPACT_QUOTES, COMPACT_THEMES, compactResult, compactResultSchema } from './compact.js';
import { resultDraft } from '@insights/testkit';
import { buildInsightsResult, type ThemeDraft } from './result.builder.js';

const ids = (prefix: number, n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(prefix * 1000 + i).padStart(12, '0')}`);
const kinds: ThemeDraft['kind'][] = ['pain_point', 'feature_request', 'praise', 'other'];
const theme = (i: number): ThemeDraft => ({
  name: `Theme ${i}`,
  summary: `What theme ${i} is about`,
  kind: kinds[i % kinds.length]!,
  count: 10 + i,
  feedbackIds: ids(i, 8),
  quotes: ['first quote', 'second quote', 'third quote'],
});

const full = buildInsightsResult(
  resultDraft({
    themes: Array.from({ length: COMPACT_THEMES + 5 }, (_, i) => theme(i)),
    recommendations: [{ title: 'Fix it', description: 'now', priority: 'high', themes: ['Theme 14', 'Theme 0'] }],
    coverage: { totalFeedback: 400, analysed: 400, sampled: false, trimmed: 0, droppedInvalidIds: 0 },
  }),
);

describe('compactResult', () => {
  const compact = compactResult(full);

  it('keeps the biggest themes only, each with a few ids and quotes, and says how many there are', () => {
    expect(compactResultSchema.safeParse(compact).success).toBe(true);
    expect(compact.themes.map((t) => t.name)).toEqual(full.themes.slice(0, COMPACT_THEMES).map((t) => t.name));
    expect(compact.themes.every((t) => t.feedbackIds.length === COMPACT_IDS && t.feedbackIdsTruncated && t.quotes.length === COMPACT_QUOTES)).toBe(true);
    expect(compact.themes[0]!.feedbackIds).toEqual(full.themes[0]!.feedbackIds.slice(0, COMPACT_IDS));
    expect(compact.compact).toEqual({ themesTotal: COMPACT_THEMES + 5, idsPerTheme: COMPACT_IDS, quotesPerTheme: COMPACT_QUOTES });
  });

  it('drops the per-kind lists and the cards of unlisted themes, and keeps every recommendation card', () => {
    expect(compact).not.toHaveProperty('painPoints');
    expect(compact).not.toHaveProperty('praise');
    const titles = compact.insights.map((i) => i.title);
    expect(titles).toContain('Fix it');
    expect(titles).not.toContain('Theme 0');
    expect(compact.insights.filter((i) => i.type !== 'recommendation')).toHaveLength(COMPACT_THEMES);
    expect(compact.insights.every((i) => (i.supportingData?.feedbackIds.length ?? 0) <= COMPACT_IDS)).toBe(true);
    expect(compact.keyThemes).toEqual(full.keyThemes);
  });

  it('leaves the full result as it was', () => {
    expect(full.themes[0]!.feedbackIds).toHaveLength(8);
    expect(full.painPoints.length).toBeGreaterThan(0);
  });
});
