import { describe, expect, it } from '@jest/globals';
import { candidatesFor, findTopics, keepFitting, mergeAlike, refine, splitByLeaning, type TopicDoc } from './topics.js';

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

describe('findTopics and boilerplate', () => {
  // Long entries: the same introduction, word for word, before a remark on one of three subjects.
  const INTRO = ['bakery', 'personal', 'business', 'run'];
  const long = (subject: TopicDoc[], n: number) => subject.slice(0, n).map((d) => ({ sentences: [INTRO, ...d.sentences] }));

  it('leaves out a sentence repeated beside remarks on different subjects: it joins no topic and makes none', () => {
    const docs = [...FEES, ...CRASH, ...WAIT, ...long(FEES, 3), ...long(CRASH, 3), ...long(WAIT, 3)];
    const topics = findTopics(docs, { minSupport: 3 });
    expect(topics).toHaveLength(3);
    expect(topics.flatMap((t) => t.terms)).not.toEqual(expect.arrayContaining(['bakery']));
    // Each long entry is in its own subject's topic only.
    for (const [from, subject] of [
      [120, 0],
      [123, 40],
      [126, 80],
    ] as const) {
      const holding = topics.filter((t) => t.members.includes(from));
      expect(holding).toHaveLength(1);
      expect(holding[0]!.members).toContain(subject);
    }
  });

  it('keeps a sentence repeated beside remarks on one subject: it is part of saying it', () => {
    // "Crash, crash, crash." before what crashed, never alone.
    const crashing = group(12, (i) => [pick(['launch', 'statement', 'payment'], i), 'open', 'crash']).map((d) => ({ sentences: [['crash'], ...d.sentences] }));
    const docs = [...FEES, ...WAIT, ...crashing];
    const topics = findTopics(docs, { minSupport: 3 });
    const crash = topics.find((t) => t.members.includes(80))!;
    expect(crash.terms).toContain('crash');
    expect(crash.members).toHaveLength(12);
  });
});

describe('refine', () => {
  const vector = (...terms: string[]) => new Map(terms.map((t) => [t, 1 / Math.sqrt(terms.length)]));
  const vectors = [
    ...Array.from({ length: 10 }, () => vector('fee', 'charge')),
    ...Array.from({ length: 10 }, () => vector('transfer', 'slow')),
    // 20: said mostly of transfers, in the fee topic; 21: in both; 22: praise, alike the fee topic.
    vector('transfer', 'slow', 'charge'),
    vector('transfer', 'slow', 'charge'),
    vector('fee', 'charge', 'slow'),
  ];
  const docs: TopicDoc[] = vectors.map((_, i) => ({ sentences: [], polarity: i === 22 ? 1 : -1 }));
  const topics = () =>
    new Map([
      [0, [...Array.from({ length: 10 }, (_, i) => i), 20, 21]],
      [1, [...Array.from({ length: 10 }, (_, i) => 10 + i), 21, 22]],
    ]);

  it('moves an entry in one topic to the topic it is clearly more alike', () => {
    const refined = refine(topics(), docs, vectors);
    expect(refined.get(0)).not.toContain(20);
    expect(refined.get(1)).toContain(20);
    // An entry in two topics (a mixed one) stays in both.
    expect(refined.get(0)).toContain(21);
    expect(refined.get(1)).toContain(21);
  });

  it('never moves a praising entry into a topic leaning to problems', () => {
    const refined = refine(topics(), docs, vectors);
    expect(refined.get(1)).toContain(22);
    expect(refined.get(0)).not.toContain(22);
  });
});

describe('mergeAlike', () => {
  // Entries as unit term vectors: Face ID and biometric login failures never share their subject
  // word, but say the same things around it (passcode, phone, how often).
  const vector = (...terms: string[]) => new Map(terms.map((t) => [t, 1 / Math.sqrt(terms.length)]));
  const around = ['passcode', 'iphone', 'morning'];
  const face = Array.from({ length: 10 }, () => vector('face id', ...around));
  const biometric = Array.from({ length: 8 }, () => vector('biometric', ...around));
  const fees = Array.from({ length: 10 }, () => vector('fee', 'charge', 'monthly', 'statement'));
  const vectors = [...face, ...biometric, ...fees];
  const topics = () =>
    new Map([
      [0, Array.from({ length: 10 }, (_, i) => i)],
      [1, Array.from({ length: 8 }, (_, i) => 10 + i)],
      [2, Array.from({ length: 10 }, (_, i) => 18 + i)],
    ]);
  const docs = (polarity: (i: number) => number): TopicDoc[] => vectors.map((_, i) => ({ sentences: [], polarity: polarity(i) }));

  it('merges two topics whose entries say alike things and lean the same way, into the larger', () => {
    const community: Record<string, number> = { 'face id': 0, biometric: 1, fee: 2 };
    const merged = mergeAlike(
      topics(),
      docs(() => -1),
      vectors,
      community,
      3,
    );
    expect([...merged.keys()]).toEqual([0, 2]);
    expect(merged.get(0)).toHaveLength(18);
    expect(merged.get(2)).toHaveLength(10);
    expect(community.biometric).toBe(0);
  });

  it('never merges a problem topic with a praise or request topic, however alike their words', () => {
    const merged = mergeAlike(
      topics(),
      docs((i) => (i < 10 ? -1 : 1)),
      vectors,
      {},
      3,
    );
    expect([...merged.keys()]).toEqual([0, 1, 2]);
  });
});

describe('splitByLeaning', () => {
  // One community holding fee complaints and budgeting requests, which share "monthly".
  const terms = [...Array.from({ length: 6 }, () => ['fee', 'monthly']), ...Array.from({ length: 4 }, () => ['budget', 'monthly']), ['crash', 'update']];
  const lean = new Map([
    ['fee', -0.8],
    ['budget', 0.7],
    ['monthly', 0.1],
    ['crash', -0.9],
    ['update', -0.9],
  ]);

  it('gives the terms leaning the other way from most of a community a community of their own', () => {
    const community: Record<string, number> = { fee: 0, budget: 0, monthly: 0, crash: 1, update: 1 };
    splitByLeaning(community, lean, terms, 3);
    expect(community).toEqual({ fee: 0, monthly: 0, budget: 2, crash: 1, update: 1 });
  });

  it('leaves a community whole when one side is used by too few entries', () => {
    const community: Record<string, number> = { fee: 0, budget: 0, monthly: 0, crash: 1, update: 1 };
    splitByLeaning(community, lean, terms, 5);
    expect(community).toEqual({ fee: 0, budget: 0, monthly: 0, crash: 1, update: 1 });
  });
});

describe('candidatesFor', () => {
  // Community 0 leans to problems, 1 to praise, 2 neither; scores best first.
  const side = (c: number) => [-1, 1, 0][c]!;
  const scores = [
    [0, 5],
    [1, 3],
    [2, 1],
  ] as const;

  it('lets an entry that praises join only a community that does not lean to problems', () => {
    expect(candidatesFor(scores, 1, side).map(([c]) => c)).toEqual([1, 2]);
    expect(candidatesFor(scores, -1, side).map(([c]) => c)).toEqual([0, 2]);
  });

  it('lets a request or a neutral entry, or one naming no community its way, join the best', () => {
    expect(candidatesFor(scores, 0.5, side).map(([c]) => c)).toEqual([0, 1, 2]);
    expect(candidatesFor([[0, 5]], 1, side).map(([c]) => c)).toEqual([0]);
  });
});

describe('keepFitting', () => {
  // Six entries with one term, "a", and a seventh with another, "b": the topic's centroid is
  // (6, 1) / sqrt(37), so the seventh is 1 / sqrt(37) = 0.164 alike, the others 6 / sqrt(37) = 0.986.
  const vectors = [...Array.from({ length: 6 }, () => new Map([['a', 1]])), new Map([['b', 1]])];
  const members = () => new Map([[0, [0, 1, 2, 3, 4, 5, 6]]]);

  it('keeps an entry 0.164 alike in its main topic (at least 0.15)', () => {
    expect(keepFitting(members(), vectors, 3).get(0)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(keepFitting(members(), vectors, 3, () => 0).get(0)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('leaves out an entry 0.164 alike of a topic a sentence added beside its main one (under 0.18)', () => {
    expect(keepFitting(members(), vectors, 3, (i) => (i === 6 ? 1 : 0)).get(0)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('leaves out an entry under 0.15 alike even of its main topic', () => {
    // Seven "a" entries: the "b" entry is 1 / sqrt(50) = 0.141 alike.
    const more = [...Array.from({ length: 7 }, () => new Map([['a', 1]])), new Map([['b', 1]])];
    expect(keepFitting(new Map([[0, [0, 1, 2, 3, 4, 5, 6, 7]]]), more, 3, () => 0).get(0)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
