import { describe, expect, it } from '@jest/globals';
import { uuidFrom } from '@insights/testkit';
import { Sampler } from './sampling.js';

const ids = (n: number, prefix = 'id') => Array.from({ length: n }, (_, i) => uuidFrom(`${prefix}-${i}`));
const keptBy = (sampler: Sampler, list: string[]) => list.filter((id) => sampler.keep(id));

describe('Sampler', () => {
  it('keeps everything when the scope is under the cap', () => {
    const sampler = new Sampler(100, 500);
    expect(keptBy(sampler, ids(100))).toHaveLength(100);
    expect(sampler.sampled).toBe(false);
    expect(sampler.ratio).toBe(1);
  });

  it('keeps between 84% and 100% of the cap', () => {
    const sampler = new Sampler(10_000, 1000);
    const kept = keptBy(sampler, ids(10_000));
    expect(sampler.ratio).toBeLessThanOrEqual(1000 / 10_000);
    expect(sampler.ratio).toBeGreaterThanOrEqual((0.84 * 1000) / 10_000);
    expect(kept.length).toBeGreaterThan(0.84 * 1000 * 0.9);
    expect(kept.length).toBeLessThan(1100);
    expect(sampler.sampled).toBe(true);
    expect(sampler.analysed).toBe(kept.length);
  });

  it('stops at the hard limit when far more rows arrive than were counted', () => {
    const sampler = new Sampler(1000, 100);
    expect(keptBy(sampler, ids(20_000))).toHaveLength(sampler.hardLimit);
    expect(sampler.hardLimit).toBe(140);
  });

  it('picks the same items on every run, whatever the order', () => {
    const list = ids(5000);
    const first = keptBy(new Sampler(5000, 800), list);
    const second = keptBy(new Sampler(5000, 800), [...list].reverse());
    expect(new Set(second)).toEqual(new Set(first));
  });

  it('keeps exactly the same earlier picks when feedback grows by 1%', () => {
    const old = ids(100_000);
    const before = keptBy(new Sampler(100_000, 5000), old);
    const after = keptBy(new Sampler(101_000, 5000), [...old, ...ids(1000, 'new')]).filter((id) => !id.includes('new'));
    const oldSet = new Set(old);
    expect(after.filter((id) => oldSet.has(id))).toEqual(before);
  });

  it('keeps a subset of earlier picks when new feedback arrives', () => {
    const old = ids(8000);
    const before = new Set(keptBy(new Sampler(8000, 1000), old));
    const after = keptBy(new Sampler(10_000, 1000), [...old, ...ids(2000, 'new')]);
    const oldKeptNow = after.filter((id) => old.includes(id));
    expect(oldKeptNow.length).toBeGreaterThan(600);
    expect(oldKeptNow.every((id) => before.has(id))).toBe(true);
  });
});
