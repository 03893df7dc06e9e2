import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

// o200k_base stands in for GLM's own tokenizer, which is not published as a library: both are
// byte-pair encodings of similar vocabulary size, so counts land close to what GLM bills.
// A warm count of a 6,000-token chunk takes a few milliseconds; the system prompt repeats on
// every call, so counts are kept per message string (bounded, oldest dropped first).
const CACHE_LIMIT = 512;
const cache = new Map<string, number>();

export function tokenCount(text: string): number {
  if (text === '') return 0;
  const known = cache.get(text);
  if (known !== undefined) return known;
  const count = countTokens(text);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(text, count);
  return count;
}
