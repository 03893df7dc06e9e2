import type { InsightsResult } from '@insights/client';

type Trends = NonNullable<InsightsResult['trends']>;

const STATUS_BADGE: Record<Trends['themes'][number]['status'], string> = {
  new: 'badge-priority-medium',
  growing: 'badge-negative',
  steady: '',
  shrinking: 'badge-positive',
  resolved: 'badge-positive',
};
const SHOWN = 8;

/** How themes moved since the scope's previous result: only the movers, biggest first. */
export function Trends({ trends }: { trends: InsightsResult['trends'] }) {
  if (!trends?.previousGeneratedAt) return null;
  const movers = trends.themes.filter((theme) => theme.status !== 'steady');
  const { counts } = trends;
  return (
    <section className="card" aria-labelledby="trends-heading" data-testid="trends">
      <div className="section-head">
        <h2 id="trends-heading">Since the previous insights</h2>
        <span className="muted small">
          {counts.new} new · {counts.growing} growing · {counts.shrinking} shrinking · {counts.resolved} resolved · {counts.steady} steady
        </span>
      </div>
      {movers.length === 0 ? (
        <p className="muted">No theme moved by more than two points of share.</p>
      ) : (
        <ul className="trends">
          {movers.slice(0, SHOWN).map((theme) => (
            <li key={`${theme.status}:${theme.id ?? theme.name}:${theme.kind}`} data-testid="trend" data-status={theme.status}>
              <span className={`badge ${STATUS_BADGE[theme.status]}`}>{theme.status}</span> <strong>{theme.name}</strong>{' '}
              <span className="muted small">
                {theme.previousCount} → {theme.count} ({theme.shareChange > 0 ? '+' : ''}
                {theme.shareChange} pts)
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
