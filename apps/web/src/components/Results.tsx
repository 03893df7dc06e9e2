import { memo } from 'react';
import type { AnyInsightsResult } from '@insights/client';
import { readStats } from '../stats';
import { Charts } from './Charts';
import { Trends } from './Trends';
import { Recommendations } from './Recommendations';
import { ThemeTabs } from './ThemeTabs';

function Stat({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <div className="card stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

const formatTime = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

// Job progress re-renders the dashboard several times a second while a previous result stays on
// screen; the result (charts above all) is the costly part, and it only changes with the result.
export const Results = memo(function Results({ result, cached }: { result: AnyInsightsResult; cached: boolean }) {
  const stats = readStats(result.stats);
  const { coverage } = result;

  return (
    <div className="results" data-testid="results">
      <section className="card summary" aria-labelledby="summary-heading">
        <div className="section-head">
          <h2 id="summary-heading">Summary</h2>
          <span className="muted small" data-testid="generated-at">
            Generated {formatTime(result.generatedAt)} · {result.model}
            {cached ? ' · cached' : ''}
          </span>
        </div>
        <p className="summary-text" data-testid="summary">
          {result.summary}
        </p>
        <p className="muted small" data-testid="coverage">
          Coverage: analysed {coverage.analysed} of {coverage.totalFeedback} feedback
          {coverage.sampled ? ' (a representative sample)' : ''}
          {coverage.trimmed > 0 ? `; ${coverage.trimmed} long entries trimmed` : ''}
          {coverage.refused > 0 ? `; ${coverage.refused} left out, refused by the model's content filter` : ''}
        </p>
      </section>

      <section className="stat-grid" aria-label="Key figures">
        <Stat label="Total feedback" value={stats.totalFeedback} testId="total-feedback" />
        <Stat label="Average rating" value={stats.averageRating > 0 ? stats.averageRating.toFixed(2) : '–'} testId="average-rating" />
        <Stat label="Themes found" value={'compact' in result ? result.compact.themesTotal : result.themes.length} testId="theme-total" />
        <Stat label="Tokens used" value={result.tokens.total.toLocaleString()} testId="tokens-used" />
      </section>

      <Trends trends={result.trends} />
      <Charts stats={stats} />
      <ThemeTabs result={result} />
      <Recommendations items={result.recommendationsDetailed} />
    </div>
  );
});
