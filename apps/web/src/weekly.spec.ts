import { describe, expect, it } from '@jest/globals';
import { describeWeekly, weeklyBars } from './weekly.js';

const weekly = [
  { week: '2026-11-02', count: 2 },
  { week: '2026-11-09', count: 0 },
  { week: '2026-11-16', count: 8 },
  { week: '2026-11-23', count: 4 },
];

describe('weeklyBars', () => {
  it('draws one bar a week, left to right, the tallest week filling the height', () => {
    const bars = weeklyBars(weekly, { width: 100, height: 40, gap: 4 });
    expect(bars).toHaveLength(4);
    expect(bars.map((b) => b.week)).toEqual(weekly.map((w) => w.week));
    // (100 - 3 gaps of 4) / 4 bars = 22 wide.
    expect(bars.map((b) => b.x)).toEqual([0, 26, 52, 78]);
    expect(bars.every((b) => b.width === 22)).toBe(true);
    expect(bars.map((b) => b.height)).toEqual([10, 0, 40, 20]);
    // Bars stand on the bottom edge.
    expect(bars.map((b) => b.y + b.height)).toEqual([40, 40, 40, 40]);
  });

  it('keeps a sliver for a week with entries however small beside the tallest', () => {
    const [small] = weeklyBars(
      [
        { week: '2026-11-02', count: 1 },
        { week: '2026-11-09', count: 1_000 },
      ],
      { width: 50, height: 40, gap: 2 },
    );
    expect(small!.height).toBe(1);
  });

  it('draws nothing for no weeks, and flat bars for weeks without entries', () => {
    expect(weeklyBars([], { width: 100, height: 40, gap: 4 })).toEqual([]);
    expect(weeklyBars([{ week: '2026-11-02', count: 0 }], { width: 100, height: 40, gap: 4 }).map((b) => b.height)).toEqual([0]);
  });
});

describe('describeWeekly', () => {
  it('says the entries of each week in words', () => {
    expect(describeWeekly('Slow export', weekly.slice(2))).toBe('Slow export, entries per week: week of Nov 16, 2026: 8; week of Nov 23, 2026: 4.');
    expect(describeWeekly('Slow export', [{ week: '2026-11-16', count: 1 }])).toBe('Slow export, entries per week: week of Nov 16, 2026: 1.');
    expect(describeWeekly('Slow export', [])).toBe('Slow export: no weekly counts.');
  });
});
