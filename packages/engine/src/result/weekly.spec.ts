import { describe, expect, it } from '@jest/globals';
import { themeSetsOf, weekOf, weeklyCounts } from './weekly.js';

describe('weekly counts', () => {
  it('puts a moment in the week of its Monday, UTC', () => {
    expect(weekOf(new Date('2026-11-30T00:00:00.000Z'))).toBe('2026-11-30'); // a Monday
    expect(weekOf(new Date('2026-12-06T23:59:59.999Z'))).toBe('2026-11-30'); // the Sunday after
    expect(weekOf(new Date('2026-12-07T00:00:00.000Z'))).toBe('2026-12-07');
    expect(weekOf(new Date('2026-01-01T12:00:00.000Z'))).toBe('2025-12-29'); // a Thursday
    expect(weekOf(new Date('1969-12-31T12:00:00.000Z'))).toBe('1969-12-29');
  });

  const created = new Map([
    ['e1', new Date('2026-11-30T08:00:00.000Z')],
    ['e2', new Date('2026-12-02T08:00:00.000Z')],
    ['e3', new Date('2026-12-07T08:00:00.000Z')],
    ['e4', new Date('2026-11-16T08:00:00.000Z')],
    ['e5', new Date('2026-12-08T08:00:00.000Z')],
  ]);

  it('counts a theme’s entries by week, oldest first', () => {
    expect(weeklyCounts(['e3', 'e1', 'e2', 'e4'], created)).toEqual([
      { week: '2026-11-16', count: 1 },
      { week: '2026-11-30', count: 2 },
      { week: '2026-12-07', count: 1 },
    ]);
  });

  it('groups entries by the exact set of themes citing them, each entry once', () => {
    const sets = themeSetsOf(
      [
        { id: 'th_bbbbbbbbbb', ids: ['e1', 'e2', 'e3'] },
        { id: 'th_aaaaaaaaaa', ids: ['e3', 'e4', 'e5'] },
      ],
      created,
    );
    expect(sets).toEqual([
      {
        themes: ['th_aaaaaaaaaa'],
        count: 2,
        weekly: [
          { week: '2026-11-16', count: 1 },
          { week: '2026-12-07', count: 1 },
        ],
      },
      { themes: ['th_bbbbbbbbbb'], count: 2, weekly: [{ week: '2026-11-30', count: 2 }] },
      { themes: ['th_aaaaaaaaaa', 'th_bbbbbbbbbb'], count: 1, weekly: [{ week: '2026-12-07', count: 1 }] },
    ]);
  });
});
