import { describe, expect, it } from '@jest/globals';
import type { PreparedEntry } from '../chunking/entry.js';
import { isEdgePunctuation, keepChunkEvidence, trimEdges } from './evidence.js';

const entry = (id: string, text: string): PreparedEntry => ({ id, rating: 3, text, tokens: 10, trimmedChars: 0 });
const theme = (feedbackIds: string[], quotes: string[]) => ({
  name: 'Export',
  summary: 'Export problems',
  kind: 'pain_point' as const,
  sentiment: 'negative' as const,
  feedbackIds,
  quotes,
});

describe('trimEdges', () => {
  it('cuts quotes, ellipses, dots and spaces from both ends only', () => {
    expect(trimEdges('  “…the export hangs.”  ')).toBe('the export hangs');
    expect(trimEdges("'a. b'")).toBe('a. b');
    expect(trimEdges('«»…. ')).toBe('');
    expect(trimEdges('plain')).toBe('plain');
    expect(trimEdges('')).toBe('');
  });

  // The old pattern retried a trailing run from every position of an inner one: quadratic.
  it('looks at each character at most once, whatever the punctuation runs', () => {
    for (const size of [1_000, 10_000, 100_000]) {
      for (const text of ['x' + '.'.repeat(size) + 'y', '.'.repeat(size), ' "'.repeat(size / 2) + 'x' + '. '.repeat(size / 2)]) {
        let looked = 0;
        const counting = (code: number) => {
          looked++;
          return isEdgePunctuation(code);
        };
        trimEdges(text, counting);
        expect(looked).toBeLessThanOrEqual(text.length + 1);
      }
    }
  });

  it('keeps a 100,000-character inner run of punctuation as it is', () => {
    const run = '.'.repeat(100_000);
    expect(trimEdges(`x${run}y`)).toBe(`x${run}y`);
    expect(trimEdges(`…${run}`)).toBe('');
    expect(trimEdges(` "x${' .'.repeat(50_000)}" `)).toBe('x');
  });
});

describe('keepChunkEvidence', () => {
  it('keeps a quote found in a cited entry, drops one that is not, with long punctuation runs in both', () => {
    const run = '.'.repeat(100_000);
    const entries = [entry('a1', `Export hangs${run}then crashes`), entry('a2', 'Login is slow')];
    const { output, droppedIds } = keepChunkEvidence(
      { themes: [theme(['A1', 'zz'], [`“Export hangs${run}then crashes”`, `Login${run}slow`, 'Login is slow'])] },
      entries,
    );
    expect(droppedIds).toBe(1);
    expect(output.themes).toEqual([theme(['a1'], [`“Export hangs${run}then crashes”`])]);
  });
});
