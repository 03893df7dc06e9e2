import type { ItemSentence, ItsFunction } from 'wink-nlp';
import { wink } from '../../nlp/nlp.js';
import { REQUEST_VERBS, TOPIC_STOP_WORDS } from './vocabulary.js';

export interface TermHit {
  /** Stemmed key: one word, or two joined by a space. */
  key: string;
  /** How the phrase read in this text, for naming the theme. */
  surface: string;
  /** The sentence it came from, a quote that is verbatim by construction. */
  sentence: string;
}

const CONTENT_POS = new Set(['NOUN', 'PROPN', 'ADJ', 'VERB']);
const LATIN_WORD = /^[a-z][a-z'-]{2,}$/;
// Two content words still form a phrase across a single stop word ("crashes on login").
const MAX_GAP = 1;

interface Token {
  normal: string;
  stem: string;
  content: boolean;
  joinable: boolean;
  spaces: string;
}

function readTokens(sentence: ItemSentence): Token[] {
  const { its } = wink();
  /* eslint-disable @typescript-eslint/unbound-method -- wink-nlp's `its` helpers are plain functions its `out()` takes by reference */
  // wink-nlp's typings declare `its.stem` with a third parameter `out()` does not accept; it works.
  const STEM = its.stem as unknown as ItsFunction<string>;
  const t = sentence.tokens();
  const normal = t.out(its.normal) as string[];
  const stems = t.out(STEM) as string[];
  const types = t.out(its.type) as string[];
  const stops = t.out(its.stopWordFlag) as unknown as boolean[];
  const pos = t.out(its.pos) as string[];
  const spaces = t.out(its.precedingSpaces) as string[];
  /* eslint-enable @typescript-eslint/unbound-method */
  return normal.map((n, i) => {
    const word = types[i] === 'word';
    const asking = pos[i] === 'VERB' && REQUEST_VERBS.has(n);
    const content = word && !stops[i] && LATIN_WORD.test(n) && CONTENT_POS.has(pos[i]!) && !TOPIC_STOP_WORDS.has(n) && !asking;
    return {
      normal: n,
      stem: stems[i]!,
      content,
      joinable: (word && stops[i] === true) || n === '-',
      spaces: spaces[i]!,
    };
  });
}

function surfaceOf(tokens: Token[], from: number, to: number): string {
  let text = tokens[from]!.normal;
  for (let i = from + 1; i <= to; i++) text += `${tokens[i]!.spaces ? ' ' : ''}${tokens[i]!.normal}`;
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
      let previous = -1;
      tokens.forEach((token, i) => {
        if (!token.content) return;
        if (!hits.has(token.stem)) hits.set(token.stem, { key: token.stem, surface: token.normal, sentence });
        const gap = tokens.slice(previous + 1, i);
        if (previous >= 0 && gap.length <= MAX_GAP && gap.every((g) => g.joinable)) {
          const key = `${tokens[previous]!.stem} ${token.stem}`;
          if (!hits.has(key)) hits.set(key, { key, surface: surfaceOf(tokens, previous, i), sentence });
        }
        previous = i;
      });
    });
  return [...hits.values()];
}
