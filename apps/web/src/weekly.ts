/** A theme's entries in one week (`week`: its Monday, UTC, YYYY-MM-DD). */
export interface WeekCount {
  week: string;
  count: number;
}

export interface WeekBar extends WeekCount {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BarArea {
  width: number;
  height: number;
  /** Space between two bars. */
  gap: number;
}

/**
 * One bar a week, oldest on the left, standing on the bottom edge; the busiest week fills the
 * height. A week with entries keeps at least a one-unit sliver, so it never reads as empty.
 */
export function weeklyBars(weekly: readonly WeekCount[], area: BarArea): WeekBar[] {
  if (weekly.length === 0) return [];
  const width = Math.max(1, (area.width - area.gap * (weekly.length - 1)) / weekly.length);
  const peak = Math.max(...weekly.map((w) => w.count));
  return weekly.map(({ week, count }, index) => {
    const scaled = peak > 0 ? (count / peak) * area.height : 0;
    const height = count > 0 ? Math.max(1, scaled) : 0;
    return { week, count, x: index * (width + area.gap), y: area.height - height, width, height };
  });
}

const weekLabel = (week: string) =>
  new Date(`${week}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** The chart in words, for screen readers and anyone who cannot see it. */
export function describeWeekly(name: string, weekly: readonly WeekCount[]): string {
  if (weekly.length === 0) return `${name}: no weekly counts.`;
  return `${name}, entries per week: ${weekly.map((w) => `week of ${weekLabel(w.week)}: ${w.count}`).join('; ')}.`;
}
