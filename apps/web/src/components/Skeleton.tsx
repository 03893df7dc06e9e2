export function Skeleton() {
  return (
    <div className="skeleton" data-testid="skeleton" aria-busy="true" aria-label="Loading insights">
      <div className="skeleton-block skeleton-title" />
      <div className="skeleton-block skeleton-line" />
      <div className="skeleton-block skeleton-line skeleton-short" />
      <div className="skeleton-row">
        <div className="skeleton-block skeleton-card" />
        <div className="skeleton-block skeleton-card" />
        <div className="skeleton-block skeleton-card" />
      </div>
      <div className="skeleton-block skeleton-chart" />
    </div>
  );
}
