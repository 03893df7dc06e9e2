import { useState } from 'react';
import type { InsightsResult } from '@insights/client';
import { ThemeCard } from './ThemeCard';

type Theme = InsightsResult['themes'][number];

const GROUPS: { id: string; label: string; pick: (result: InsightsResult) => Theme[] }[] = [
  { id: 'all', label: 'All themes', pick: (result) => result.themes },
  { id: 'pain-points', label: 'Pain points', pick: (result) => result.painPoints },
  { id: 'feature-requests', label: 'Feature requests', pick: (result) => result.featureRequests },
  { id: 'praise', label: 'Praise', pick: (result) => result.praise },
];

export function ThemeTabs({ result }: { result: InsightsResult }) {
  const [active, setActive] = useState(GROUPS[0].id);
  const group = GROUPS.find((g) => g.id === active) ?? GROUPS[0];
  const themes = group.pick(result);

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
              {g.label} <span className="tab-count">{g.pick(result).length}</span>
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
            {themes.map((theme) => (
              <ThemeCard key={`${group.id}:${theme.name}`} theme={theme} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
