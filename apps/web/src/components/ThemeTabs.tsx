import { useState } from 'react';
import type { AnyInsightsResult, Theme } from '@insights/client';
import { ThemeCard } from './ThemeCard';

// By each theme's kind, so a compact result (which has no per-kind lists) shows the same tabs.
const GROUPS: { id: string; label: string; kind?: Theme['kind'] }[] = [
  { id: 'all', label: 'All themes' },
  { id: 'pain-points', label: 'Pain points', kind: 'pain_point' },
  { id: 'feature-requests', label: 'Feature requests', kind: 'feature_request' },
  { id: 'praise', label: 'Praise', kind: 'praise' },
];

const pick = (result: AnyInsightsResult, kind?: Theme['kind']) => (kind ? result.themes.filter((theme) => theme.kind === kind) : result.themes);

export function ThemeTabs({ result }: { result: AnyInsightsResult }) {
  const [active, setActive] = useState(GROUPS[0].id);
  const group = GROUPS.find((g) => g.id === active) ?? GROUPS[0];
  const themes = pick(result, group.kind);

  return (
    <section className="card themes" aria-labelledby="themes-heading">
      <div className="section-head">
        <h2 id="themes-heading">Themes</h2>
        <div className="tabs" role="tablist" aria-label="Theme groups">
          {GROUPS.map((g) => (
            <button
              key={g.id}
              type="button"
              role="tab"
              id={`tab-${g.id}`}
              aria-selected={g.id === group.id}
              aria-controls="themes-panel"
              className="tab"
              data-testid={`tab-${g.id}`}
              onClick={() => setActive(g.id)}
            >
              {g.label} <span className="tab-count">{pick(result, g.kind).length}</span>
            </button>
          ))}
        </div>
      </div>
      <div id="themes-panel" role="tabpanel" aria-labelledby={`tab-${group.id}`}>
        {themes.length === 0 ? (
          <p className="muted" data-testid="themes-empty">
            No {group.label.toLowerCase()} in this selection.
          </p>
        ) : (
          <ul className="theme-list">
            {themes.map((theme, i) => (
              // Two themes may share a name (a model may repeat one across kinds): a key by name
              // alone left one tab's cards on screen under another.
              <ThemeCard key={`${group.id}:${theme.id ?? `${i}:${theme.name}`}`} theme={theme} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
