import { describe, expect, it } from '@jest/globals';
import { assignRest } from './assign.js';
import { normalise, type EntryVectors } from './embed.stage.js';
import type { PartialTheme } from './partial-theme.js';

const theme = (name: string, ids: string[]): PartialTheme => ({ name, summary: '', kind: 'other', sentiment: 'neutral', ids, quotes: [] });
const unit = (...xs: number[]) => normalise(Float32Array.from(xs));

// Three themes in three dimensions. "Tight": three members worded alike, all on the x axis (its
// own bar is 1). "Loose y" and "Loose z": members spread around their axis, the loosest at 0.8 from
// their centre (bars 0.8). The median bar is 0.8.
const vectors: EntryVectors = new Map([
  ['t1', unit(1, 0, 0)],
  ['t2', unit(1, 0, 0)],
  ['t3', unit(1, 0, 0)],
  ['y1', unit(0, 1, 0)],
  ['y2', unit(0, 0.8, 0.6)],
  ['y3', unit(0, 0.8, -0.6)],
  ['z1', unit(0, 0, 1)],
  ['z2', unit(0.6, 0, 0.8)],
  ['z3', unit(-0.6, 0, 0.8)],
  // 0.90 from the tight theme's centre: under its own bar, over the median one.
  ['near-tight', unit(0.9, 0.3, 0.3)],
  // 0.90 from "Loose y".
  ['near-y', unit(0, 0.9, Math.sqrt(1 - 0.81))],
  // 0.70 from "Loose z" at best: under every bar.
  ['between', unit(0.5, 0.5, 0.7)],
]);
const themes = [theme('Tight', ['t1', 't2', 't3']), theme('Loose y', ['y1', 'y2', 'y3']), theme('Loose z', ['z1', 'z2', 'z3'])];

describe('assignRest', () => {
  it('admits to a theme of alike members an entry as near as the median theme admits', () => {
    const { themes: placed, assigned } = assignRest(themes, vectors, ['near-tight', 'near-y', 'between']);
    expect(placed.map((t) => t.ids)).toEqual([
      ['t1', 't2', 't3', 'near-tight'],
      ['y1', 'y2', 'y3', 'near-y'],
      ['z1', 'z2', 'z3'],
    ]);
    expect(assigned).toBe(2);
  });

  it('keeps a loose theme to its own bar: an entry under it stays in no theme', () => {
    // 0.75 from "Loose y": nearest to it, but under its 0.8.
    const far = new Map(vectors).set('far-y', unit(0, 0.75, Math.sqrt(1 - 0.5625)));
    const { themes: placed, assigned } = assignRest(themes, far, ['far-y']);
    expect(placed[1]!.ids).toEqual(['y1', 'y2', 'y3']);
    expect(assigned).toBe(0);
  });

  it('takes the median of an even count of bars as the mean of the two middle ones', () => {
    // Two themes with bars of their own, 1 and 0.8: the median bar is 0.9. An entry 0.9045 from
    // the tight theme's centre is admitted; one 0.88 from it is not (the higher of the two, 1,
    // would refuse both; the lower, 0.8, would admit both).
    const two = new Map(vectors).set('at-088', unit(0.88, Math.sqrt(1 - 0.88 * 0.88), 0));
    const { themes: placed, assigned } = assignRest(themes.slice(0, 2), two, ['near-tight', 'at-088']);
    expect(placed[0]!.ids).toEqual(['t1', 't2', 't3', 'near-tight']);
    expect(placed[1]!.ids).toEqual(['y1', 'y2', 'y3']);
    expect(assigned).toBe(1);
  });
});
