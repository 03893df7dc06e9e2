import { describe, expect, it } from '@jest/globals';
import type { ResultTheme } from './result.schema.js';
import { compareResults } from './trends.js';

const theme = (name: string, count: number, kind: ResultTheme['kind'] = 'pain_point'): ResultTheme => ({
  name,
  summary: '',
  kind,
  count,
  feedbackIds: [],
  feedbackIdsTruncated: false,
  quotes: [],
});
const snapshot = (analysed: number, themes: ResultTheme[], generatedAt = '2026-11-01T00:00:00.000Z') => ({
  themes,
  generatedAt,
  coverage: { totalFeedback: analysed, analysed, sampled: false, trimmed: 0, droppedInvalidIds: 0, refused: 0, refusedIds: [], assigned: 0 },
});

describe('compareResults', () => {
  it('has nothing to compare for a scope’s first result', () => {
    expect(compareResults(snapshot(100, [theme('Crashes', 10)]), undefined)).toEqual({
      previousGeneratedAt: null,
      themes: [],
      counts: { new: 0, growing: 0, steady: 0, shrinking: 0, resolved: 0 },
      splits: [],
      merges: [],
    });
  });

  it('names new, growing, steady, shrinking and resolved themes with both counts, biggest moves first', () => {
    const previous = snapshot(100, [theme('Crashes', 10), theme('Slow export', 20), theme('Pricing', 5), theme('Login loop', 8)]);
    const current = snapshot(
      100,
      [theme('crashes ', 25), theme('Slow export', 12), theme('Pricing', 6), theme('Dark mode', 9, 'feature_request')],
      '2026-11-08T00:00:00.000Z',
    );
    const trends = compareResults(current, previous);
    expect(trends.previousGeneratedAt).toBe('2026-11-01T00:00:00.000Z');
    expect(trends.themes).toEqual([
      { name: 'crashes ', kind: 'pain_point', status: 'growing', count: 25, previousCount: 10, shareChange: 15 },
      { name: 'Dark mode', kind: 'feature_request', status: 'new', count: 9, previousCount: 0, shareChange: 9 },
      { name: 'Login loop', kind: 'pain_point', status: 'resolved', count: 0, previousCount: 8, shareChange: -8 },
      { name: 'Slow export', kind: 'pain_point', status: 'shrinking', count: 12, previousCount: 20, shareChange: -8 },
      { name: 'Pricing', kind: 'pain_point', status: 'steady', count: 6, previousCount: 5, shareChange: 1 },
    ]);
    expect(trends.counts).toEqual({ new: 1, growing: 1, steady: 1, shrinking: 1, resolved: 1 });
  });

  it('compares shares, so a scope that doubled in size keeps its proportions steady', () => {
    const previous = snapshot(100, [theme('Crashes', 10), theme('Pricing', 30)]);
    const current = snapshot(200, [theme('Crashes', 20), theme('Pricing', 60)]);
    expect(compareResults(current, previous).themes.map((t) => [t.name, t.status])).toEqual([
      ['Crashes', 'steady'],
      ['Pricing', 'steady'],
    ]);
  });
});

describe('compareResults by theme id', () => {
  const withId = (id: string, name: string, count: number): ResultTheme => ({ ...theme(name, count), id });

  it('pairs themes by id, so a relabelled theme is steady, not resolved and new', () => {
    const previous = snapshot(100, [withId('th_aaaaaaaaaa', 'Crashes on start', 10), withId('th_bbbbbbbbbb', 'Pricing', 20)]);
    const current = snapshot(
      100,
      [withId('th_aaaaaaaaaa', 'The app crashes when opened', 11), withId('th_cccccccccc', 'Pricing', 20)],
      '2026-11-08T00:00:00.000Z',
    );
    const trends = compareResults(current, previous);
    expect(trends.themes).toEqual([
      { id: 'th_bbbbbbbbbb', name: 'Pricing', kind: 'pain_point', status: 'resolved', count: 0, previousCount: 20, shareChange: -20 },
      { id: 'th_cccccccccc', name: 'Pricing', kind: 'pain_point', status: 'new', count: 20, previousCount: 0, shareChange: 20 },
      { id: 'th_aaaaaaaaaa', name: 'The app crashes when opened', kind: 'pain_point', status: 'steady', count: 11, previousCount: 10, shareChange: 1 },
    ]);
  });

  it('falls back to names when either result predates theme ids', () => {
    const previous = snapshot(100, [theme('Pricing', 20)]);
    const current = snapshot(100, [withId('th_cccccccccc', 'Pricing', 20)]);
    expect(compareResults(current, previous).themes).toEqual([
      { name: 'Pricing', kind: 'pain_point', status: 'steady', count: 20, previousCount: 20, shareChange: 0 },
    ]);
  });

  it('passes on the splits and merges it is given between themes the two results hold', () => {
    const previous = snapshot(100, [withId('th_aaaaaaaaaa', 'A', 20), withId('th_bbbbbbbbbb', 'B', 5), withId('th_cccccccccc', 'C', 5)]);
    const current = snapshot(100, [withId('th_aaaaaaaaaa', 'A1', 12), withId('th_dddddddddd', 'A2', 8), withId('th_bbbbbbbbbb', 'BC', 10)]);
    const lineage = {
      splits: [
        { from: 'th_aaaaaaaaaa', into: ['th_aaaaaaaaaa', 'th_dddddddddd'] },
        { from: 'th_zzzzzzzzzz', into: ['th_aaaaaaaaaa', 'th_dddddddddd'] },
      ],
      merges: [{ from: ['th_bbbbbbbbbb', 'th_cccccccccc'], into: 'th_bbbbbbbbbb' }],
    };
    const trends = compareResults(current, previous, lineage);
    expect(trends.splits).toEqual([lineage.splits[0]]);
    expect(trends.merges).toEqual(lineage.merges);
  });
});
