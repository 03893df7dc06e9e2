import { describe, expect, it } from '@jest/globals';
import { answerParts, countSource } from './citations.js';

describe('answerParts', () => {
  const refs = new Set([1, 2, 3]);

  it('cuts an answer into its words and its citation markers, in order', () => {
    expect(answerParts('Exports time out [1], and CSV lacks dates [2].', refs)).toEqual([
      { kind: 'text', text: 'Exports time out ' },
      { kind: 'cite', ref: 1 },
      { kind: 'text', text: ', and CSV lacks dates ' },
      { kind: 'cite', ref: 2 },
      { kind: 'text', text: '.' },
    ]);
  });

  it('gives each entry of a grouped marker its own marker, and reads adjacent markers', () => {
    expect(answerParts('Slow [1, 3][2]', refs)).toEqual([
      { kind: 'text', text: 'Slow ' },
      { kind: 'cite', ref: 1 },
      { kind: 'cite', ref: 3 },
      { kind: 'cite', ref: 2 },
    ]);
  });

  it('leaves as text a marker naming an entry the citations do not hold, and other brackets', () => {
    expect(answerParts('See [7] and [a] and [2,9].', refs)).toEqual([{ kind: 'text', text: 'See [7] and [a] and [2,9].' }]);
    expect(answerParts('', refs)).toEqual([]);
  });

  it('keeps markup in the text as text (the page renders parts as text nodes)', () => {
    expect(answerParts('<img src=x onerror=alert(1)> [1]', refs)).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)> ' },
      { kind: 'cite', ref: 1 },
    ]);
  });
});

describe('countSource', () => {
  it('names a theme count as the theme and a word count by its search', () => {
    expect(countSource('theme:th_abcdefghij')).toBe('entries in this theme');
    expect(countSource('csv export')).toBe('entries matching “csv export”');
  });
});
