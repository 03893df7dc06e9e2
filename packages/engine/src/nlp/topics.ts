import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { prng } from './random.js';

// A CommonJS module whose typings declare an ES default export: at run time the import is the function.
const louvain = louvainModule as unknown as typeof louvainModule.default;

/** One document as the topic terms (stemmed words and two-word phrases) of each of its sentences. */
export interface TopicDoc {
  sentences: readonly (readonly string[])[];
  /** Which way the entry leans: -1 reports a problem, 1 praises, between them a request (0.5) or neither (0). */
  polarity?: number;
}

export interface Topic {
  /** The community's terms, most widespread in the topic's documents first. */
  terms: string[];
  /** Indices of the documents about the topic; a document may belong to two topics. */
  members: number[];
  /** How many members contain each term. */
  termCounts: Map<string, number>;
}

export interface TopicOptions {
  /** Documents a term, and a topic, needs at least. */
  minSupport: number;
}

// A term in more than this share of documents says nothing about any one topic.
const MAX_TERM_SHARE = 0.4;
// Two terms are linked only when they meet this many times more often than chance would have it.
const MIN_LIFT = 2;
// Long entries carry filler: only their most specific terms take part in building the graph.
const MAX_TERMS_PER_DOC = 16;
// A sentence about another topic adds it to its document when it scores at least this share
// of the document's most topical sentence (a mixed entry), so one passing word does not.
const SECOND_TOPIC_SHARE = 0.35;
// A topic at least this share of whose entries use one of a larger topic's leading terms is the
// same subject said another way ("fingerprint login fails" beside "Face ID login fails"): merged.
const LEADING_SHARE = 0.4;
const LEADING_TERMS = 3;
// An entry stays in a topic only when its terms are at least this alike (cosine, idf-weighted)
// to the topic's terms as a whole: one passing term does not make a remark about the topic.
const MIN_FIT = 0.15;
// ...and a topic a sentence added beside the entry's main one (see `SECOND_TOPIC_SHARE`) only
// when they are at least this alike: a phone model after a crash report ("iPhone 12.") or a card
// that "stops working" abroad is no remark on Face ID logins that stop working on an iPhone.
const MIN_SECOND_FIT = 0.18;
// Two topics whose entries' terms as a whole are this alike (cosine of their idf-weighted
// centroids), and whose entries lean the same way (mean polarity at most this far apart), are
// one subject named two ways ("Face ID fails" and "biometric login fails"): merged.
const MIN_ALIKE = 0.25;
const MAX_LEAN_GAP = 0.25;
// A term or community whose entries' mean polarity is at least this far from 0 leans that way.
const LEANING = 1 / 3;
// A sentence repeated word for word in at least this many entries (or the minimum support, if
// lower), alone in at most this share of them, and beside one subject in at most this share, is
// boilerplate (see `boilerplateSentences`).
const BOILERPLATE_REPEATS = 3;
const BOILERPLATE_ALONE = 0.1;
const BOILERPLATE_ONE_SUBJECT = 0.5;
// An entry moves to a topic it is this many times as alike as its own (see `refine`).
const REFINE_MARGIN = 1.25;
// Feedback names its subject first: for an entry's main topic, a sentence's term at position i
// (from 0) counts 1 / (1 + i / EARLY_TERMS) of its weight.
const EARLY_TERMS = 4;

const isPartOf = (word: string, phrase: string) => phrase.includes(' ') && phrase.split(' ').includes(word);

const distinctTerms = (doc: TopicDoc) => [...new Set(doc.sentences.flat())];

function documentFrequencies(docs: readonly (readonly string[])[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const terms of docs) for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
  return df;
}

/** How much of a term's link weight stays inside its own community: a bridge between topics scores low. */
function cohesion(graph: UndirectedGraph, community: Record<string, number>): Map<string, number> {
  const result = new Map<string, number>();
  graph.forEachNode((node) => {
    let inside = 0;
    let total = 0;
    graph.forEachEdge(node, (_edge, attributes, source, target) => {
      const other = source === node ? target : source;
      total += attributes.weight as number;
      if (community[other] === community[node]) inside += attributes.weight as number;
    });
    result.set(node, total === 0 ? 0 : inside / total);
  });
  return result;
}

/** Mean polarity of the entries using each key (a term, or a community of terms). */
function leanings<K>(docs: readonly TopicDoc[], terms: readonly (readonly string[])[], keyOf: (term: string) => K | undefined): Map<K, number> {
  const sums = new Map<K, [number, number]>();
  terms.forEach((list, i) => {
    for (const t of list) {
      const key = keyOf(t);
      if (key === undefined) continue;
      const s = sums.get(key) ?? [0, 0];
      s[0] += docs[i]!.polarity ?? 0;
      s[1]++;
      sums.set(key, s);
    }
  });
  return new Map([...sums].map(([key, [sum, n]]) => [key, sum / n]));
}

/** -1 for a problem's term or community, 1 for a request's or praise's, 0 for neither. */
const sideOf = (lean: number) => (lean >= LEANING ? 1 : lean <= -LEANING ? -1 : 0);

/**
 * Splits off each community's terms that lean the other way from most of its entries, when
 * both sides are used by enough entries: a problem and a request or praise are two themes, even
 * when Louvain put them together for the words they share ("monthly fee" complaints and
 * "monthly budgets" requests, "payment" crashes and "payment" notifications).
 */
export function splitByLeaning(
  community: Record<string, number>,
  lean: ReadonlyMap<string, number>,
  terms: readonly (readonly string[])[],
  minSupport: number,
): void {
  let next = Math.max(-1, ...Object.values(community)) + 1;
  for (const c of [...new Set(Object.values(community))].sort((a, b) => a - b)) {
    const own = Object.keys(community)
      .filter((t) => community[t] === c)
      .sort();
    const plus = new Set(own.filter((t) => sideOf(lean.get(t) ?? 0) > 0));
    const minus = new Set(own.filter((t) => sideOf(lean.get(t) ?? 0) < 0));
    const using = (set: ReadonlySet<string>) => terms.filter((list) => list.some((t) => set.has(t))).length;
    const [usingPlus, usingMinus] = [using(plus), using(minus)];
    if (usingPlus < minSupport || usingMinus < minSupport) continue;
    for (const t of usingPlus < usingMinus ? plus : minus) community[t] = next;
    next++;
  }
}

/**
 * The communities an entry may join, best first: an entry that clearly praises (polarity 1) or
 * reports a problem (-1) joins a community leaning its way or neither way, if its terms name one;
 * a request or a neutral entry joins whichever its terms name best.
 */
export function candidatesFor(scores: readonly (readonly [number, number])[], polarity: number, sideOfCommunity: (c: number) => number) {
  if (Math.abs(polarity) < 1) return scores;
  const fitting = scores.filter(([c]) => polarity * sideOfCommunity(c) >= 0);
  return fitting.length > 0 ? fitting : scores;
}

/** Terms that link to others well above chance, as an undirected weighted co-occurrence graph. */
function termGraph(docs: readonly (readonly string[])[], df: Map<string, number>, idf: (t: string) => number): UndirectedGraph {
  const together = new Map<string, number>();
  for (const doc of docs) {
    const terms = doc
      .filter((t) => df.has(t))
      .sort((a, b) => idf(b) - idf(a) || a.localeCompare(b))
      .slice(0, MAX_TERMS_PER_DOC)
      .sort();
    for (let i = 0; i < terms.length; i++) {
      for (let j = i + 1; j < terms.length; j++) {
        const [a, b] = [terms[i]!, terms[j]!];
        if (isPartOf(a, b) || isPartOf(b, a)) continue;
        const key = `${a}\t${b}`;
        together.set(key, (together.get(key) ?? 0) + 1);
      }
    }
  }
  const graph = new UndirectedGraph();
  const n = docs.length;
  for (const [key, count] of [...together.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [a, b] = key.split('\t') as [string, string];
    const lift = (count * n) / (df.get(a)! * df.get(b)!);
    if (count < 2 || lift < MIN_LIFT) continue;
    graph.mergeNode(a);
    graph.mergeNode(b);
    graph.addEdge(a, b, { weight: count * Math.log(lift) });
  }
  return graph;
}

/** A topic's most widespread terms of its own community. */
function leadingTerms(list: readonly number[], c: number, terms: readonly (readonly string[])[], community: Record<string, number>): Set<string> {
  const counts = new Map<string, number>();
  for (const i of list) for (const t of terms[i]!) if (community[t] === c) counts.set(t, (counts.get(t) ?? 0) + 1);
  return new Set(
    [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, LEADING_TERMS)
      .map(([t]) => t),
  );
}

/**
 * Agglomerates topics by shared evidence: a topic most of whose entries use a larger topic's
 * leading terms joins it, the most overlapping pair first, until none does. The merged topic's
 * communities become one, so its terms are counted together.
 */
function mergeBySharedTerms(members: Map<number, number[]>, terms: readonly (readonly string[])[], community: Record<string, number>): Map<number, number[]> {
  const topics = new Map(members);
  for (;;) {
    const leading = new Map([...topics].map(([c, list]) => [c, leadingTerms(list, c, terms, community)]));
    let best: { into: number; from: number; share: number } | undefined;
    for (const [from, small] of topics) {
      for (const [into, large] of topics) {
        if (from === into || small.length > large.length || (small.length === large.length && from < into)) continue;
        const lead = leading.get(into)!;
        const share = small.filter((i) => terms[i]!.some((t) => lead.has(t))).length / small.length;
        if (share >= LEADING_SHARE && (!best || share > best.share)) best = { into, from, share };
      }
    }
    if (!best) return topics;
    topics.set(
      best.into,
      [...new Set([...topics.get(best.into)!, ...topics.get(best.from)!])].sort((a, b) => a - b),
    );
    topics.delete(best.from);
    for (const t of Object.keys(community)) if (community[t] === best.from) community[t] = best.into;
  }
}

/** Scales a sparse vector to length 1, in place (a zero vector stays zero). */
export function unitVector(v: Map<string, number>): Map<string, number> {
  const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
  for (const [t, x] of v) v.set(t, x / norm);
  return v;
}

/** The cosine of two sparse vectors of length 1 (see `unitVector`): their dot product. */
export function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, x] of small) dot += x * (large.get(t) ?? 0);
  return dot;
}

/**
 * Merges topics that say the same things about the same kind of experience: their entries'
 * terms, the shared words around the subject included, are alike as a whole, and they lean the
 * same way (both problems, or both requests and praise). The most alike pair first, until none is.
 * A problem topic never merges with a praise or request topic however much vocabulary they share.
 */
export function mergeAlike(
  members: Map<number, number[]>,
  docs: readonly TopicDoc[],
  vectors: readonly ReadonlyMap<string, number>[],
  community: Record<string, number>,
  minSupport: number,
): Map<number, number[]> {
  const topics = new Map(members);
  const leanOf = (list: readonly number[]) => list.reduce((s, i) => s + (docs[i]!.polarity ?? 0), 0) / list.length;
  const centroidOf = (list: readonly number[]) => {
    const centroid = new Map<string, number>();
    for (const i of list) for (const [t, x] of vectors[i]!) centroid.set(t, (centroid.get(t) ?? 0) + x);
    return unitVector(centroid);
  };
  for (;;) {
    const large = [...topics].filter(([, list]) => list.length >= minSupport);
    const centroids = new Map(large.map(([c, list]) => [c, centroidOf(list)]));
    let best: { into: number; from: number; alike: number } | undefined;
    for (const [a, listA] of large) {
      for (const [b, listB] of large) {
        if (a >= b || Math.abs(leanOf(listA) - leanOf(listB)) > MAX_LEAN_GAP) continue;
        const alike = cosine(centroids.get(a)!, centroids.get(b)!);
        if (alike < MIN_ALIKE || (best && alike <= best.alike)) continue;
        best = listA.length >= listB.length ? { into: a, from: b, alike } : { into: b, from: a, alike };
      }
    }
    if (!best) return topics;
    topics.set(
      best.into,
      [...new Set([...topics.get(best.into)!, ...topics.get(best.from)!])].sort((x, y) => x - y),
    );
    topics.delete(best.from);
    for (const t of Object.keys(community)) if (community[t] === best.from) community[t] = best.into;
  }
}

/**
 * One pass of reassignment: an entry in one topic only moves to the topic whose entries' terms
 * as a whole it is clearly more alike (cosine of idf-weighted vectors, by a margin), when that
 * topic leans its way or neither way. Terms vote for a community by their links, which a few
 * shared words can bend (a budgeting feature "that shows where my salary goes", alerts that
 * "helped me spot a double charge", counted with fee complaints); the entries as a whole say
 * better which topic is the entry's.
 */
export function refine(members: Map<number, number[]>, docs: readonly TopicDoc[], vectors: readonly ReadonlyMap<string, number>[]): Map<number, number[]> {
  const centroids = new Map(
    [...members].map(([c, list]) => {
      const centroid = new Map<string, number>();
      for (const i of list) for (const [t, x] of vectors[i]!) centroid.set(t, (centroid.get(t) ?? 0) + x);
      return [c, unitVector(centroid)] as const;
    }),
  );
  const leanOf = (list: readonly number[]) => list.reduce((s, i) => s + (docs[i]!.polarity ?? 0), 0) / list.length;
  const leans = new Map([...members].map(([c, list]) => [c, sideOf(leanOf(list))]));
  const count = new Map<number, number>();
  for (const list of members.values()) for (const i of list) count.set(i, (count.get(i) ?? 0) + 1);
  const result = new Map([...members].map(([c, list]) => [c, [...list]]));
  for (const [c, list] of members) {
    for (const i of list) {
      if (count.get(i) !== 1) continue;
      const own = cosine(vectors[i]!, centroids.get(c)!);
      const polarity = docs[i]!.polarity ?? 0;
      let best: [number, number] | undefined;
      for (const [d, centroid] of centroids) {
        if (d === c || (Math.abs(polarity) >= 1 && polarity * leans.get(d)! < 0)) continue;
        const alike = cosine(vectors[i]!, centroid);
        if (alike > own * REFINE_MARGIN && (!best || alike > best[1])) best = [d, alike];
      }
      if (!best) continue;
      result.set(
        c,
        result.get(c)!.filter((j) => j !== i),
      );
      result.get(best[0])!.push(i);
    }
  }
  for (const list of result.values()) list.sort((a, b) => a - b);
  return result;
}

/**
 * Keeps in each topic the entries whose terms (idf-weighted, the supported ones) are alike
 * enough to the topic's as a whole, more alike when the topic is not the entry's main one
 * (`mainOf`, the topic its terms named best); a topic left with too few entries is dropped.
 */
export function keepFitting(
  members: Map<number, number[]>,
  vectors: readonly ReadonlyMap<string, number>[],
  minSupport: number,
  mainOf: (i: number) => number | undefined = () => undefined,
): Map<number, number[]> {
  const kept = new Map<number, number[]>();
  for (const [c, list] of members) {
    if (list.length < minSupport) continue;
    const centroid = new Map<string, number>();
    for (const i of list) for (const [t, x] of vectors[i]!) centroid.set(t, (centroid.get(t) ?? 0) + x);
    unitVector(centroid);
    const fitting = list.filter((i) => cosine(vectors[i]!, centroid) >= (mainOf(i) === undefined || mainOf(i) === c ? MIN_FIT : MIN_SECOND_FIT));
    if (fitting.length >= minSupport) kept.set(c, fitting);
  }
  return kept;
}

/**
 * Topics as communities of a term co-occurrence graph (Louvain modularity, seeded so it
 * repeats): terms that keep appearing together form a topic even when no single word is
 * shared by all of its documents ("search lags", "the dashboard is slow"). Each sentence
 * votes for the topic whose terms it carries most specifically (a term that bridges topics
 * counts little); a document joins its best topic, and another one a sentence is as much about
 * (a mixed entry). Documents carrying no linked term join no topic. A topic most of whose
 * documents use a larger one's leading terms joins it, a document stays in a topic only if its
 * terms are alike enough to the topic's as a whole (more alike for a topic beside its main
 * one), and one clearly more alike another topic
 * moves there. Boilerplate sentences (see `boilerplateSentences`) are left out first, and the
 * graph built again without them.
 */
export function findTopics(docs: readonly TopicDoc[], options: TopicOptions): Topic[] {
  const first = communitiesOf(docs, options);
  if (!first) return [];
  const boilerplate = boilerplateSentences(docs, first.scoreOf, options.minSupport);
  if (boilerplate.size === 0) return topicsOf(docs, first, options);
  const cleaned = docs.map((doc) => ({ ...doc, sentences: doc.sentences.filter((s) => !boilerplate.has(sentenceKey(s))) }));
  const second = communitiesOf(cleaned, options);
  return second ? topicsOf(cleaned, second, options) : [];
}

interface Communities {
  /** Each document's distinct terms. */
  terms: string[][];
  /** Terms used by enough documents, and not by too many: the graph's. */
  df: Map<string, number>;
  idf: (t: string) => number;
  /** Each linked term's community. */
  community: Record<string, number>;
  sideOfCommunity: (c: number) => number;
  /**
   * The communities a list of terms names, best first, with their scores: each term counts its
   * idf times its cohesion, and with `early` (the list is one sentence's, in order) less the
   * later it comes, as feedback names its subject first.
   */
  scoreOf: (list: readonly string[], early?: boolean) => [number, number][];
}

/** The term graph's communities, split by leaning, and how a list of terms scores on each. */
function communitiesOf(docs: readonly TopicDoc[], options: TopicOptions): Communities | undefined {
  const terms = docs.map(distinctTerms);
  const all = documentFrequencies(terms);
  const df = new Map([...all].filter(([, c]) => c >= options.minSupport && c <= docs.length * MAX_TERM_SHARE));
  const idf = (t: string) => Math.log(docs.length / (df.get(t) ?? 1));
  const graph = termGraph(terms, df, idf);
  if (graph.order === 0) return undefined;
  const community = louvain(graph, { getEdgeWeight: 'weight', rng: prng(1) });
  splitByLeaning(
    community,
    leanings(docs, terms, (t) => (community[t] === undefined ? undefined : t)),
    terms,
    options.minSupport,
  );
  const weight = cohesion(graph, community);
  const communityLean = leanings(docs, terms, (t) => community[t]);
  const sideOfCommunity = (c: number) => sideOf(communityLean.get(c) ?? 0);
  const scoreOf = (list: readonly string[], early = false) => {
    const scores = new Map<number, number>();
    [...new Set(list)].forEach((t, i) => {
      const c = community[t];
      if (c !== undefined) scores.set(c, (scores.get(c) ?? 0) + (idf(t) * weight.get(t)!) / (early ? 1 + i / EARLY_TERMS : 1));
    });
    return [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  };
  return { terms, df, idf, community, sideOfCommunity, scoreOf };
}

const sentenceKey = (sentence: readonly string[]) => [...new Set(sentence)].sort().join('\t');

/**
 * Sentences written word for word in several entries, never (or hardly ever) alone and each time
 * beside remarks on different subjects: a long entry's introduction, an aside, a sign-off. They
 * frame what the entries say without being about it, and their words, which always come
 * together, would otherwise make a topic of their own or pull unrelated entries into one.
 * A sentence repeated beside remarks on one subject ("Crash, crash, crash." before what crashed)
 * is part of saying it, and stays.
 */
export function boilerplateSentences(docs: readonly TopicDoc[], scoreOf: (list: readonly string[]) => [number, number][], minSupport: number): Set<string> {
  const seen = new Map<string, { docs: number; alone: number; beside: Map<number, number> }>();
  for (const doc of docs) {
    const sentences = [...new Map(doc.sentences.filter((s) => s.length > 0).map((s) => [sentenceKey(s), s])).entries()];
    for (const [key] of sentences) {
      const s = seen.get(key) ?? { docs: 0, alone: 0, beside: new Map<number, number>() };
      s.docs++;
      const others = sentences.filter(([k]) => k !== key).flatMap(([, terms]) => terms);
      const beside = scoreOf(others)[0];
      if (!beside) s.alone++;
      else s.beside.set(beside[0], (s.beside.get(beside[0]) ?? 0) + 1);
      seen.set(key, s);
    }
  }
  const result = new Set<string>();
  for (const [key, s] of seen) {
    if (s.docs < Math.min(minSupport, BOILERPLATE_REPEATS) || s.alone > s.docs * BOILERPLATE_ALONE) continue;
    const mostBeside = Math.max(0, ...s.beside.values());
    if (mostBeside <= s.docs * BOILERPLATE_ONE_SUBJECT) result.add(key);
  }
  return result;
}

function topicsOf(docs: readonly TopicDoc[], found: Communities, options: TopicOptions): Topic[] {
  const { terms, df, idf, community, sideOfCommunity, scoreOf } = found;
  const members = new Map<number, number[]>();
  // Each entry's main community, followed through the merges below by one of its terms.
  const mainTerm: (string | undefined)[] = docs.map(() => undefined);
  const termOf = new Map<number, string>();
  for (const t of Object.keys(community).sort()) if (!termOf.has(community[t]!)) termOf.set(community[t]!, t);
  docs.forEach((doc, index) => {
    // The entry's best topic leans its way; a sentence may still add one that does not (a
    // complaint with a word of praise for something else). Within each sentence, earlier terms
    // count more ("the notifications are fast, they helped me spot a double charge").
    const early = new Map<number, number>();
    for (const sentence of doc.sentences) for (const [c, x] of scoreOf(sentence, true)) early.set(c, (early.get(c) ?? 0) + x);
    const ranked = [...early].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const best = candidatesFor(ranked, doc.polarity ?? 0, sideOfCommunity)[0];
    if (!best) return;
    mainTerm[index] = termOf.get(best[0]);
    const joined = new Set([best[0]]);
    // A sentence's vote is its score per linked term's square root, so a long sentence of
    // filler does not drown a short one that names a topic.
    const votes = doc.sentences
      .map((sentence) => {
        const vote = scoreOf(sentence)[0];
        const linked = new Set(sentence.filter((t) => community[t] !== undefined)).size;
        return vote && ([vote[0], vote[1] / Math.sqrt(linked)] as const);
      })
      .filter((v) => v !== undefined);
    const strongest = Math.max(...votes.map((v) => v[1]));
    for (const [c, score] of votes) if (score >= strongest * SECOND_TOPIC_SHARE) joined.add(c);
    for (const c of joined) members.set(c, [...(members.get(c) ?? []), index]);
  });

  const vectors = terms.map((list) => unitVector(new Map(list.filter((t) => df.has(t)).map((t) => [t, idf(t)]))));
  const merged = mergeAlike(mergeBySharedTerms(members, terms, community), docs, vectors, community, options.minSupport);
  const mainOf = (i: number) => (mainTerm[i] === undefined ? undefined : community[mainTerm[i]]);
  const fitting = refine(keepFitting(merged, vectors, options.minSupport, mainOf), docs, vectors);

  const topics: Topic[] = [];
  for (const [c, list] of fitting) {
    const termCounts = new Map<string, number>();
    for (const index of list) for (const t of terms[index]!) if (community[t] === c) termCounts.set(t, (termCounts.get(t) ?? 0) + 1);
    const ranked = [...termCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
    topics.push({ terms: ranked, members: list, termCounts });
  }
  return topics.sort((a, b) => b.members.length - a.members.length || a.terms[0]!.localeCompare(b.terms[0]!));
}
