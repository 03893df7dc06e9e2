import type { MapOutput, ReduceInputTheme, ReduceOutput } from '@insights/engine';
import type { FeedbackEntry } from './prompt.js';
import { asksForFeature, capitalise, clip, normaliseName, significantWords } from './text.js';

type Kind = ReduceInputTheme['kind'];
type MapTheme = MapOutput['themes'][number];

const MAX_MAP_GROUPS = 8;
const MAX_REDUCE_THEMES = 30;
const QUOTE_LENGTH = 120;
const KIND_SUFFIX: Record<Kind, string> = {
  pain_point: 'problems',
  feature_request: 'requests',
  praise: 'praise',
  other: 'feedback',
};

function kindOf(entries: FeedbackEntry[], average: number): Kind {
  const asking = entries.filter((e) => asksForFeature(e.text)).length;
  if (asking * 2 >= entries.length) return 'feature_request';
  if (average <= 2) return 'pain_point';
  if (average >= 4) return 'praise';
  return 'other';
}

function sentimentOf(entries: FeedbackEntry[], average: number): MapTheme['sentiment'] {
  if (average <= 2) return 'negative';
  if (average >= 4) return 'positive';
  const ratings = entries.map((e) => e.rating);
  return Math.min(...ratings) <= 2 && Math.max(...ratings) >= 4 ? 'mixed' : 'neutral';
}

// Verbatim substrings only: the engine checks quotes against the cited feedback.
function quotesOf(entries: FeedbackEntry[]): string[] {
  return entries
    .map((e) => e.text.slice(0, QUOTE_LENGTH).trim())
    .filter((q) => q.length > 0)
    .slice(0, 2);
}

function mapTheme(keyword: string | null, entries: FeedbackEntry[]): MapTheme {
  const average = entries.reduce((sum, e) => sum + e.rating, 0) / entries.length;
  const kind = kindOf(entries, average);
  const topic = keyword ? capitalise(keyword) : 'General';
  return {
    name: `${topic} ${KIND_SUFFIX[kind]}`,
    summary: `${entries.length} ${entries.length === 1 ? 'entry mentions' : 'entries mention'} ${
      keyword ? `"${keyword}"` : 'miscellaneous topics'
    }, with an average rating of ${average.toFixed(1)}.`,
    kind,
    sentiment: sentimentOf(entries, average),
    feedbackIds: entries.map((e) => e.id).slice(0, 500),
    quotes: quotesOf(entries),
  };
}

/** Groups each entry under its most widespread significant word across the chunk. */
export function buildMapAnswer(entries: FeedbackEntry[]): MapOutput {
  const words = new Map(entries.map((e) => [e.id, [...new Set(significantWords(e.text))]]));
  const spread = new Map<string, number>();
  for (const list of words.values()) for (const w of list) spread.set(w, (spread.get(w) ?? 0) + 1);

  const groups = new Map<string | null, FeedbackEntry[]>();
  for (const entry of entries) {
    let best: string | null = null;
    for (const w of words.get(entry.id)!) {
      const better = best === null || spread.get(w)! > spread.get(best)! || (spread.get(w) === spread.get(best) && w < best);
      if (better) best = w;
    }
    groups.set(best, [...(groups.get(best) ?? []), entry]);
  }

  const ranked = [...groups.entries()].sort(
    ([ka, a], [kb, b]) => b.length - a.length || (ka ?? '~').localeCompare(kb ?? '~'),
  );
  const kept = ranked.slice(0, MAX_MAP_GROUPS - 1);
  const rest = ranked.slice(MAX_MAP_GROUPS - 1).flatMap(([, list]) => list);
  const themes = kept.map(([keyword, list]) => mapTheme(keyword, list));
  if (rest.length > 0) themes.push(mapTheme(null, rest));
  return { themes };
}

interface Merged {
  name: string;
  kind: Kind;
  count: number;
  refs: string[];
  members: ReduceInputTheme[];
}

function mergeKey(theme: ReduceInputTheme): string {
  return significantWords(theme.name)[0] ?? normaliseName(theme.name);
}

function finish(members: ReduceInputTheme[]): Merged {
  const byCount = [...members].sort((a, b) => b.count - a.count);
  const kindCounts = new Map<Kind, number>();
  for (const m of members) kindCounts.set(m.kind, (kindCounts.get(m.kind) ?? 0) + m.count);
  const kind = [...kindCounts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return {
    name: clip(byCount[0]!.name, 120),
    kind,
    count: members.reduce((sum, m) => sum + m.count, 0),
    refs: members.map((m) => m.ref),
    members: byCount,
  };
}

function priorityOf(count: number, total: number): 'high' | 'medium' | 'low' {
  if (count >= total * 0.3) return 'high';
  if (count >= total * 0.1) return 'medium';
  return 'low';
}

const ACTION: Record<Kind, string> = {
  pain_point: 'Fix',
  feature_request: 'Build',
  praise: 'Keep investing in',
  other: 'Look into',
};

/** Merges partial themes sharing a first significant word; every ref given is cited once. */
export function buildReduceAnswer(input: ReduceInputTheme[]): ReduceOutput {
  if (input.length === 0) return { summary: 'No themes were provided.', themes: [], recommendations: [] };
  const groups = new Map<string, ReduceInputTheme[]>();
  for (const theme of input) groups.set(mergeKey(theme), [...(groups.get(mergeKey(theme)) ?? []), theme]);
  let merged = [...groups.values()].map(finish).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  if (merged.length > MAX_REDUCE_THEMES) {
    const tail = merged.slice(MAX_REDUCE_THEMES - 1).flatMap((m) => m.members);
    merged = [...merged.slice(0, MAX_REDUCE_THEMES - 1), { ...finish(tail), name: 'Other feedback' }];
  }

  const total = merged.reduce((sum, m) => sum + m.count, 0);
  const top = merged.slice(0, 3);
  const summary = `Across ${total} mentions, the leading themes are ${top
    .map((m) => `${m.name} (${m.count})`)
    .join(', ')}.`;
  const themes = merged.map((m) => ({
    name: m.name,
    summary: clip(`${m.count} mentions. ${m.members.map((x) => x.summary).join(' ')}`, 800),
    kind: m.kind,
    refs: m.refs,
  }));
  const actionable = merged.filter((m) => m.kind !== 'praise');
  const recommendations = (actionable.length > 0 ? actionable : merged).slice(0, 3).map((m) => ({
    title: clip(`${ACTION[m.kind]} ${m.name}`, 160),
    description: clip(`${m.count} of ${total} mentions concern ${m.name}; prioritise it accordingly.`, 800),
    priority: priorityOf(m.count, total),
    themes: [m.name],
  }));
  return { summary: clip(summary, 2000), themes, recommendations };
}
