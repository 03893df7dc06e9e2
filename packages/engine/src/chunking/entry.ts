import type { FeedbackItem } from '../ports.js';
import { estimateTokens, normaliseEntryText, trimEntry } from './tokens.js';

/** A feedback item as it will appear in a map prompt, with its token cost. */
export interface PreparedEntry {
  id: string;
  rating: number;
  text: string;
  tokens: number;
  trimmedChars: number;
}

// A UUID splits into many small pieces in BPE vocabularies (about 20-25 tokens), far more than
// chars/4 suggests; the rating, tabs and newline add a few more.
const LINE_OVERHEAD_TOKENS = 28;

export function prepareEntry(item: Pick<FeedbackItem, 'id' | 'rating' | 'text'>, maxEntryChars: number): PreparedEntry {
  const { text, trimmedChars } = trimEntry(normaliseEntryText(item.text), maxEntryChars);
  const rating = Math.min(5, Math.max(1, Math.round(Number(item.rating) || 1)));
  return {
    id: item.id.toLowerCase(),
    rating,
    text,
    tokens: LINE_OVERHEAD_TOKENS + estimateTokens(text),
    trimmedChars,
  };
}
