import type { LegacyInsight, Recommendation, ResultTheme } from './result.schema.js';

type Priority = LegacyInsight['priority'];

const KEY_THEMES = 5;

// By share of the analysed feedback; praise never outranks a problem, so it stops at medium.
export function priorityFor(theme: ResultTheme, analysed: number): Priority {
  const share = theme.count / Math.max(1, analysed);
  const level: Priority = share >= 0.2 ? 'high' : share >= 0.07 ? 'medium' : 'low';
  return theme.kind === 'praise' && level === 'high' ? 'medium' : level;
}

function themeInsight(theme: ResultTheme, analysed: number): LegacyInsight {
  return {
    type: theme.kind === 'pain_point' ? 'alert' : 'theme',
    kind: theme.kind === 'other' ? 'theme' : theme.kind,
    title: theme.name,
    description: theme.summary,
    priority: priorityFor(theme, analysed),
    supportingData: { count: theme.count, feedbackIds: theme.feedbackIds, quotes: theme.quotes },
  };
}

function recommendationInsight(rec: Recommendation, themes: readonly ResultTheme[]): LegacyInsight {
  const cited = themes.filter((t) => rec.themes.includes(t.name));
  const insight: LegacyInsight = {
    type: 'recommendation',
    kind: 'recommendation',
    title: rec.title,
    description: rec.description,
    priority: rec.priority,
  };
  if (cited.length === 0) return insight;
  const ids = [...new Set(cited.flatMap((t) => t.feedbackIds))].slice(0, 50);
  const count = cited.reduce((sum, t) => sum + t.count, 0);
  return {
    ...insight,
    supportingData: { count, feedbackIds: ids, quotes: cited.flatMap((t) => t.quotes).slice(0, 3) },
  };
}

/** The fields the existing dashboard renders, derived from the detailed result. */
export function legacyView(themes: readonly ResultTheme[], recs: readonly Recommendation[], analysed: number) {
  return {
    keyThemes: themes.slice(0, KEY_THEMES).map((t) => t.name),
    recommendations: recs.map((r) => (r.description ? `${r.title}: ${r.description}` : r.title)),
    insights: [...themes.map((t) => themeInsight(t, analysed)), ...recs.map((r) => recommendationInsight(r, themes))],
  };
}
