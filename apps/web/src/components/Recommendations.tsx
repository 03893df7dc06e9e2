import type { InsightsResult } from '@insights/client';

type Recommendation = InsightsResult['recommendationsDetailed'][number];

export function Recommendations({ items }: { items: Recommendation[] }) {
  return (
    <section className="card" aria-labelledby="recommendations-heading">
      <h2 id="recommendations-heading">Recommendations</h2>
      {items.length === 0 ? (
        <p className="muted">No recommendations for this selection.</p>
      ) : (
        <ol className="recommendations">
          {items.map((item) => (
            <li key={item.title} className="recommendation" data-testid="recommendation" data-priority={item.priority}>
              <div className="recommendation-head">
                <strong>{item.title}</strong>
                <span className={`badge badge-priority-${item.priority}`}>{item.priority} priority</span>
              </div>
              <p>{item.description}</p>
              {item.themes.length > 0 && <p className="muted small">Based on: {item.themes.join(', ')}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
