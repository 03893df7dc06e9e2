import type { MapOutput, THEME_KINDS } from '../llm/protocol.js';

export type ThemeKind = (typeof THEME_KINDS)[number];
export type ThemeSentiment = MapOutput['themes'][number]['sentiment'];

/** A theme with its evidence held in code: the ids are real, deduplicated, and the count is ids.length. */
export interface PartialTheme {
  name: string;
  summary: string;
  kind: ThemeKind;
  sentiment: ThemeSentiment;
  ids: string[];
  quotes: string[];
}

const MAX_QUOTES = 3;

export function fromMapOutput(output: MapOutput): PartialTheme[] {
  return output.themes.map((t) => ({
    name: t.name,
    summary: t.summary,
    kind: t.kind,
    sentiment: t.sentiment,
    ids: [...new Set(t.feedbackIds)],
    quotes: t.quotes.slice(0, MAX_QUOTES),
  }));
}

function mergeSentiment(members: readonly PartialTheme[]): ThemeSentiment {
  const weight = new Map<ThemeSentiment, number>();
  for (const m of members) weight.set(m.sentiment, (weight.get(m.sentiment) ?? 0) + m.ids.length);
  const total = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const share = (s: ThemeSentiment) => (weight.get(s) ?? 0) / total;
  if (share('positive') >= 0.25 && share('negative') >= 0.25) return 'mixed';
  return [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'neutral';
}

/** Unions the members' evidence under the merged name, summary and kind the model chose. */
export function mergeThemes(head: Pick<PartialTheme, 'name' | 'summary' | 'kind'>, members: readonly PartialTheme[]): PartialTheme {
  const ids = new Set<string>();
  for (const m of members) for (const id of m.ids) ids.add(id);
  const bySize = [...members].sort((a, b) => b.ids.length - a.ids.length);
  const quotes = [...new Set(bySize.flatMap((m) => m.quotes))].slice(0, MAX_QUOTES);
  return { ...head, sentiment: mergeSentiment(members), ids: [...ids], quotes };
}
