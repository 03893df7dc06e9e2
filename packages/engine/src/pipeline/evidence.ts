import type { PreparedEntry } from '../chunking/entry.js';
import type { MapAnswer, MapOutput } from '../llm/protocol.js';
import { pickQuotes } from './quotes.js';

export interface CheckedMapOutput {
  output: MapOutput;
  /** Distinct cited ids (or aliases) that were not in the chunk or call. */
  droppedIds: number;
}

const EDGE_MARKS = new Set([...`"'“”‘’«»….`].map((c) => c.charCodeAt(0)));
const ONE_SPACE = /^\s$/;

/** Quote marks, ellipses, dots and white space: what a model may add around a quote. */
export function isEdgePunctuation(code: number): boolean {
  return EDGE_MARKS.has(code) || ONE_SPACE.test(String.fromCharCode(code));
}

/**
 * `text` without edge punctuation at either end. An index scan from each end: a pattern anchored
 * at the end retries an inner run of punctuation from each of its positions, which is quadratic
 * in the run's length (a model or a customer can write 100,000 dots).
 */
export function trimEdges(text: string, isEdge: (code: number) => boolean = isEdgePunctuation): string {
  let start = 0;
  while (start < text.length && isEdge(text.charCodeAt(start))) start++;
  let end = text.length;
  while (end > start && isEdge(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function comparable(text: string): string {
  return trimEdges(text).replace(/\s+/g, ' ').toLowerCase();
}

export function isVerbatim(quote: string, cited: readonly PreparedEntry[]): boolean {
  const needle = comparable(quote);
  return needle.length > 0 && cited.some((e) => comparable(e.text).includes(needle));
}

/**
 * Keeps only evidence the chunk can back: ids that were in it and quotes found verbatim in a
 * cited entry. A theme left with no real id is dropped whole.
 */
export function keepChunkEvidence(output: MapOutput, entries: readonly PreparedEntry[]): CheckedMapOutput {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const invented = new Set<string>();
  const themes: MapOutput['themes'] = [];
  for (const theme of output.themes) {
    const cited: PreparedEntry[] = [];
    const ids: string[] = [];
    for (const raw of new Set(theme.feedbackIds.map((id) => id.trim().toLowerCase()))) {
      const entry = byId.get(raw);
      if (entry) {
        ids.push(raw);
        cited.push(entry);
      } else invented.add(raw);
    }
    if (ids.length === 0) continue;
    const quotes = theme.quotes.filter((q) => isVerbatim(q, cited));
    themes.push({ ...theme, feedbackIds: ids, quotes });
  }
  return { output: { themes }, droppedIds: invented.size };
}

/**
 * A map answer as code holds it: every alias mapped back to the id of the entry it stood for in
 * this call (line numbers from 1), aliases outside the call dropped and counted like invented ids,
 * and quotes picked from the cited entries. A theme left with no real entry is dropped whole.
 */
export function fromAnswer(answer: MapAnswer, entries: readonly PreparedEntry[]): CheckedMapOutput {
  const unknown = new Set<string>();
  const themes: MapOutput['themes'] = [];
  for (const theme of answer.themes) {
    const cited = new Map<string, PreparedEntry>();
    for (const raw of theme.ids) {
      const alias = typeof raw === 'number' ? raw : Number(raw.trim());
      const entry = Number.isInteger(alias) ? entries[alias - 1] : undefined;
      if (entry) cited.set(entry.id, entry);
      else unknown.add(String(raw).trim());
    }
    if (cited.size === 0) continue;
    const { ids: _aliases, ...rest } = theme;
    themes.push({ ...rest, feedbackIds: [...cited.keys()], quotes: pickQuotes(theme, [...cited.values()]) });
  }
  return { output: { themes }, droppedIds: unknown.size };
}
