import { describe, expect, it } from '@jest/globals';
import { extractTerms } from './term-extractor.js';

const keys = (text: string) => extractTerms(text).map((h) => h.key);

describe('extractTerms', () => {
  it('reads no topic in a discourse opener, greeting or sign-off', () => {
    expect(keys('Small thing: the export button is hidden.')).not.toEqual(expect.arrayContaining(['small']));
    expect(keys('Quick note: the export button is hidden.')).not.toContain('note');
    expect(keys('Random one: the export button is hidden. Otherwise fine.')).not.toEqual(expect.arrayContaining(['random']));
    expect(keys('Random one: the export button is hidden. Otherwise fine.')).not.toContain('fine');
    expect(keys('Not urgent, but the export button is hidden.')).not.toContain('urgent');
    expect(keys('Dear shop, the export button is hidden.')).not.toContain('shop');
    expect(keys('Hi team, quick one. The export button is hidden.')).not.toContain('team');
    // An opener after a greeting frames the remark too.
    expect(keys('Hi team, quick one. The export button is hidden.')).toEqual(['export', 'button', 'export button', 'hide', 'button hide']);
    expect(keys('The export button is hidden. One star. Cheers! Not happy. Well done.')).toEqual(['export', 'button', 'export button', 'hide', 'button hide']);
    // The subject stays.
    expect(keys('Small thing: the export button is hidden.')).toContain('export button');
    // Words that only look like an opener are kept when they say something.
    expect(keys('Small fonts make the report hard to read.')).toContain('small');
  });

  it('keeps a two-letter initialism written in capitals ("Face ID"), not a two-letter word', () => {
    expect(keys('Face ID fails every morning.')).toContain('face id');
    expect(extractTerms('Face ID fails every morning.').find((h) => h.key === 'face id')!.surface).toMatch(/^[Ff]ace ID$/);
    expect(keys('Go to the settings.')).not.toContain('go');
  });
});
