import { describe, expect, it } from '@jest/globals';
import { findTopics, type TopicDoc } from './topics.js';

// Each document one sentence of terms; `n` documents cycling through the given variants.
function group(n: number, make: (i: number) => string[]): TopicDoc[] {
  return Array.from({ length: n }, (_, i) => ({ sentences: [make(i)] }));
}
const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;

const FEES = group(40, (i) => ['fee', 'charge', pick(['overdraft', 'monthly', 'atm', 'hidden'], i), pick(['statement', 'account'], i >> 2)]);
const CRASH = group(40, (i) => ['crash', 'update', pick(['launch', 'version', 'splash', 'reinstall'], i), pick(['phone', 'tablet'], i >> 2)]);
const WAIT = group(40, (i) => ['wait', 'hold', pick(['agent', 'chat', 'hour', 'queue'], i), pick(['phone', 'email'], i >> 2)]);

describe('findTopics', () => {
  it('merges a topic most of whose entries use the leading terms of a larger one (one subject said two ways)', () => {
    // Face ID entries, and fingerprint entries most of which also say "login".
    const face = group(40, (i) => ['login', 'face id', pick(['passcode', 'morning', 'retry', 'screen'], i), pick(['fail', 'broken'], i >> 2)]);
    const finger = group(20, (i) => [...(i % 5 < 4 ? ['login'] : []), 'fingerprint', 'biometric', pick(['sensor', 'unavailable'], i)]);
    const docs = [...face, ...finger, ...FEES, ...CRASH, ...WAIT];
    const topics = findTopics(docs, { minSupport: 3 });
    const holding = (from: number, to: number) => topics.filter((t) => t.members.some((m) => m >= from && m < to));
    expect(holding(0, 60)).toHaveLength(1);
    expect(holding(0, 60)[0]!.members.filter((m) => m < 60)).toHaveLength(60);
    // Unrelated subjects stay apart.
    expect(holding(60, 100)).toHaveLength(1);
    expect(holding(60, 100)[0]!.members.every((m) => m >= 60 && m < 100)).toBe(true);
  });

  it('leaves out of a topic an entry that names it in passing, about something else', () => {
    // Long crash reports (they waited for support too) with a one-word aside that is one of the
    // fee entries' terms.
    const asides = group(2, () => ['crash', 'update', 'launch', 'splash', 'reinstall', 'version', 'tablet', 'agent', 'chat', 'queue', 'hour', 'email']).map(
      (d) => ({ sentences: [['hidden'], ...d.sentences] }),
    );
    const docs = [...FEES, ...CRASH, ...WAIT, ...asides];
    const topics = findTopics(docs, { minSupport: 3 });
    const fees = topics.find((t) => t.members.includes(0))!;
    const crash = topics.find((t) => t.members.includes(40))!;
    expect(fees.members.filter((m) => m < 40)).toHaveLength(40);
    expect(fees.members.filter((m) => m >= 120)).toEqual([]);
    expect(crash.members.filter((m) => m >= 120)).toEqual([120, 121]);
  });
});
