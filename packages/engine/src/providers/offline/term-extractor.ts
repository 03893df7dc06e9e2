import type { ItemSentence, ItsFunction } from 'wink-nlp';
import { wink } from '../../nlp/nlp.js';
import { DISCOURSE_MARKERS, GREETINGS, REQUEST_VERBS, TOPIC_STOP_WORDS } from './vocabulary.js';

export interface TermHit {
  /** Dictionary forms (lemmas): one word, or two joined by a space; "tags" and "tag" are one term. */
  key: string;
  /** How the phrase read in this text (hyphenated compounds whole), for naming the theme. */
  surface: string;
  /** The sentence it came from, a quote that is verbatim by construction. */
  sentence: string;
  /** Where the term first appears in its text, counted in terms: feedback names its subject early. */
  position: number;
  /** The phrase ends in a noun: it can name a subject ("dark mode", "export"). */
  noun: boolean;
  /** An adjective said of something rather than placed before a noun ("is slow", not "valid codes"). */
  predicative: boolean;
  /** A past participle said of something ("was declined", "got blocked"): what happened to it. */
  participle: boolean;
}

const CONTENT_POS = new Set(['NOUN', 'PROPN', 'ADJ', 'VERB']);
const NOUN_POS = new Set(['NOUN', 'PROPN']);
const LATIN_WORD = /^[a-z][a-z'-]{2,}$/;
// Two capitals are an initialism ("ID", "UI", "QR"), not a short word ("go", "us").
const INITIALISM = /^[A-Z]{2}$/;
// Two content words still form a phrase across a single stop word ("crashes on login").
const MAX_GAP = 1;

interface Token {
  normal: string;
  value: string;
  lemma: string;
  pos: string;
  content: boolean;
  joinable: boolean;
  spaces: string;
}

const lemmaCache = new Map<string, string>();

// A capital at the start of a sentence can make a common word read as a name, which keeps its
// plural ("Charts are great"): such a word's dictionary form is the one it has on its own.
function commonLemma(normal: string): string {
  let lemma = lemmaCache.get(normal);
  if (lemma === undefined) {
    const { its } = wink();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- see readTokens
    const LEMMA = its.lemma as unknown as ItsFunction<string>;
    lemma = ((wink().readDoc(normal).tokens().out(LEMMA) as string[])[0] || normal).toLowerCase();
    if (lemmaCache.size < 10_000) lemmaCache.set(normal, lemma);
  }
  return lemma;
}

function readTokens(sentence: ItemSentence): Token[] {
  const { its } = wink();
  /* eslint-disable @typescript-eslint/unbound-method -- wink-nlp's `its` helpers are plain functions its `out()` takes by reference */
  // wink-nlp's typings declare `its.lemma` with a third parameter `out()` does not accept; it works.
  const LEMMA = its.lemma as unknown as ItsFunction<string>;
  const t = sentence.tokens();
  const normal = t.out(its.normal) as string[];
  const values = t.out(its.value) as string[];
  const lemmas = t.out(LEMMA) as string[];
  const types = t.out(its.type) as string[];
  const stops = t.out(its.stopWordFlag) as unknown as boolean[];
  const pos = t.out(its.pos) as string[];
  const spaces = t.out(its.precedingSpaces) as string[];
  /* eslint-enable @typescript-eslint/unbound-method */
  return normal.map((n, i) => {
    const word = types[i] === 'word';
    const asking = pos[i] === 'VERB' && REQUEST_VERBS.has(n);
    const shaped = (LATIN_WORD.test(n) && !stops[i]) || (INITIALISM.test(values[i]!) && /^[a-z]+$/.test(n));
    const content = word && shaped && CONTENT_POS.has(pos[i]!) && !TOPIC_STOP_WORDS.has(n) && !asking;
    return {
      normal: n,
      value: values[i]!,
      lemma: pos[i] === 'PROPN' && (lemmas[i] || n) === n ? commonLemma(n) : (lemmas[i] || n).toLowerCase(),
      pos: pos[i]!,
      content,
      joinable: (word && stops[i] === true) || n === '-',
      spaces: spaces[i]!,
    };
  });
}

// A word as written, except that a capital which only starts the sentence is dropped ("Search
// lags" reads "search"), while names and acronyms keep theirs ("Slack", "CSV").
function written(tokens: Token[], i: number): string {
  const { value, normal } = tokens[i]!;
  const sentenceStart = tokens.slice(0, i).every((t) => t.pos === 'PUNCT' || t.pos === 'DET' || t.pos === 'ADV');
  if (sentenceStart && value.length > 1 && value.slice(1) === value.slice(1).toLowerCase()) return normal;
  return value;
}

// "is painfully slow", "feels unfair": the adjective follows a verb, adverbs aside ("on mobile" does not).
function afterVerb(tokens: Token[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (tokens[j]!.pos === 'ADV' || tokens[j]!.pos === 'PART')) j--;
  return j >= 0 && (tokens[j]!.pos === 'AUX' || tokens[j]!.pos === 'VERB');
}

// A regular past participle; the ending alone, as the tagger tells verbs but not their forms.
const PARTICIPLE = /[^e]ed$|[^aeiou]ied$|eed$/;

const PAUSE = /^[:,.!?;…–—-]+$/;

/**
 * How many leading tokens of a sentence only frame it: a discourse opener or sign-off followed by
 * a pause or the sentence's end ("Small thing:", "Not urgent, but", "Otherwise fine."), or a
 * greeting up to its comma ("Dear bank,", "Hi team,"), with the opener that may follow it ("Hi team, quick one.").
 */
function framingLength(tokens: Token[], from = 0): number {
  const words = tokens.map((t) => t.normal);
  const pauseOrEnd = (i: number) => i >= words.length || PAUSE.test(words[i]!);
  let longest = 0;
  for (const marker of DISCOURSE_MARKERS)
    if (marker.length > longest && marker.every((w, i) => words[from + i] === w) && pauseOrEnd(from + marker.length)) longest = marker.length;
  if (longest > 0) return from + longest + 1;
  // A greeting may be followed by an opener ("Hi team, quick one."), which frames the remark too.
  if (from === 0 && GREETINGS.has(words[0] ?? '')) {
    for (let i = 1; i <= 3 && i < words.length; i++) if (words[i] === ',' || words[i] === '!') return framingLength(tokens, i + 1);
  }
  return from;
}

const glued = (tokens: Token[], i: number) => i >= 0 && i < tokens.length && tokens[i]!.spaces === '';

/** The words from `from` to `to` as written, widened to whole hyphenated compounds ("sign-on"). */
function surfaceOf(tokens: Token[], from: number, to: number): string {
  let start = from;
  while (start >= 2 && tokens[start - 1]!.normal === '-' && glued(tokens, start) && glued(tokens, start - 1)) start -= 2;
  let end = to;
  while (end + 2 < tokens.length && tokens[end + 1]!.normal === '-' && glued(tokens, end + 1) && glued(tokens, end + 2)) end += 2;
  let text = written(tokens, start);
  for (let i = start + 1; i <= end; i++) text += `${tokens[i]!.spaces ? ' ' : ''}${written(tokens, i)}`;
  return text;
}

/** Distinct single-word and two-word topic terms of one feedback text, with their sentences. */
export function extractTerms(text: string): TermHit[] {
  const hits = new Map<string, TermHit>();
  wink()
    .readDoc(text)
    .sentences()
    .each((s: ItemSentence) => {
      const sentence = s.out().trim();
      const tokens = readTokens(s);
      for (let i = 0, framing = framingLength(tokens); i < framing && i < tokens.length; i++) tokens[i]!.content = false;
      const add = (key: string, from: number, to: number) => {
        if (hits.has(key)) return;
        const last = tokens[to]!;
        const next = tokens[to + 1];
        hits.set(key, {
          key,
          surface: surfaceOf(tokens, from, to),
          sentence,
          position: hits.size,
          // A phrase ends on its head noun: "loading the feedback" of "the feedback list" is none.
          noun: NOUN_POS.has(last.pos) && (from === to || !(next && NOUN_POS.has(next.pos) && next.content)),
          participle: from === to && last.pos === 'VERB' && PARTICIPLE.test(last.normal),
          predicative: from === to && last.pos === 'ADJ' && !(next && (NOUN_POS.has(next.pos) || next.pos === 'ADJ')) && afterVerb(tokens, to),
        });
      };
      let previous = -1;
      tokens.forEach((token, i) => {
        if (!token.content) return;
        add(token.lemma, i, i);
        const gap = tokens.slice(previous + 1, i);
        if (previous >= 0 && gap.length <= MAX_GAP && gap.every((g) => g.joinable)) add(`${tokens[previous]!.lemma} ${token.lemma}`, previous, i);
        previous = i;
      });
    });
  return [...hits.values()];
}
