import { findTopics, type Topic } from '../../nlp/topics.js';
import type { ThemeDraft } from '../../result/result.builder.js';
import type { TermHit } from './term-extractor.js';

type Kind = ThemeDraft['kind'];

/** One analysed entry as the offline analyser keeps it: ids, rating and its topic terms. */
export interface OfflineDoc {
  id: string;
  rating: number;
  sentiment: string;
  isRequest: boolean;
  hits: TermHit[];
}

/** A theme with the phrases that define it, most widespread first. */
export interface OfflineTheme extends ThemeDraft {
  terms: string[];
}

const QUOTES = 3;
const THEME_TERMS = 8;
const QUOTE_CHARS = 200;
// A term or topic below this share of the analysed entries is noise, not a theme.
const MIN_SHARE = 0.01;
// A name lists further phrases only while each covers this share of the theme's entries.
const NAME_PHRASE_SHARE = 0.2;
const NAME_PHRASES = 3;
const PHRASE_CARRIES = 0.7;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const average = (docs: readonly OfflineDoc[]) => docs.reduce((s, d) => s + d.rating, 0) / Math.max(1, docs.length);

function kindOf(docs: readonly OfflineDoc[]): Kind {
  if (docs.filter((d) => d.isRequest).length / Math.max(1, docs.length) >= 0.4) return 'feature_request';
  const avg = average(docs);
  if (avg <= 2.5) return 'pain_point';
  if (avg >= 4) return 'praise';
  return 'other';
}

function sentimentOf(docs: readonly OfflineDoc[]): ThemeDraft['sentiment'] {
  const avg = average(docs);
  if (avg <= 2.5) return 'negative';
  if (avg >= 4) return 'positive';
  const n = Math.max(1, docs.length);
  const positive = docs.filter((d) => d.sentiment === 'positive').length / n;
  const negative = docs.filter((d) => d.sentiment === 'negative').length / n;
  return positive >= 0.25 && negative >= 0.25 ? 'mixed' : 'neutral';
}

/** The most common way the members wrote a term. */
function surfaceOf(key: string, docs: readonly OfflineDoc[]): string {
  const counts = new Map<string, number>();
  for (const d of docs) for (const h of d.hits) if (h.key === key) counts.set(h.surface, (counts.get(h.surface) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? key;
}

/**
 * Names a topic by its phrases that are most its own: widespread among its members, rare
 * elsewhere, and early in their sentences, where feedback names its subject ("The CSV export
 * times out on large projects"); a two-word phrase goes ahead of its own words ("dark mode"
 * over "mode"), and each further phrase must add words the name does not have yet.
 */
function nameOf(topic: Topic, docs: readonly OfflineDoc[], frequency: ReadonlyMap<string, number>): string {
  const size = topic.members.length;
  const early = new Map<string, number>();
  for (const d of docs) d.hits.forEach((h, i) => early.set(h.key, (early.get(h.key) ?? 0) + 1 / (1 + i / 2)));
  const counts = topic.termCounts;
  const rankOf = (key: string, count: number) => (early.get(key) ?? 0) * (count / Math.max(count, frequency.get(key) ?? count));
  const ranked = [...counts.entries()]
    .map(([key, count]) => {
      // A phrase that carries most uses of its words ranks as the best of them.
      const words = key.split(' ');
      const carried = words.length > 1 ? words.filter((w) => count >= (counts.get(w) ?? 0) * PHRASE_CARRIES) : [];
      const rank = Math.max(rankOf(key, count), ...carried.map((w) => rankOf(w, counts.get(w) ?? 0) * 1.01));
      return { key, share: count / size, rank };
    })
    .sort((a, b) => b.rank - a.rank || a.key.localeCompare(b.key));
  const used = new Set<string>();
  const phrases: string[] = [];
  for (const term of ranked) {
    if (phrases.length >= NAME_PHRASES) break;
    if (phrases.length > 0 && term.share < NAME_PHRASE_SHARE) continue;
    const words = term.key.split(' ');
    if (words.some((w) => used.has(w))) continue;
    words.forEach((w) => used.add(w));
    phrases.push(surfaceOf(term.key, docs));
  }
  const last = phrases.pop()!;
  return capitalise(phrases.length > 0 ? `${phrases.join(', ')} and ${last}` : last);
}

/** Verbatim sentences of the members, each the one of its entry most about the topic. */
function quotesOf(topic: Topic, docs: readonly OfflineDoc[]): string[] {
  const leading = new Set(topic.terms.slice(0, 3));
  const quotes: string[] = [];
  for (const doc of docs) {
    const score = new Map<string, number>();
    for (const h of doc.hits) if (topic.termCounts.has(h.key)) score.set(h.sentence, (score.get(h.sentence) ?? 0) + 1);
    const best = [...score.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!best || !doc.hits.some((h) => h.sentence === best && leading.has(h.key))) continue;
    const quote = best.length > QUOTE_CHARS ? `${best.slice(0, QUOTE_CHARS - 1)}…` : best;
    if (!quotes.includes(quote)) quotes.push(quote);
    if (quotes.length >= QUOTES) break;
  }
  return quotes;
}

function describe(kind: Kind, name: string, docs: readonly OfflineDoc[], analysed: number): string {
  const rating = average(docs).toFixed(1);
  const about = `"${name.toLowerCase()}"`;
  if (kind === 'feature_request') return `${docs.length} of ${analysed} analysed entries ask for ${about}.`;
  return `${docs.length} of ${analysed} analysed entries are about ${about}, with an average rating of ${rating}.`;
}

function sentencesOf(hits: readonly TermHit[]): string[][] {
  const bySentence = new Map<string, string[]>();
  for (const h of hits) bySentence.set(h.sentence, [...(bySentence.get(h.sentence) ?? []), h.key]);
  return [...bySentence.values()];
}

/**
 * Themes from the analysed entries: topics of co-occurring terms (see `findTopics`), each
 * named by its leading phrases, with a kind from its ratings and request phrasing, and its
 * count, ids and quotes taken from the entries that joined it.
 */
export function selectThemes(docs: readonly OfflineDoc[], smallest = 3): OfflineTheme[] {
  const analysed = docs.length;
  const minSupport = Math.max(smallest, Math.ceil(analysed * MIN_SHARE));
  const topics = findTopics(
    docs.map((d) => ({ sentences: sentencesOf(d.hits) })),
    { minSupport },
  );
  const frequency = new Map<string, number>();
  for (const d of docs) for (const h of d.hits) frequency.set(h.key, (frequency.get(h.key) ?? 0) + 1);
  return topics.map((topic) => {
    const members = topic.members.map((i) => docs[i]!);
    const kind = kindOf(members);
    const name = nameOf(topic, members, frequency);
    return {
      name,
      summary: describe(kind, name, members, analysed),
      kind,
      count: members.length,
      feedbackIds: members.map((d) => d.id),
      quotes: quotesOf(topic, members),
      sentiment: sentimentOf(members),
      terms: topic.terms.slice(0, THEME_TERMS).map((key) => surfaceOf(key, members)),
    };
  });
}
