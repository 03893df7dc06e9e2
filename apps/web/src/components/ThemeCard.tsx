import { useId, useState } from 'react';
import type { InsightsResult } from '@insights/client';

type Theme = InsightsResult['themes'][number];

const KIND_LABELS: Record<string, string> = {
  pain_point: 'Pain point',
  feature_request: 'Feature request',
  praise: 'Praise',
  other: 'Theme',
};

export function ThemeCard({ theme }: { theme: Theme }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const entries = theme.count === 1 ? '1 feedback entry' : `${theme.count} feedback entries`;

  return (
    <li className={`theme theme-${theme.kind}`} data-testid="theme" data-kind={theme.kind}>
      <button
        type="button"
        className="theme-toggle"
        data-testid="theme-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="theme-head">
          <span className="theme-name" data-testid="theme-name">
            {theme.name}
          </span>
          <span className="badge">{KIND_LABELS[theme.kind] ?? theme.kind}</span>
          {theme.sentiment && <span className={`badge badge-${theme.sentiment}`}>{theme.sentiment}</span>}
          <span className="theme-count" data-testid="theme-count" title={entries}>
            {theme.count}
          </span>
          <span className="chevron" aria-hidden="true" />
        </span>
        {theme.summary && <span className="theme-summary">{theme.summary}</span>}
      </button>
      {open && (
        <div className="theme-drill" id={panelId} data-testid="theme-quotes">
          <p className="muted small" data-testid="theme-coverage">
            Covers {entries}
            {theme.feedbackIdsTruncated ? ` (${theme.feedbackIds.length} listed)` : ''}.
          </p>
          {theme.quotes.length > 0 ? (
            <ul className="quotes">
              {theme.quotes.map((quote, index) => (
                <li key={index}>
                  <blockquote data-testid="theme-quote">{quote}</blockquote>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">No quotes were kept for this theme.</p>
          )}
        </div>
      )}
    </li>
  );
}
