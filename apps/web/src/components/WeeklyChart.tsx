import { describeWeekly, weeklyBars, type WeekCount } from '../weekly';

const MAX_WIDTH = 120;
// A few weeks draw as a few narrow bars, not as blocks filling the whole width.
const WIDTH_PER_WEEK = 12;
const HEIGHT = 28;

/** A theme's entries per week as small bars; the label says the same in words. */
export function WeeklyChart({ name, weekly }: { name: string; weekly: readonly WeekCount[] }) {
  if (weekly.length === 0) return null;
  const label = describeWeekly(name, weekly);
  const gap = weekly.length > 20 ? 1 : 2;
  const width = Math.min(MAX_WIDTH, weekly.length * WIDTH_PER_WEEK);
  return (
    <svg
      className="weekly-chart"
      data-testid="weekly-chart"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      width={width}
      height={HEIGHT}
      preserveAspectRatio="none"
    >
      <title>{label}</title>
      <line className="weekly-axis" x1={0} x2={width} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
      {weeklyBars(weekly, { width, height: HEIGHT, gap }).map((bar) => (
        <rect
          key={bar.week}
          className="weekly-bar"
          data-testid="weekly-bar"
          data-week={bar.week}
          data-count={bar.count}
          x={bar.x}
          y={bar.y}
          width={bar.width}
          height={bar.height}
          rx={1}
        />
      ))}
    </svg>
  );
}
