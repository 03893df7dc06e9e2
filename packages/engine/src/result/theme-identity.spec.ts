import { describe, expect, it } from '@jest/globals';
import { buildInsightsResult, type ThemeDraft } from './result.builder.js';
import { THEME_ID, type InsightsResult } from './result.schema.js';
import { listedIds, matchThemes, newThemeId } from './theme-identity.js';
import { identifyThemes } from './identify-themes.js';
import { compareResults } from './trends.js';

const ids = (prefix: string, count: number, from = 0) => Array.from({ length: count }, (_, i) => `${prefix}-${from + i}`);
const OLD = new Date('2026-11-02T10:00:00.000Z');
const NEW = new Date('2026-11-20T10:00:00.000Z');

function draft(id: string | undefined, name: string, feedbackIds: string[]): ThemeDraft {
  return { ...(id ? { id } : {}), name, summary: '', kind: 'pain_point', count: feedbackIds.length, feedbackIds, quotes: [] };
}

/** A stored result as the builder writes it (listed ids capped), made at `at`. */
function stored(themes: ThemeDraft[], analysed: number, at = new Date('2026-11-10T00:00:00.000Z')): InsightsResult {
  return buildInsightsResult({
    summary: 's',
    themes,
    recommendations: [],
    statistics: { totalFeedback: analysed, averageRating: 3, positivePercentage: 0, negativePercentage: 0 },
    coverage: { totalFeedback: analysed, analysed, sampled: false, trimmed: 0, droppedInvalidIds: 0 },
    provider: 'p',
    model: 'm',
    promptVersion: 'v',
    tokens: { prompt: 0, completion: 0, cached: 0 },
    llmCalls: 0,
    memoHits: 0,
    generatedAt: at,
  });
}

const createdMap = (old: string[], fresh: string[] = []) => new Map([...old.map((id) => [id, OLD] as const), ...fresh.map((id) => [id, NEW] as const)]);

/** Five themes of 120 entries each (600 in all), with fixed ids. */
const FIVE = ['crash', 'sync', 'price', 'login', 'chart'];
const FIVE_IDS = ['th_crash00001', 'th_sync000001', 'th_price00001', 'th_login00001', 'th_chart00001'].map((id) => id.slice(0, 13));

describe('theme identity from evidence', () => {
  it('makes ids of th_ and ten characters of [0-9a-z], different each time', () => {
    const made = new Set(Array.from({ length: 200 }, () => newThemeId()));
    expect(made.size).toBe(200);
    for (const id of made) expect(id).toMatch(/^th_[0-9a-z]{10}$/);
  });

  it('keeps every id and reports steady when the model relabels themes citing the same evidence', () => {
    const all = FIVE.flatMap((w) => ids(w, 120));
    const previous = stored(
      FIVE.map((w, i) => draft(FIVE_IDS[i], `${w} problems`, ids(w, 120))),
      600,
    );
    // Every label worded differently, the same entries cited.
    const now = identifyThemes(
      FIVE.map((w) => draft(undefined, `Issues around ${w.toUpperCase()}`, ids(w, 120))),
      createdMap(all),
      { previous },
    );
    expect(now.themes.map((t) => t.id)).toEqual(FIVE_IDS);
    const current = stored(now.themes, 600, new Date('2026-11-21T00:00:00.000Z'));
    const trends = compareResults(current, previous, now.lineage);
    expect(trends.counts).toEqual({ new: 0, growing: 0, steady: 5, shrinking: 0, resolved: 0 });
    expect(trends.themes.map((t) => t.id).sort()).toEqual([...FIVE_IDS].sort());
    expect(trends.splits).toEqual([]);
    expect(trends.merges).toEqual([]);
  });

  it('keeps every id when 3% new entries join the themes', () => {
    const all = FIVE.flatMap((w) => ids(w, 120));
    const previous = stored(
      FIVE.map((w, i) => draft(FIVE_IDS[i], `${w} problems`, ids(w, 120))),
      600,
    );
    // 18 new entries (3% of 600), spread over the themes, and a relabel on top.
    const fresh = FIVE.flatMap((w, i) => ids(`${w}-new`, i < 3 ? 4 : 3));
    const now = identifyThemes(
      FIVE.map((w, i) => draft(undefined, `${w} again`, [...ids(w, 120), ...ids(`${w}-new`, i < 3 ? 4 : 3)])),
      createdMap(all, fresh),
      { previous },
    );
    expect(now.themes.map((t) => t.id)).toEqual(FIVE_IDS);
  });

  it('records a split (the larger part keeps the id) and a merge (the larger source keeps the id)', () => {
    const a = ids('a', 40);
    const b = ids('b', 30);
    const c = ids('c', 20);
    const previous = stored([draft('th_aaaaaaaaaa', 'A', a), draft('th_bbbbbbbbbb', 'B', b), draft('th_cccccccccc', 'C', c)], 90);
    const fresh = ['th_new0000001', 'th_new0000002', 'th_new0000003'].map((id) => id.slice(0, 13));
    let n = 0;
    const lineage = matchThemes({
      // A split 24 / 16; B and C met in one theme.
      current: [a.slice(16), a.slice(0, 16), [...c, ...b]],
      previous: previous.themes.map((t) => ({ id: t.id!, count: t.count, feedbackIds: t.feedbackIds })),
      analysed: new Set([...a, ...b, ...c]),
      newId: () => fresh[n++]!,
    });
    expect(lineage.ids).toEqual(['th_aaaaaaaaaa', fresh[0], 'th_bbbbbbbbbb']);
    expect(lineage.splits).toEqual([{ from: 'th_aaaaaaaaaa', into: ['th_aaaaaaaaaa', fresh[0]] }]);
    expect(lineage.merges).toEqual([{ from: ['th_bbbbbbbbbb', 'th_cccccccccc'], into: 'th_bbbbbbbbbb' }]);
  });

  it('gives a theme with unrelated evidence a new id, and leaves the old one to resolve', () => {
    const previous = stored([draft('th_aaaaaaaaaa', 'Export fails', ids('a', 30))], 60);
    const now = identifyThemes([draft(undefined, 'Export fails', ids('z', 30))], createdMap([...ids('a', 30), ...ids('z', 30)]), { previous });
    expect(now.themes[0]!.id).toMatch(THEME_ID);
    expect(now.themes[0]!.id).not.toBe('th_aaaaaaaaaa');
    const trends = compareResults(stored(now.themes, 60), previous, now.lineage);
    // Same label, other evidence: a new theme and a resolved one, not one steady theme.
    expect(trends.counts).toMatchObject({ new: 1, resolved: 1, steady: 0 });
  });

  it('derives a new theme’s id from its evidence, so a rerun without history repeats it, and never repeats an id within a result', () => {
    const a = ids('a', 12);
    const first = identifyThemes([draft(undefined, 'A', a), draft(undefined, 'A again', [...a].reverse())], createdMap(a));
    const second = identifyThemes([draft(undefined, 'Other label', a)], createdMap(a));
    expect(first.themes[0]!.id).toMatch(THEME_ID);
    expect(second.themes[0]!.id).toBe(first.themes[0]!.id);
    expect(first.themes[1]!.id).toMatch(THEME_ID);
    expect(first.themes[1]!.id).not.toBe(first.themes[0]!.id);
  });

  it('records a small theme swallowed by one over four times its size as merged into it', () => {
    const small = ids('s', 20);
    const big = ids('b', 100);
    const lineage = matchThemes({
      current: [[...big, ...small]],
      previous: [
        { id: 'th_bbbbbbbbbb', count: 100, feedbackIds: big },
        { id: 'th_ssssssssss', count: 20, feedbackIds: small },
      ],
      analysed: new Set([...big, ...small]),
    });
    expect(lineage.ids).toEqual(['th_bbbbbbbbbb']);
    expect(lineage.merges).toEqual([{ from: ['th_bbbbbbbbbb', 'th_ssssssssss'], into: 'th_bbbbbbbbbb' }]);
  });

  it('gives a theme the id of the one theme it swallowed when it has no predecessor of its own', () => {
    const small = ids('s', 20);
    // Entries analysed before but in no theme then now make up most of the theme.
    const unthemed = ids('u', 80);
    const lineage = matchThemes({
      current: [[...unthemed, ...small]],
      previous: [{ id: 'th_ssssssssss', count: 20, feedbackIds: small }],
      analysed: new Set([...unthemed, ...small]),
    });
    expect(lineage.ids).toEqual(['th_ssssssssss']);
    expect(lineage.merges).toEqual([]);
  });

  it('does not let a small overlap carry an id', () => {
    const a = ids('a', 40);
    // 8 of A's 40 entries (20%) in a theme of mostly other entries.
    const lineage = matchThemes({
      current: [[...a.slice(0, 8), ...ids('x', 30)]],
      previous: [{ id: 'th_aaaaaaaaaa', count: 40, feedbackIds: a }],
      analysed: new Set([...a, ...ids('x', 30)]),
    });
    expect(lineage.ids[0]).not.toBe('th_aaaaaaaaaa');
  });

  it('counts only entries written before the previous result against its share of a new theme', () => {
    const a = ids('a', 30);
    const fresh = ids('f', 150);
    // A theme of 30 that grew to 180 with new feedback: 30 of its 30 carried entries are A's.
    const previous = stored([draft('th_aaaaaaaaaa', 'A', a)], 30);
    const now = identifyThemes([draft(undefined, 'A grown', [...a, ...fresh])], createdMap(a, fresh), { previous });
    expect(now.themes[0]!.id).toBe('th_aaaaaaaaaa');
  });

  it('matches through a sample of listed ids when a theme has more entries than are listed', () => {
    const big = ids('big', 400);
    const previous = stored([draft('th_bigbigbigb', 'Big', big)], 400);
    expect(previous.themes[0]!.feedbackIds).toHaveLength(50);
    // The new theme holds a different 80% of the entries than the first 50.
    const kept = big.slice(80);
    const now = identifyThemes([draft(undefined, 'Large', kept)], createdMap(big), { previous });
    expect(now.themes[0]!.id).toBe('th_bigbigbigb');
  });
});

describe('listed ids', () => {
  it('lists every id of a small theme, in order', () => {
    expect(listedIds(['b', 'a', 'c', 'a'], 50)).toEqual(['b', 'a', 'c']);
  });

  it('lists the same sample whatever the order, not the first ids', () => {
    const all = ids('e', 300);
    const listed = listedIds(all, 50);
    expect(listed).toHaveLength(50);
    expect(new Set(listedIds([...all].reverse(), 50))).toEqual(new Set(listed));
    expect(listed).not.toEqual(all.slice(0, 50));
    // Spread over the whole list, not bunched at its start.
    expect(listed.filter((id) => all.indexOf(id) >= 150).length).toBeGreaterThan(10);
  });

  it('keeps almost all of its sample when a few entries join', () => {
    const all = ids('e', 300);
    const before = new Set(listedIds(all, 50));
    const after = listedIds([...all, ...ids('n', 9)], 50);
    // A joining entry can only push listed ones out: every old id still listed was listed before.
    const stayed = after.filter((id) => before.has(id));
    expect(after.filter((id) => id.startsWith('e-')).every((id) => before.has(id))).toBe(true);
    expect(stayed.length).toBeGreaterThanOrEqual(45);
  });
});
