import type { ThemeDraft } from '../../result/result.builder.js';
import type { Recommendation } from '../../result/result.schema.js';

const PER_KIND = 3;

function priorityOf(count: number, analysed: number): Recommendation['priority'] {
  const share = count / Math.max(1, analysed);
  return share >= 0.2 ? 'high' : share >= 0.07 ? 'medium' : 'low';
}

const percent = (count: number, analysed: number) => Math.round((100 * count) / Math.max(1, analysed));

/** Plain actions from the largest pain points and requests; every one names the theme behind it. */
export function recommendOffline(themes: readonly ThemeDraft[], analysed: number): Recommendation[] {
  const top = (kind: ThemeDraft['kind']) =>
    themes
      .filter((t) => t.kind === kind)
      .sort((a, b) => b.count - a.count)
      .slice(0, PER_KIND);
  const fixes = top('pain_point').map((t) => ({
    title: `Fix problems around ${t.name.toLowerCase()}`,
    description: `${t.count} entries (${percent(t.count, analysed)}% of those analysed) raise it with low ratings; find and fix the cause.`,
    priority: priorityOf(t.count, analysed),
    themes: [t.name],
  }));
  const builds = top('feature_request').map((t) => ({
    title: `Consider building ${t.name.toLowerCase()}`,
    description: `${t.count} entries (${percent(t.count, analysed)}% of those analysed) ask for it; validate the demand and plan it.`,
    priority: priorityOf(t.count, analysed),
    themes: [t.name],
  }));
  return [...fixes, ...builds];
}

export function summariseOffline(themes: readonly ThemeDraft[], analysed: number, total: number, averageRating: number): string {
  if (analysed === 0) return 'No feedback in this scope yet, so there is nothing to analyse.';
  const names = (kind?: ThemeDraft['kind']) =>
    themes
      .filter((t) => !kind || t.kind === kind)
      .sort((a, b) => b.count - a.count)
      .slice(0, 3)
      .map((t) => t.name.charAt(0).toLowerCase() + t.name.slice(1));
  const rating = Number.isFinite(averageRating) ? averageRating.toFixed(1) : 'n/a';
  const parts = [`Analysed ${analysed} of ${total} feedback entries (average rating ${rating}).`];
  // Semicolons keep the names apart in these lists, whatever words a name holds.
  if (names().length > 0) parts.push(`Most mentioned: ${names().join('; ')}.`);
  if (names('pain_point').length > 0) parts.push(`Main pain points: ${names('pain_point').join('; ')}.`);
  if (names('feature_request').length > 0) parts.push(`Most requested: ${names('feature_request').join('; ')}.`);
  if (names('praise').length > 0) parts.push(`Customers praise: ${names('praise').join('; ')}.`);
  parts.push('Computed offline from word statistics, without an AI model.');
  return parts.join(' ');
}
