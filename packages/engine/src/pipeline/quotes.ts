import type { PreparedEntry } from '../chunking/entry.js';

const MAX_QUOTES = 2;
const QUOTE_CHARS = 200;
const MIN_QUOTE_CHARS = 12;
const SENTENCE = /[^.!?\n]+[.!?]*/g;
const WORD = /\p{L}[\p{L}\p{N}'-]{2,}/gu;

const wordsOf = (text: string) => new Set((text.toLowerCase().match(WORD) ?? []).filter((w) => w.length >= 4));

/** A sentence clipped at a word boundary: always a substring of the entry. */
function clip(sentence: string): string {
  const trimmed = sentence.trim();
  if (trimmed.length <= QUOTE_CHARS) return trimmed;
  const cut = trimmed.slice(0, QUOTE_CHARS);
  const space = cut.lastIndexOf(' ');
  return (space > MIN_QUOTE_CHARS ? cut.slice(0, space) : cut).trim();
}

/**
 * Quotes for a theme, picked in code from the entries it cites: from each entry its sentence that
 * shares the most words with the theme's name and summary, best first, one per entry. Every quote
 * is a substring of a cited entry's text (as the model was shown it, so already redacted), which
 * the evidence rules require and a model's copy does not guarantee.
 */
export function pickQuotes(theme: { name: string; summary: string }, cited: readonly PreparedEntry[]): string[] {
  const about = wordsOf(`${theme.name} ${theme.summary}`);
  const candidates = cited.flatMap((entry, order) => {
    let best: { text: string; score: number } | undefined;
    for (const sentence of entry.text.match(SENTENCE) ?? []) {
      const text = clip(sentence);
      if (text.length < MIN_QUOTE_CHARS) continue;
      let score = 0;
      for (const w of wordsOf(text)) if (about.has(w)) score++;
      if (!best || score > best.score) best = { text, score };
    }
    return best ? [{ ...best, order }] : [];
  });
  candidates.sort((a, b) => b.score - a.score || a.order - b.order);
  const quotes: string[] = [];
  for (const c of candidates) {
    if (!quotes.includes(c.text)) quotes.push(c.text);
    if (quotes.length === MAX_QUOTES) break;
  }
  return quotes;
}
