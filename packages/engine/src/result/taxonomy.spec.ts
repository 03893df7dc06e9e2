import { describe, expect, it } from '@jest/globals';
import { compactResult } from './compact.js';
import type { InsightsResult, ResultTheme } from './result.schema.js';
import { applyTaxonomy, type TaxonomyEdit } from './taxonomy.js';

const A = 'th_aaaaaaaaaa';
const B = 'th_bbbbbbbbbb';
const C = 'th_cccccccccc';
const D = 'th_dddddddddd';
const E = 'th_eeeeeeeeee';
const OLD = 'th_zzzzzzzzzz';
const W1 = '2026-11-02';
const W2 = '2026-11-09';

type ThemeSpec = Partial<ResultTheme> & Pick<ResultTheme, 'id' | 'name' | 'kind' | 'count'>;
const theme = (spec: ThemeSpec): ResultTheme => ({ summary: `${spec.name} summary`, feedbackIds: [], feedbackIdsTruncated: false, quotes: [], ...spec });

/**
 * Five themes of 24 analysed entries. Entries by the exact set of themes citing them:
 * {A} 7 (W1 5, W2 2), {A,B} 3 (W1 1, W2 2), {B} 2 (W1 1, W2 1), {B,C} 1 (W2 1), {C} 3 (W2 3),
 * {D} 5 (W1 5), {E} 3 (W2 3). So A = 10, B = 6, C = 4, D = 5, E = 3.
 */
function fixture(): InsightsResult {
  const themes = [
    theme({
      id: A,
      name: 'Crashes on save',
      kind: 'pain_point',
      count: 10,
      feedbackIds: ['f1', 'f2', 'f3'],
      feedbackIdsTruncated: true,
      quotes: ['qa1', 'qa2'],
      weekly: [
        { week: W1, count: 6 },
        { week: W2, count: 4 },
      ],
    }),
    theme({
      id: B,
      name: 'App crashes',
      kind: 'pain_point',
      count: 6,
      feedbackIds: ['f2', 'f4'],
      feedbackIdsTruncated: true,
      quotes: ['qb1'],
      weekly: [
        { week: W1, count: 2 },
        { week: W2, count: 4 },
      ],
    }),
    theme({ id: D, name: 'Love the design', kind: 'praise', count: 5, feedbackIds: ['f6'], feedbackIdsTruncated: true, weekly: [{ week: W1, count: 5 }] }),
    theme({
      id: C,
      name: 'Editor freezes',
      kind: 'pain_point',
      count: 4,
      feedbackIds: ['f5'],
      feedbackIdsTruncated: true,
      quotes: ['qc1', 'qc2'],
      weekly: [{ week: W2, count: 4 }],
    }),
    theme({ id: E, name: 'Dark mode', kind: 'feature_request', count: 3, feedbackIds: ['f7'], feedbackIdsTruncated: true, weekly: [{ week: W2, count: 3 }] }),
  ];
  const recommendationsDetailed = [
    { title: 'Fix crashes', description: '', priority: 'high' as const, themes: ['App crashes', 'Editor freezes'] },
    { title: 'Keep the design', description: 'It works', priority: 'low' as const, themes: ['Love the design'] },
    { title: 'Ship dark mode', description: '', priority: 'medium' as const, themes: ['Dark mode', 'Crashes on save'] },
  ];
  return {
    summary: 'Users report crashes.',
    keyThemes: themes.map((t) => t.name),
    recommendations: ['Fix crashes', 'Keep the design: It works', 'Ship dark mode'],
    insights: [
      ...themes.map((t) => ({ type: 'theme' as const, kind: 'theme' as const, title: t.name, description: '', priority: 'low' as const })),
      { type: 'recommendation', kind: 'recommendation', title: 'Fix crashes', description: '', priority: 'high' },
    ],
    statistics: { totalFeedback: 24, averageRating: 3, positivePercentage: 20, negativePercentage: 60 },
    generatedAt: '2026-11-10T00:00:00.000Z',
    themes,
    painPoints: themes.filter((t) => t.kind === 'pain_point'),
    featureRequests: themes.filter((t) => t.kind === 'feature_request'),
    praise: themes.filter((t) => t.kind === 'praise'),
    recommendationsDetailed,
    stats: {},
    coverage: { totalFeedback: 24, analysed: 24, sampled: false, trimmed: 0, droppedInvalidIds: 0, refused: 0, refusedIds: [], assigned: 0 },
    provider: 'glm',
    model: 'glm-4',
    promptVersion: 'v1',
    tokens: { prompt: 1, completion: 1, cached: 0, total: 2 },
    llmCalls: 1,
    memoHits: 0,
    themeSets: [
      {
        themes: [A],
        count: 7,
        weekly: [
          { week: W1, count: 5 },
          { week: W2, count: 2 },
        ],
      },
      {
        themes: [A, B],
        count: 3,
        weekly: [
          { week: W1, count: 1 },
          { week: W2, count: 2 },
        ],
      },
      {
        themes: [B],
        count: 2,
        weekly: [
          { week: W1, count: 1 },
          { week: W2, count: 1 },
        ],
      },
      { themes: [B, C], count: 1, weekly: [{ week: W2, count: 1 }] },
      { themes: [C], count: 3, weekly: [{ week: W2, count: 3 }] },
      { themes: [D], count: 5, weekly: [{ week: W1, count: 5 }] },
      { themes: [E], count: 3, weekly: [{ week: W2, count: 3 }] },
    ],
    // The previous result analysed 20 entries: A 4, B 6, D 5 and a theme since resolved, 2.
    trends: {
      previousGeneratedAt: '2026-11-03T00:00:00.000Z',
      themes: [
        { id: A, name: 'Crashes on save', kind: 'pain_point', status: 'growing', count: 10, previousCount: 4, shareChange: 21.7 },
        { id: C, name: 'Editor freezes', kind: 'pain_point', status: 'new', count: 4, previousCount: 0, shareChange: 16.7 },
        { id: E, name: 'Dark mode', kind: 'feature_request', status: 'new', count: 3, previousCount: 0, shareChange: 12.5 },
        { id: OLD, name: 'Old theme', kind: 'other', status: 'resolved', count: 0, previousCount: 2, shareChange: -10 },
        { id: B, name: 'App crashes', kind: 'pain_point', status: 'steady', count: 6, previousCount: 6, shareChange: -5 },
        { id: D, name: 'Love the design', kind: 'praise', status: 'steady', count: 5, previousCount: 5, shareChange: -4.2 },
      ],
      counts: { new: 2, growing: 1, steady: 2, shrinking: 0, resolved: 1 },
      splits: [],
      merges: [],
    },
  };
}

const edit = (action: TaxonomyEdit['action'], themeId: string, extra: Partial<TaxonomyEdit> = {}): TaxonomyEdit => ({ action, themeId, ...extra });

describe('applyTaxonomy', () => {
  const edits: TaxonomyEdit[] = [
    edit('rename', A, { name: 'Crashes and freezes' }),
    edit('merge', B, { intoThemeId: A }),
    // A chain: C into B, which is merged into A.
    edit('merge', C, { intoThemeId: B }),
    edit('hide', D),
    edit('rename', E, { name: 'Dark theme' }),
  ];

  it('merges a chain of themes, counting an entry cited by several once, from the theme sets', () => {
    const out = applyTaxonomy(fixture(), edits);
    const merged = out.themes.find((t) => t.id === A)!;
    // 7 + 3 + 2 + 1 + 3 entries cite A, B or C.
    expect(merged.count).toBe(16);
    expect(merged.weekly).toEqual([
      { week: W1, count: 7 },
      { week: W2, count: 9 },
    ]);
    expect(merged.name).toBe('Crashes and freezes');
    expect(merged.kind).toBe('pain_point');
    expect(merged.summary).toBe('Crashes on save summary');
    expect(merged.feedbackIds).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    expect(merged.feedbackIdsTruncated).toBe(true);
    expect(merged.quotes).toEqual(['qa1', 'qa2', 'qb1']);
    expect(merged.edited).toEqual({ modelName: 'Crashes on save', mergedIds: [B, C] });
  });

  it('lists what is left, biggest first, in every list, and the hidden theme apart', () => {
    const out = applyTaxonomy(fixture(), edits);
    expect(out.themes.map((t) => [t.id, t.name, t.count])).toEqual([
      [A, 'Crashes and freezes', 16],
      [E, 'Dark theme', 3],
    ]);
    expect(out.themes[1]!.edited).toEqual({ modelName: 'Dark mode' });
    expect(out.painPoints.map((t) => t.id)).toEqual([A]);
    expect(out.featureRequests.map((t) => t.name)).toEqual(['Dark theme']);
    expect(out.praise).toEqual([]);
    expect(out.hiddenThemes).toEqual([{ id: D, name: 'Love the design', count: 5 }]);
    expect(out.keyThemes).toEqual(['Crashes and freezes', 'Dark theme']);
  });

  it('points recommendations at the themes’ new names and drops hidden ones; the legacy cards follow', () => {
    const out = applyTaxonomy(fixture(), edits);
    expect(out.recommendationsDetailed.map((r) => r.themes)).toEqual([['Crashes and freezes'], [], ['Dark theme', 'Crashes and freezes']]);
    expect(out.insights.map((i) => [i.type, i.title, i.priority, i.supportingData?.count])).toEqual([
      // 16 of 24 analysed is high, 3 of 24 medium.
      ['alert', 'Crashes and freezes', 'high', 16],
      ['theme', 'Dark theme', 'medium', 3],
      ['recommendation', 'Fix crashes', 'high', 16],
      ['recommendation', 'Keep the design', 'low', undefined],
      ['recommendation', 'Ship dark mode', 'medium', 19],
    ]);
    expect(out.recommendations).toEqual(['Fix crashes', 'Keep the design: It works', 'Ship dark mode']);
    expect(compactResult(out).compact.themesTotal).toBe(2);
  });

  it('folds the merged themes’ trends into one and drops the hidden one’s', () => {
    const out = applyTaxonomy(fixture(), edits);
    // Now 16 of 24 (66.7 points); before, A, B and C held 4, 6 and 0 of 20 (20 + 30 + 0 points).
    expect(out.trends!.themes).toEqual([
      { id: A, name: 'Crashes and freezes', kind: 'pain_point', status: 'growing', count: 16, previousCount: 10, shareChange: 16.7 },
      { id: E, name: 'Dark theme', kind: 'feature_request', status: 'new', count: 3, previousCount: 0, shareChange: 12.5 },
      { id: OLD, name: 'Old theme', kind: 'other', status: 'resolved', count: 0, previousCount: 2, shareChange: -10 },
    ]);
    expect(out.trends!.counts).toEqual({ new: 1, growing: 1, steady: 0, shrinking: 0, resolved: 1 });
  });

  it('keeps what it was given unchanged', () => {
    const input = fixture();
    const copy = structuredClone(input);
    applyTaxonomy(input, edits);
    expect(input).toEqual(copy);
  });

  it('returns the result itself when no edit names one of its themes', () => {
    const input = fixture();
    expect(applyTaxonomy(input, [])).toBe(input);
    expect(applyTaxonomy(input, [edit('rename', 'th_0000000000', { name: 'Gone' }), edit('hide', OLD), edit('merge', A, { intoThemeId: OLD })])).toBe(input);
  });

  it('hides a merged theme whole when the theme it went into is hidden, under its new name', () => {
    const out = applyTaxonomy(fixture(), [edit('merge', C, { intoThemeId: B }), edit('rename', B, { name: 'Stability' }), edit('hide', B)]);
    // B and C: 3 + 2 + 1 + 3 entries.
    expect(out.hiddenThemes).toEqual([{ id: B, name: 'Stability', count: 9 }]);
    expect(out.themes.map((t) => t.id)).toEqual([A, D, E]);
    expect(out.insights.filter((i) => i.type !== 'recommendation').map((i) => i.title)).toEqual(['Crashes on save', 'Love the design', 'Dark mode']);
  });

  it('ignores hiding a theme that was merged into another: the theme it went into shows', () => {
    const out = applyTaxonomy(fixture(), [edit('hide', C), edit('merge', C, { intoThemeId: A })]);
    expect(out.hiddenThemes).toBeUndefined();
    // A and C: 10 + 4, no entry cited by both.
    expect(out.themes.map((t) => [t.id, t.count])).toEqual([
      [A, 14],
      [B, 6],
      [D, 5],
      [E, 3],
    ]);
  });

  it('takes the last rename and ignores a merge that would close a cycle or target itself', () => {
    const out = applyTaxonomy(fixture(), [
      edit('rename', E, { name: 'First' }),
      edit('rename', E, { name: 'Second' }),
      edit('merge', B, { intoThemeId: A }),
      edit('merge', A, { intoThemeId: B }),
      edit('merge', C, { intoThemeId: C }),
    ]);
    expect(out.themes.map((t) => [t.id, t.name, t.count])).toEqual([
      [A, 'Crashes on save', 13],
      [D, 'Love the design', 5],
      [C, 'Editor freezes', 4],
      [E, 'Second', 3],
    ]);
  });

  it('without theme sets (older results), counts a merge from the ids when every id is listed, else adds counts up to the analysed total', () => {
    const base = fixture();
    delete base.themeSets;
    delete base.trends;
    base.themes = base.themes.map((t) => ({
      ...t,
      feedbackIdsTruncated: false,
      feedbackIds: t.id === A ? ['f1', 'f2'] : t.id === B ? ['f2', 'f3', 'f4'] : t.feedbackIds,
      count: t.id === A ? 2 : t.id === B ? 3 : t.feedbackIds.length,
    }));
    const exact = applyTaxonomy(base, [edit('merge', B, { intoThemeId: A })]);
    expect(exact.themes.find((t) => t.id === A)!.count).toBe(4);

    const truncated = fixture();
    delete truncated.themeSets;
    // 10 + 6 + 4 + 5 = 25 would exceed the 24 entries analysed.
    const out = applyTaxonomy(truncated, [edit('merge', B, { intoThemeId: A }), edit('merge', C, { intoThemeId: A }), edit('merge', D, { intoThemeId: A })]);
    expect(out.themes.find((t) => t.id === A)!.count).toBe(24);
    expect(out.themes.find((t) => t.id === A)!.weekly).toEqual([
      { week: W1, count: 13 },
      { week: W2, count: 12 },
    ]);
  });
});
