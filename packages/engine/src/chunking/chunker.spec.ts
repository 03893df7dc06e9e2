import { describe, expect, it } from '@jest/globals';
import { feedbackItem, topicFeedback } from '@insights/testkit';
import { chunkEntries, chunkHash } from './chunker.js';
import { prepareEntry, type PreparedEntry } from './entry.js';

const BUDGET = 1200;
const prepare = (items: ReturnType<typeof topicFeedback>) => items.map((i) => prepareEntry(i, 500));
const ctx = { promptVersion: 'v1', provider: 'm' };
const hashes = (entries: PreparedEntry[]) => chunkEntries(entries, BUDGET).map((c) => chunkHash(c.entries, ctx));

describe('chunkEntries', () => {
  const base = prepare(topicFeedback(1000));

  it('keeps every entry once, in order, and each chunk within the budget', () => {
    const chunks = chunkEntries(base, BUDGET);
    expect(chunks.flatMap((c) => c.entries.map((e) => e.id))).toEqual(base.map((e) => e.id));
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(BUDGET);
  });

  it('changes only the chunks around an insertion when feedback is added in the middle', () => {
    const extra = prepare([1, 2, 3].map((n) => feedbackItem(`new-${n}`, `a brand new remark number ${n}`, 3, 500)));
    const before = hashes(base);
    const after = hashes([...base.slice(0, 500), ...extra, ...base.slice(500)]);
    const kept = new Set(after);
    const lost = before.filter((h) => !kept.has(h));
    expect(lost.length).toBeGreaterThanOrEqual(1);
    expect(lost.length).toBeLessThanOrEqual(2);
    expect(after.length - before.length).toBeLessThanOrEqual(1);
  });

  it('keeps all chunks when feedback is appended at the end, except the last', () => {
    const before = hashes(base);
    const after = new Set(hashes([...base, ...prepare(topicFeedback(50, 'late'))]));
    expect(before.slice(0, -1).every((h) => after.has(h))).toBe(true);
  });
});

describe('chunkHash', () => {
  const entries = prepare(topicFeedback(5));

  it('is stable for the same input', () => {
    expect(chunkHash(entries, ctx)).toBe(chunkHash([...entries], { ...ctx }));
  });

  it('depends on the prompt version, the model, the text, the rating and the ids', () => {
    const original = chunkHash(entries, ctx);
    const edited = entries.map((e, i) => (i === 2 ? { ...e, text: `${e.text}!` } : e));
    const rerated = entries.map((e, i) => (i === 2 ? { ...e, rating: e.rating === 5 ? 4 : 5 } : e));
    const variants = [
      chunkHash(entries, { ...ctx, promptVersion: 'v2' }),
      chunkHash(entries, { ...ctx, provider: 'other' }),
      chunkHash(edited, ctx),
      chunkHash(rerated, ctx),
      chunkHash(entries.slice(1), ctx),
    ];
    expect(new Set([original, ...variants]).size).toBe(variants.length + 1);
  });
});
