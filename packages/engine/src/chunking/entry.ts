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

// The entry's alias in its call (one or two BPE tokens), the rating, tabs and newline.
const LINE_OVERHEAD_TOKENS = 6;

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
