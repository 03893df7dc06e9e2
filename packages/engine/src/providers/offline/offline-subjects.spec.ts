import { describe, expect, it } from '@jest/globals';
import { nameOf, splitBySubject, type OfflineDoc } from './select-themes.js';
import type { TermHit } from './term-extractor.js';

// Hand-made entries: each names the given nouns at the given positions among its terms.
function doc(id: string, rating: number, nouns: readonly [string, number][], others: readonly string[] = []): OfflineDoc {
  const hit = (key: string, position: number, noun: boolean): TermHit => ({
    key,
    surface: key,
    sentence: `${id}.`,
    position,
    noun,
    predicative: false,
    participle: false,
  });
  const hits = [...nouns.map(([key, position]) => hit(key, position, true)), ...others.map((key, i) => hit(key, nouns.length + i, false))];
  return { id, rating, sentiment: rating >= 4 ? 'positive' : 'negative', isRequest: false, hits };
}

function frequencyOf(docs: readonly OfflineDoc[]): Map<string, number> {
  const frequency = new Map<string, number>();
  for (const d of docs) for (const h of d.hits) frequency.set(h.key, (frequency.get(h.key) ?? 0) + 1);
  return frequency;
}

describe('naming a theme by the subject its entries name early', () => {
  it('prefers the subject many entries name a little later to one a few name first', () => {
    // "chat" first in 4 entries: 4 x 1 = 4. "support" fourth (position 3) in 8 entries:
    // 8 / (1 + 3/4) = 4.57, ahead; were a term's weight to halve by position 2 instead of 4,
    // 8 / (1 + 3/2) = 3.2 would put "chat" first.
    const docs = [
      ...Array.from({ length: 4 }, (_, i) => doc(`chat-${i}`, 1, [['chat', 0]])),
      ...Array.from({ length: 8 }, (_, i) => doc(`support-${i}`, 1, [['support', 3]])),
    ];
    expect(nameOf('pain_point', docs, frequencyOf(docs)).name).toBe('Support problems');
  });

  it('still names the subject most entries name first', () => {
    // "chat" first in 4 entries (4) against "support" at position 3 in 6: 6 / 1.75 = 3.43.
    const docs = [
      ...Array.from({ length: 4 }, (_, i) => doc(`chat-${i}`, 1, [['chat', 0]])),
      ...Array.from({ length: 6 }, (_, i) => doc(`support-${i}`, 1, [['support', 3]])),
    ];
    expect(nameOf('pain_point', docs, frequencyOf(docs)).name).toBe('Chat problems');
  });
});

describe('splitting a praise or request topic by subject', () => {
  // Praise of 20 entries: `a` name "notification", `b` "push", the rest neither (only "fast").
  const praise = (a: number, b: number) => [
    ...Array.from({ length: a }, (_, i) => doc(`n-${i}`, 5, [['notification', 0]])),
    ...Array.from({ length: b }, (_, i) => doc(`p-${i}`, 5, [['push', 0]])),
    ...Array.from({ length: 20 - a - b }, (_, i) => doc(`f-${i}`, 5, [], ['fast'])),
  ];

  it('keeps the topic whole when its subjects leave over 30 % of it behind', () => {
    // 9 + 4 = 13 of 20 entries (65 %) name a subject: split, 7 entries would leave the theme.
    const docs = praise(9, 4);
    const parts = splitBySubject(docs, frequencyOf(docs), 3);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.docs).toHaveLength(20);
    expect(parts[0]!.subject).toBeUndefined();
  });

  it('splits the topic when its subjects cover at least 70 % of it', () => {
    // 10 + 5 = 15 of 20 (75 %): two parts, the 5 entries naming neither leave.
    const docs = praise(10, 5);
    const parts = splitBySubject(docs, frequencyOf(docs), 3);
    expect(parts.map((p) => [p.subject, p.docs.length])).toEqual([
      ['notification', 10],
      ['push', 5],
    ]);
  });
});
