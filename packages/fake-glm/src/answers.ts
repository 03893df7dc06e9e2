import {
  themesOfEntries,
  ThemeMatcher,
  unitCosine,
  unitVector,
  type AssignAnswer,
  type MapAnswer,
  type MapOutput,
  type OfflineTheme,
  type ReduceInputTheme,
  type ReduceOutput,
} from '@insights/engine';
import type { FeedbackEntry } from './prompt.js';
import { asksForFeature, capitalise, clip, significantWords } from './text.js';

type Kind = ReduceInputTheme['kind'];
type MapTheme = MapOutput['themes'][number];

const MAX_MAP_THEMES = 15;
const MAX_MAP_GROUPS = 8;
const QUOTE_LENGTH = 120;
const KIND_SUFFIX: Record<Kind, string> = { pain_point: 'problems', feature_request: 'requests', praise: 'praise', other: 'feedback' };
// A chunk holds a hundred or so entries: three that share a topic make a theme.
const MIN_THEME_ENTRIES = 3;
// Ratings from here up are praise unless the entry asks for something.
const PRAISE_RATING = 4;
const MAX_REDUCE_THEMES = 30;
const TOPIC_WORDS = 8;

function kindOf(entries: FeedbackEntry[], average: number): Kind {
  const asking = entries.filter((e) => asksForFeature(e.text)).length;
  if (asking * 2 >= entries.length) return 'feature_request';
  if (average <= 2) return 'pain_point';
  if (average >= 4) return 'praise';
  return 'other';
}

type Reading = 'request' | 'praise' | 'rest';

/** What an entry does, as a model reads it: asks for something, praises, or anything else. */
const readingOf = (entry: FeedbackEntry): Reading => (asksForFeature(entry.text) ? 'request' : entry.rating >= PRAISE_RATING ? 'praise' : 'rest');

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
  const topic = keyword ? capitalise(keyword) : 'Various';
  return {
    name: `${topic} ${KIND_SUFFIX[kind]}`,
    summary: `${entries.length} ${entries.length === 1 ? 'entry mentions' : 'entries mention'} ${
      keyword ? `"${keyword}"` : 'various topics'
    }, with an average rating of ${average.toFixed(1)}.`,
    kind,
    sentiment: sentimentOf(entries, average),
    feedbackIds: entries.map((e) => e.id).slice(0, 500),
    quotes: quotesOf(entries),
  };
}

/**
 * Few entries form no topics: then each entry goes under its most widespread significant word
 * among the entries of its kind (requests, praise, the rest), so a praise and a complaint that
 * share a word ("team") are still two themes.
 */
function keywordAnswer(entries: FeedbackEntry[]): MapOutput {
  const words = new Map(entries.map((e) => [e.id, [...new Set(significantWords(e.text))]]));
  const spread = new Map<string, number>();
  const key = (entry: FeedbackEntry, word: string | null) => `${readingOf(entry)}:${word ?? ''}`;
  for (const entry of entries) for (const w of words.get(entry.id)!) spread.set(key(entry, w), (spread.get(key(entry, w)) ?? 0) + 1);

  const groups = new Map<string, { keyword: string | null; list: FeedbackEntry[] }>();
  for (const entry of entries) {
    let best: string | null = null;
    for (const w of words.get(entry.id)!) {
      const [mine, theirs] = [spread.get(key(entry, w))!, best === null ? 0 : spread.get(key(entry, best))!];
      if (best === null || mine > theirs || (mine === theirs && w < best)) best = w;
    }
    const group = groups.get(key(entry, best)) ?? { keyword: best, list: [] };
    group.list.push(entry);
    groups.set(key(entry, best), group);
  }

  const ranked = [...groups.values()].sort((a, b) => b.list.length - a.list.length || (a.keyword ?? '~').localeCompare(b.keyword ?? '~'));
  const kept = ranked.slice(0, MAX_MAP_GROUPS - 1);
  const rest = ranked.slice(MAX_MAP_GROUPS - 1).flatMap(({ list }) => list);
  const themes = kept.map(({ keyword, list }) => mapTheme(keyword, list));
  if (rest.length > 0) themes.push(mapTheme(null, rest));
  return { themes };
}

const sentimentOfTheme = (t: OfflineTheme): MapTheme['sentiment'] => t.sentiment ?? 'neutral';

/** The words a theme is about, as the summary lists them for the reduce stage to merge by. */
const ABOUT = 'About: ';

/** The answer as a model writes it: entries cited by their number in the call, no quotes. */
function onTheWire(output: MapOutput): MapAnswer {
  return { themes: output.themes.map(({ feedbackIds, quotes: _quotes, ...theme }) => ({ ...theme, ids: feedbackIds.map(Number) })) };
}

/**
 * Groups the call's entries the way the offline analyser would (topics of co-occurring terms,
 * named by their own phrases), so the map answers name subjects; entries about nothing in
 * particular are left out of every theme, as a model would leave them. Entries are known by their
 * number in the call, which is what the answer cites.
 */
export function buildMapAnswer(entries: FeedbackEntry[]): MapAnswer {
  return onTheWire(groupEntries(entries));
}

// An entry no topic took joins a theme when it names the theme's subject, or this many of its terms.
const TERMS_TO_JOIN = 2;

/**
 * A model reads every entry: one the call's topics left out (too few like it in a call of a
 * hundred) still belongs to a theme whose subject it names ("Slack integration?"), or whose
 * words it shares.
 */
function readTheRest(entries: FeedbackEntry[], themes: OfflineTheme[]): OfflineTheme[] {
  const cited = new Set(themes.flatMap((t) => t.feedbackIds));
  const subjects = themes.map(
    (t) =>
      new Set(
        significantWords(t.name)
          .map(fold)
          .filter((w) => !KIND_WORDS.has(w)),
      ),
  );
  const terms = themes.map((t) => new Set(t.terms.flatMap((term) => significantWords(term).map(fold))));
  const added = themes.map(() => [] as string[]);
  for (const entry of entries) {
    if (cited.has(entry.id)) continue;
    const words = new Set(significantWords(entry.text).map(fold));
    let best = -1;
    let bestScore = 0;
    themes.forEach((_, i) => {
      const named = [...subjects[i]!].every((w) => words.has(w)) && subjects[i]!.size > 0;
      const shared = [...terms[i]!].filter((w) => words.has(w)).length;
      const score = (named ? 100 : 0) + shared;
      if ((named || shared >= TERMS_TO_JOIN) && score > bestScore) [best, bestScore] = [i, score];
    });
    if (best >= 0) added[best]!.push(entry.id);
  }
  return themes.map((t, i) => ({ ...t, feedbackIds: [...t.feedbackIds, ...added[i]!], count: t.count + added[i]!.length }));
}

/**
 * The call's topics as a model finds them. A model tells a request, a praise and a complaint
 * apart before it groups anything: it does not put "the pricing is too expensive for a small
 * team" with "our team really enjoys the support team" because both say "team". The analyser
 * groups by shared words alone, so each kind of entry is grouped on its own (a request by its
 * wording, a praise by its rating). Then the fake looks again at what it has not placed, as a
 * model would: it takes the topics of the whole call, each for its entries not yet placed when
 * those are most of it. A few requests for one thing among a call's complaints so form a theme
 * of their own, and a topic of the whole call that cuts across the kinds ("Team") does not come
 * back.
 */
function topicsOf(entries: FeedbackEntry[]): OfflineTheme[] {
  const readings: Reading[] = ['request', 'praise', 'rest'];
  const first = readings.flatMap((r) =>
    themesOfEntries(
      entries.filter((e) => readingOf(e) === r),
      MIN_THEME_ENTRIES,
    ),
  );
  const cited = new Set(first.flatMap((t) => t.feedbackIds));
  // Topics need the contrast of the rest of the call: entries of one kind that all say the same
  // thing form none on their own.
  const again = themesOfEntries(entries, MIN_THEME_ENTRIES).flatMap((t) => {
    const left = t.feedbackIds.filter((id) => !cited.has(id));
    const mostlyNew = left.length >= MIN_THEME_ENTRIES && left.length * 2 >= t.feedbackIds.length;
    return mostlyNew ? [{ ...t, feedbackIds: left, count: left.length }] : [];
  });
  return [...first, ...again].sort((a, b) => b.count - a.count);
}

function groupEntries(entries: FeedbackEntry[]): MapOutput {
  const found = topicsOf(entries);
  const themes = readTheRest(entries, found.slice(0, MAX_MAP_THEMES)).map((t) => ({
    name: clip(t.name, 120),
    summary: clip(
      `${ABOUT}${t.terms.join(', ')}. ${t.feedbackIds.length} entries, average rating ${averageOf(entries, t)}.${sayings(distinctiveWords(entries, t))}`,
      600,
    ),
    kind: t.kind,
    sentiment: sentimentOfTheme(t),
    feedbackIds: [...t.feedbackIds].slice(0, 500),
    quotes: t.quotes
      .map((q) => clip(q, 300))
      .filter((q) => !q.endsWith('…'))
      .slice(0, 3),
  }));
  return themes.length > 0 ? { themes } : keywordAnswer(entries);
}

/** What the summary says a theme's entries also say, for the reduce stage to compare themes by. */
const ALSO = 'They also say: ';
const sayings = (words: readonly string[]) => (words.length > 0 ? ` ${ALSO}${words.join(', ')}.` : '');
// How many of the words a theme's entries use more than the rest of the call the summary lists.
const DISTINCTIVE_WORDS = 10;

/**
 * The words a theme's entries use far more than the call's other entries, most telling first, as
 * a model would describe what those entries say beyond the topic's own terms: each word weighed
 * by the share of the theme's entries that use it and by how rare it is in the call.
 */
export function distinctiveWords(entries: readonly FeedbackEntry[], theme: Pick<OfflineTheme, 'feedbackIds' | 'terms'>): string[] {
  const words = new Map(entries.map((e) => [e.id, new Set(significantWords(e.text).map(fold))]));
  const df = new Map<string, number>();
  for (const set of words.values()) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  const inTheme = new Map<string, number>();
  const written = new Map<string, string>();
  const ids = new Set(theme.feedbackIds);
  for (const entry of entries) {
    if (!ids.has(entry.id)) continue;
    for (const w of significantWords(entry.text)) if (!written.has(fold(w))) written.set(fold(w), w);
    for (const w of words.get(entry.id)!) inTheme.set(w, (inTheme.get(w) ?? 0) + 1);
  }
  const known = new Set(theme.terms.flatMap((term) => significantWords(term).map(fold)));
  const size = Math.max(1, theme.feedbackIds.length);
  return [...inTheme.entries()]
    .filter(([w]) => !known.has(w) && !KIND_WORDS.has(w))
    .map(([w, n]) => [w, (n / size) * Math.log(entries.length / df.get(w)!)] as const)
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, DISTINCTIVE_WORDS)
    .map(([w]) => written.get(w)!);
}

function averageOf(entries: FeedbackEntry[], theme: OfflineTheme): string {
  const ids = new Set(theme.feedbackIds);
  const ratings = entries.filter((e) => ids.has(e.id)).map((e) => e.rating);
  return (ratings.reduce((a, b) => a + b, 0) / Math.max(1, ratings.length)).toFixed(1);
}

interface Merged {
  name: string;
  kind: Kind;
  count: number;
  refs: string[];
  words: string[];
  members: ReduceInputTheme[];
}

// Crude suffix folding, so "loading" and "load" or "charts" and "chart" compare as one word. A
// folded word is only ever compared: what a summary shows is a word as the themes wrote it.
const fold = (word: string) => (word.length > 4 ? word.replace(/(ing|ed|es|s)$/, '') : word);
// Words a partial theme's name may add to its subject ("Export problems", "Dark requests").
const KIND_WORDS = new Set([...Object.values(KIND_SUFFIX), 'problem', 'request', 'feedback']);

/** The words a partial theme's summary says its entries also use, as written. */
function sayingWords(theme: ReduceInputTheme): string[] {
  const at = theme.summary.indexOf(ALSO);
  return at < 0 ? [] : [...new Set(significantWords(theme.summary.slice(at + ALSO.length).split('.')[0]!))];
}

/** What a partial theme is about: the words of its name and of its summary's "About:" list, as written. */
function topicWords(theme: ReduceInputTheme): string[] {
  const about = theme.summary.startsWith(ABOUT) ? theme.summary.slice(ABOUT.length).split('.')[0]! : '';
  return [...new Set(significantWords(`${theme.name} ${about}`))];
}

/** The subject a partial theme's name gives: its words, folded, without the kind's word. */
function subjectOf(theme: ReduceInputTheme): Set<string> {
  return new Set(
    significantWords(theme.name)
      .map(fold)
      .filter((w) => !KIND_WORDS.has(w)),
  );
}

function finish(members: ReduceInputTheme[]): Merged {
  const byCount = [...members].sort((a, b) => b.count - a.count || a.ref.localeCompare(b.ref));
  const kindCounts = new Map<Kind, number>();
  for (const m of members) kindCounts.set(m.kind, (kindCounts.get(m.kind) ?? 0) + m.count);
  const kind = [...kindCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const weight = new Map<string, number>();
  const written = new Map<string, Map<string, number>>();
  for (const m of members) {
    for (const w of topicWords(m)) {
      const key = fold(w);
      weight.set(key, (weight.get(key) ?? 0) + m.count);
      const forms = written.get(key) ?? new Map<string, number>();
      written.set(key, forms.set(w, (forms.get(w) ?? 0) + m.count));
    }
  }
  const shown = (key: string) => [...written.get(key)!.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const words = [...weight.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => shown(key));
  return {
    name: clip(byCount[0]!.name, 120),
    kind,
    count: members.reduce((sum, m) => sum + m.count, 0),
    refs: members.map((m) => m.ref),
    words: words.slice(0, TOPIC_WORDS),
    members: byCount,
  };
}

/** Groups of themes joined, directly or through others, whenever `linked` says two are. */
function components(themes: readonly ReduceInputTheme[], linked: (a: ReduceInputTheme, b: ReduceInputTheme) => boolean): ReduceInputTheme[][] {
  const parent = themes.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let i = 0; i < themes.length; i++) for (let j = i + 1; j < themes.length; j++) if (linked(themes[i]!, themes[j]!)) parent[root(j)] = root(i);
  const groups = new Map<number, ReduceInputTheme[]>();
  themes.forEach((t, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), t]));
  return [...groups.values()];
}

const sharesSubject = (a: ReduceInputTheme, b: ReduceInputTheme) => {
  const words = subjectOf(a);
  return [...subjectOf(b)].some((w) => words.has(w));
};

// Two problem themes are one when this share of the smaller one's words is in the other, on
// average over their members: "Slow dashboard" and "Slow search" share "freezes", "lags", "slow".
const PROBLEM_OVERLAP = 0.3;

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}

// ...or when their descriptions are this alike (cosine of their words weighed by rarity), on
// average over their members: two themes about prices named "Confusing price increase" and
// "Expensive per-seat billing" share no word of their names, but their entries say the same things.
const PROBLEM_COSINE = 0.15;

/** Each partial theme as its words (name, About terms, what its entries also say) weighed by their rarity among the themes given, scaled to length 1. */
function describe(input: readonly ReduceInputTheme[]): Map<ReduceInputTheme, Map<string, number>> {
  const sets = new Map(input.map((t) => [t, new Set([...topicWords(t), ...sayingWords(t)].map(fold).filter((w) => !KIND_WORDS.has(w)))]));
  const df = new Map<string, number>();
  for (const set of sets.values()) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  const vectors = new Map<ReduceInputTheme, Map<string, number>>();
  for (const [t, set] of sets) {
    vectors.set(t, unitVector(new Map([...set].map((w) => [w, Math.log((1 + input.length) / df.get(w)!)] as const))));
  }
  return vectors;
}

/**
 * Problems: partial themes whose words overlap, or whose descriptions (what their entries say)
 * are alike, are merged, as a model joins themes that mean the same thing whatever words their
 * names use; most alike first, a group with another only while its members are alike on average
 * (so one shared word does not chain "export" to "login" through "since the update").
 */
function mergeProblems(input: readonly ReduceInputTheme[]): ReduceInputTheme[][] {
  // The word a label adds for its kind ("CSV export problems", "Login problems") says nothing of the subject.
  const words = new Map(
    input.map((t) => [
      t,
      new Set(
        topicWords(t)
          .map(fold)
          .filter((w) => !KIND_WORDS.has(w)),
      ),
    ]),
  );
  const vectors = describe(input);
  let groups = input.map((t) => [t]);
  const alike = (a: ReduceInputTheme[], b: ReduceInputTheme[]) => {
    let sum = 0;
    let cos = 0;
    for (const x of a)
      for (const y of b) {
        sum += overlap(words.get(x)!, words.get(y)!);
        cos += unitCosine(vectors.get(x)!, vectors.get(y)!);
      }
    const pairs = a.length * b.length;
    return Math.max(sum / pairs / PROBLEM_OVERLAP, cos / pairs / PROBLEM_COSINE);
  };
  for (;;) {
    let best: [number, number, number] | undefined;
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const score = alike(groups[i]!, groups[j]!);
        if (score >= 1 && (!best || score > best[2])) best = [i, j, score];
      }
    }
    if (!best) return groups;
    const [i, j] = best;
    groups = [...groups.filter((_, k) => k !== i && k !== j), [...groups[i]!, ...groups[j]!]];
  }
}

/**
 * Merges partial themes about the same subject. A request or a praise is about one thing, so
 * those merge only when their names share it ("Dark mode" from two calls), however alike the
 * rest of their wording ("for our workflow"); problems and other feedback merge by the words
 * they share. Problems, requests and praise are never merged with each other.
 */
function mergeTopics(input: readonly ReduceInputTheme[]): Merged[] {
  const ordered = [...input].sort((a, b) => b.count - a.count || a.ref.localeCompare(b.ref));
  const of = (...kinds: Kind[]) => ordered.filter((t) => kinds.includes(t.kind));
  return [...mergeProblems(of('pain_point', 'other')), ...components(of('feature_request'), sharesSubject), ...components(of('praise'), sharesSubject)].map(
    finish,
  );
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

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Merges partial themes about the same topic; every ref given is cited once. */
export function buildReduceAnswer(input: ReduceInputTheme[]): ReduceOutput {
  if (input.length === 0) return { summary: 'No themes were provided.', themes: [], recommendations: [] };
  let merged = mergeTopics(input).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  if (merged.length > MAX_REDUCE_THEMES) {
    // The smallest topics share one theme that says what it is, rather than being dropped.
    const tail = merged.slice(MAX_REDUCE_THEMES - 1).flatMap((m) => m.members);
    merged = [...merged.slice(0, MAX_REDUCE_THEMES - 1), { ...finish(tail), name: 'Other, less frequent topics' }];
  }

  const total = merged.reduce((sum, m) => sum + m.count, 0);
  const top = merged.slice(0, 5);
  const summary = `Across ${total} mentions in the themes found, the leading themes are ${top.map((m) => `${lowerFirst(m.name)} (${m.count})`).join('; ')}.`;
  const themes = merged.map((m) => ({
    name: m.name,
    summary: clip(`${ABOUT}${m.words.join(', ')}. ${m.count} mentions.`, 800),
    kind: m.kind,
    refs: m.refs,
  }));
  const actionable = merged.filter((m) => m.kind !== 'praise');
  const recommendations = (actionable.length > 0 ? actionable : merged).slice(0, 3).map((m) => ({
    title: clip(`${ACTION[m.kind]} ${lowerFirst(m.name)}`, 160),
    description: clip(`${m.count} of ${total} mentions concern ${lowerFirst(m.name)}; prioritise it accordingly.`, 800),
    priority: priorityOf(m.count, total),
    themes: [m.name],
  }));
  return { summary: clip(summary, 2000), themes, recommendations };
}

/**
 * Places each entry of an assignment call in the theme the engine's offline matcher picks (term
 * overlap with the theme's name and summary), or in none: deterministic, and as plausible as the
 * offline fallback. Entries are cited by their number in the call, themes by their ref.
 */
export function buildAssignAnswer(themes: readonly ReduceInputTheme[], entries: readonly FeedbackEntry[]): AssignAnswer {
  const matcher = new ThemeMatcher(themes.map((t) => ({ id: t.ref, name: t.name, summary: t.summary, quotes: [] })));
  return { a: entries.map((e) => [Number(e.id), themes.length ? matcher.match(e.text) : null]) };
}
