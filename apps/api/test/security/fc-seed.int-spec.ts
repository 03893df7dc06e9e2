import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { runSeed } from './fc-seed.js';

/** The property suites' seed: announced on every run, replayed from FC_SEED. */
describe('fast-check seed of a run', () => {
  const quiet = () => {
    const lines: string[] = [];
    return { lines, print: (line: string) => lines.push(line) };
  };

  it('replays FC_SEED exactly, and says so', () => {
    const out = quiet();
    expect(runSeed({ FC_SEED: '1234567' }, out.print)).toBe(1234567);
    expect(out.lines).toEqual(['fast-check seed 1234567 (from FC_SEED; unset it for a new one)']);
  });

  it('draws a new seed otherwise and prints how to replay it', () => {
    const out = quiet();
    const seed = runSeed({}, out.print);
    expect(Number.isInteger(seed)).toBe(true);
    expect(out.lines).toEqual([`fast-check seed ${seed} (replay this run with FC_SEED=${seed})`]);
  });

  it('refuses an FC_SEED that is not a whole number rather than run with another seed', () => {
    for (const bad of ['abc', '1.5', '12abc', '99999999999']) {
      expect(() => runSeed({ FC_SEED: bad }, () => undefined)).toThrow(/FC_SEED/);
    }
  });

  it('makes every property of the run draw the same values from one seed', () => {
    const seed = runSeed({ FC_SEED: '42' }, () => undefined);
    const draw = () => fc.sample(fc.string(), { numRuns: 5 });
    try {
      expect(draw()).toEqual(draw());
    } finally {
      fc.resetConfigureGlobal();
    }
    expect(seed).toBe(42);
  });
});
