import { describe, expect, it } from '@jest/globals';
import { tokenCount } from './tokens.js';

// Counts read once from gpt-tokenizer's o200k_base encoding and written down here, so a change of
// encoding (or a return to characters ÷ 4, which gives 9 and 12) fails these tests.
describe('tokenCount (o200k_base)', () => {
  it('counts a feedback UUID as 35 tokens', () => {
    expect(tokenCount('3f2b8c1e-9a4d-4e7b-b6c5-0d1e2f3a4b5c')).toBe(35);
  });

  it('counts an English sentence as 10 tokens, the same on a second (cached) call', () => {
    const sentence = 'The export button does nothing when I click it.';
    expect(tokenCount(sentence)).toBe(10);
    expect(tokenCount(sentence)).toBe(10);
  });

  it('counts the empty string as 0', () => {
    expect(tokenCount('')).toBe(0);
  });
});
