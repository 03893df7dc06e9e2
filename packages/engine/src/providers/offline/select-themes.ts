import { findTopics } from '../../nlp/topics.js';
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
// Feedback names its subject first: the i-th term (from 0, phrases counted) of the whole entry
// counts 1 / (1 + i / EARLY_TERMS) towards naming the theme: the weighting of `findTopics`, which
// counts positions within a sentence.
const EARLY_TERMS = 4;
// A term or topic below this share of the analysed entries is noise, not a theme.
const MIN_SHARE = 0.01;
// A longer phrase names the subject instead of its word when it carries this share of the word's uses.
const PHRASE_CARRIES = 0.7;
// A subject of a request or praise topic covers at least this share of it...
const SUBJECT_SHARE = 0.1;
// ...shares at most this share of its entries with the subjects already found...
const SUBJECT_OVERLAP = 0.2;
// A topic most of which (this share) uses one term of its own stays whole.
const ONE_TERM_SHARE = 0.6;
// A topic splits only when its subjects together cover at least this share: the entries naming
// none of them leave the theme, so a split that leaves many behind loses more than it tells.
const SPLIT_COVER = 0.7;
// An adjective qualifies a problem's subject ("Slow dashboard"), or a participle says what happened
// to it ("Card declined"), when this share of the theme says it.
const QUALIFIER_SHARE = 0.15;
// A term is a theme's own when at least this share of the entries using it are in the theme.
const OWN_SHARE = 0.5;

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

/**
 * What a group of entries says about each of its terms: how many use it, how early (feedback
 * names its subject first), whether it mostly ends in a noun or stands as a predicate adjective,
 * and the ways it was written. Keys are stems and never leave this file: names use the surfaces.
 */
interface TermStats {
  key: string;
  count: number;
  earliness: number;
  nouns: number;
  predicates: number;
  participles: number;
  surfaces: Map<string, number>;
}

function termStats(docs: readonly OfflineDoc[]): Map<string, TermStats> {
  const stats = new Map<string, TermStats>();
  for (const d of docs) {
    for (const h of d.hits) {
      let s = stats.get(h.key);
      if (!s) stats.set(h.key, (s = { key: h.key, count: 0, earliness: 0, nouns: 0, predicates: 0, participles: 0, surfaces: new Map() }));
      s.count++;
      s.earliness += 1 / (1 + h.position / EARLY_TERMS);
      if (h.noun) s.nouns++;
      if (h.predicative) s.predicates++;
      if (h.participle) s.participles++;
      s.surfaces.set(h.surface, (s.surfaces.get(h.surface) ?? 0) + 1);
    }
  }
  return stats;
}

/** The way most entries wrote a term: a word people used, never a stem. */
function surfaceOf(stats: TermStats): string {
  return [...stats.surfaces.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

/** How well a term names what a group of entries is about: widespread in it, its own, early. */
function subjectRank(s: TermStats, frequency: ReadonlyMap<string, number>): number {
  const own = s.count / Math.max(s.count, frequency.get(s.key) ?? s.count);
  return s.earliness * own;
}

const isNoun = (s: TermStats) => s.nouns * 2 > s.count;
const isOwn = (s: TermStats, frequency: ReadonlyMap<string, number>) => s.count >= OWN_SHARE * (frequency.get(s.key) ?? s.count);

/** The longest phrase that carries most uses of a subject word ("dark mode" for "mode"). */
function widest(subject: TermStats, stats: ReadonlyMap<string, TermStats>): TermStats {
  if (subject.key.includes(' ')) return subject;
  const phrases = [...stats.values()].filter(
    (s) => isNoun(s) && s.key.split(' ').includes(subject.key) && s.key !== subject.key && s.count >= subject.count * PHRASE_CARRIES,
  );
  return phrases.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))[0] ?? subject;
}

export interface Part {
  docs: OfflineDoc[];
  /** The term the part is about, when the topic was split by subject. */
  subject?: string;
}

/**
 * Splits a request or praise topic into the things it asks for or praises: a request for dark
 * mode and one for a Slack integration share their phrasing ("please add", "for our workflow")
 * but not their subject. Subjects are noun terms of the topic, each used by a good share of it,
 * early in their entries and rarely together; they must cover at least 70 % of the topic,
 * or it stays whole. An entry naming none of them leaves the theme.
 */
export function splitBySubject(docs: OfflineDoc[], frequency: ReadonlyMap<string, number>, minSupport: number): Part[] {
  const stats = termStats(docs);
  const least = Math.max(minSupport, docs.length * SUBJECT_SHARE);
  const candidates = [...stats.values()]
    .filter((s) => isNoun(s) && s.count >= least && isOwn(s, frequency))
    .sort((a, b) => subjectRank(b, frequency) - subjectRank(a, frequency) || a.key.localeCompare(b.key));
  // A subject is its word, its widest phrase and the phrase's other words where they are mostly
  // used in it, here and elsewhere: "Love the charts!" is about the sentiment charts too, while
  // "export" is about more than an API for exports.
  const family = (lead: TermStats) => {
    const phrase = widest(lead, stats);
    const words = phrase.key.split(' ').filter((w) => (frequency.get(w) ?? 0) * PHRASE_CARRIES <= phrase.count);
    return new Set([lead.key, phrase.key, ...words]);
  };
  const using = (keys: ReadonlySet<string>) => new Set(docs.filter((d) => d.hits.some((h) => keys.has(h.key))).map((d) => d.id));
  const families = new Map(candidates.map((c) => [c, family(c)]));
  // A topic most of which uses one term of its own is about that thing, whatever else some of it
  // names ("budgets", some "by category", some "with limits"): it stays whole. The term need not
  // read as a noun most of the time ("a budgeting feature" beside "monthly budgets").
  if ([...stats.values()].some((s) => s.count >= docs.length * ONE_TERM_SHARE && isOwn(s, frequency))) return [{ docs }];
  // Each candidate in turn leads; the set of subjects that covers the topic with the most
  // widespread, own and early terms wins.
  let best: { subjects: TermStats[]; score: number } | undefined;
  for (const lead of candidates) {
    const chosen = [lead];
    const covered = using(families.get(lead)!);
    for (const c of candidates) {
      if (chosen.includes(c)) continue;
      const ids = using(families.get(c)!);
      const shared = [...ids].filter((id) => covered.has(id)).length;
      if (shared > ids.size * SUBJECT_OVERLAP || ids.size - shared < least) continue;
      chosen.push(c);
      for (const id of ids) covered.add(id);
    }
    const score = chosen.reduce((sum, s) => sum + subjectRank(s, frequency), 0);
    // A topic most of which names one thing is about that thing ("a great selection of
    // restaurants", "the variety of restaurants"): it stays whole.
    if (covered.size >= docs.length * ONE_TERM_SHARE && chosen.length === 1) return [{ docs }];
    if (covered.size >= docs.length * SPLIT_COVER && (!best || score > best.score)) best = { subjects: chosen, score };
  }
  if (!best) return [{ docs }];
  const parts = best.subjects.map((s) => ({ subject: s.key, keys: families.get(s)!, docs: [] as OfflineDoc[] }));
  // An entry naming none of the subjects joined the topic through its phrasing alone ("best tool
  // we have tried" and "my manager suggested this tool"): it is about none of them.
  for (const d of docs) for (const p of parts) if (d.hits.some((h) => p.keys.has(h.key))) p.docs.push(d);
  return parts.filter((p) => p.docs.length >= minSupport);
}

/**
 * Names a theme by one subject, as a product manager would: the noun phrase most its own (used
 * by many of its entries, by few others, early in their sentences), written as most of them wrote
 * it. A problem adds the adjective most of it says of its subject ("Slow dashboard"), or what
 * happened to the subject ("Card declined"), or is called the subject's problems ("Export problems").
 */
export function nameOf(kind: Kind, docs: readonly OfflineDoc[], frequency: ReadonlyMap<string, number>, subject?: string): { name: string; keys: Set<string> } {
  const stats = termStats(docs);
  const nouns = [...stats.values()].filter(isNoun);
  const pool = nouns.length > 0 ? nouns : [...stats.values()];
  const chosen =
    (subject ? stats.get(subject) : undefined) ?? pool.sort((a, b) => subjectRank(b, frequency) - subjectRank(a, frequency) || a.key.localeCompare(b.key))[0];
  if (!chosen) return { name: 'Unnamed topic', keys: new Set() };
  const wide = widest(chosen, stats);
  const phrase = surfaceOf(wide);
  const keys = new Set([chosen.key, wide.key]);
  if (kind !== 'pain_point') return { name: capitalise(phrase), keys };
  const qualifier = [...stats.values()]
    .filter((s) => !s.key.includes(' ') && s.predicates * 2 > s.count && s.count >= docs.length * QUALIFIER_SHARE && isOwn(s, frequency))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))[0];
  if (qualifier) return { name: capitalise(`${surfaceOf(qualifier).toLowerCase()} ${phrase}`), keys };
  // What happened to the subject, when enough of the theme says it with one participle ("Card
  // declined"). It must be said of the subject itself ("my card was declined"), not of something
  // else the entries mention ("the export fails when filters are applied").
  const head = wide.key.split(' ').at(-1)!;
  // After the subject ("my card was declined") or before it ("a declined card").
  const saidOfHead = (s: TermStats) => (stats.get(`${head} ${s.key}`)?.count ?? 0) + (stats.get(`${s.key} ${head}`)?.count ?? 0);
  const happened = [...stats.values()]
    .filter((s) => !s.key.includes(' ') && s.participles * 2 > s.count && saidOfHead(s) >= docs.length * QUALIFIER_SHARE && isOwn(s, frequency))
    .sort((a, b) => saidOfHead(b) - saidOfHead(a) || a.key.localeCompare(b.key))[0];
  // The subject as most wrote it may say it already ("declined card").
  if (happened && wide.key.split(' ').includes(happened.key)) return { name: capitalise(phrase), keys };
  if (happened && phrase.split(' ').length <= 2) return { name: capitalise(`${phrase} ${surfaceOf(happened).toLowerCase()}`), keys };
  // "Crashes on login" says what is wrong already; "Export" needs saying.
  return { name: capitalise(phrase.split(' ').length >= 3 ? phrase : `${phrase} problems`), keys };
}

/**
 * Verbatim sentences of the members that name the theme's subject, each the one of its entry most
 * about the theme, the most typical first: a sentence scores the theme's terms it carries, each
 * by how many of the theme's entries use it, so an entry that joined through one shared word
 * ("metal card scratches") is not what the theme is quoted by.
 */
function quotesOf(terms: ReadonlyMap<string, number>, leading: ReadonlySet<string>, docs: readonly OfflineDoc[]): string[] {
  const candidates: { sentence: string; typical: number }[] = [];
  for (const doc of docs) {
    const score = new Map<string, number>();
    const typical = new Map<string, number>();
    for (const h of doc.hits) {
      if (!terms.has(h.key)) continue;
      score.set(h.sentence, (score.get(h.sentence) ?? 0) + 1);
      typical.set(h.sentence, (typical.get(h.sentence) ?? 0) + terms.get(h.key)!);
    }
    const best = [...score.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!best || !doc.hits.some((h) => h.sentence === best && leading.has(h.key))) continue;
    candidates.push({ sentence: best, typical: typical.get(best)! });
  }
  const quotes: string[] = [];
  for (const { sentence } of candidates.sort((a, b) => b.typical - a.typical)) {
    const quote = sentence.length > QUOTE_CHARS ? `${sentence.slice(0, QUOTE_CHARS - 1)}…` : sentence;
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

/** Rated 4 or 5 leans 1, asking for something 0.5, rated 1 or 2 -1, others 0 (see `TopicDoc`). */
const polarityOf = (d: OfflineDoc) => (d.rating >= 4 ? 1 : d.isRequest ? 0.5 : d.rating <= 2 ? -1 : 0);

function sentencesOf(hits: readonly TermHit[]): string[][] {
  const bySentence = new Map<string, string[]>();
  for (const h of hits) bySentence.set(h.sentence, [...(bySentence.get(h.sentence) ?? []), h.key]);
  return [...bySentence.values()];
}

/**
 * Themes from the analysed entries: topics of co-occurring terms (see `findTopics`), a request
 * or praise topic split into the things it asks for or praises, each theme named by one subject,
 * with a kind from its ratings and request phrasing, and its count, ids and quotes taken from the
 * entries that joined it.
 */
export function selectThemes(docs: readonly OfflineDoc[], smallest = 3): OfflineTheme[] {
  const analysed = docs.length;
  const minSupport = Math.max(smallest, Math.ceil(analysed * MIN_SHARE));
  const topics = findTopics(
    docs.map((d) => ({ sentences: sentencesOf(d.hits), polarity: polarityOf(d) })),
    { minSupport },
  );
  const frequency = new Map<string, number>();
  for (const d of docs) for (const h of d.hits) frequency.set(h.key, (frequency.get(h.key) ?? 0) + 1);
  const themes = topics.flatMap((topic) => {
    const members = topic.members.map((i) => docs[i]!);
    const kind = kindOf(members);
    const parts = kind === 'feature_request' || kind === 'praise' ? splitBySubject(members, frequency, minSupport) : [{ docs: members }];
    return parts.map((part: Part) => {
      const partKind = kindOf(part.docs);
      const { name, keys } = nameOf(partKind, part.docs, frequency, part.subject);
      const counts = new Map<string, number>();
      for (const d of part.docs)
        for (const h of d.hits) if (topic.termCounts.has(h.key) || h.key === part.subject) counts.set(h.key, (counts.get(h.key) ?? 0) + 1);
      const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
      const stats = termStats(part.docs);
      return {
        name,
        summary: describe(partKind, name, part.docs, analysed),
        kind: partKind,
        count: part.docs.length,
        feedbackIds: part.docs.map((d) => d.id),
        quotes: quotesOf(counts, keys, part.docs),
        sentiment: sentimentOf(part.docs),
        terms: ranked.slice(0, THEME_TERMS).map((key) => surfaceOf(stats.get(key)!)),
      };
    });
  });
  return themes.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
