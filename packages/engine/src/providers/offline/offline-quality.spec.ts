import { describe, expect, it } from '@jest/globals';
import { bankingFeedback, labelledFeedback, meetsTargets, QUALITY_TARGETS, scoreThemes, statsFor, type LabelledSet } from '@insights/testkit';
import { arraySource } from '../../in-memory.js';
import { analyseOffline } from './offline-analyser.js';

async function scored(set: LabelledSet) {
  const items = set.entries.map((e) => e.item);
  return scoreThemes(await analyseOffline({ source: arraySource(items), statistics: statsFor(items) }), set);
}

// The planted-theme benchmark (pnpm bench:quality) in small: fails when the offline analyser
// stops finding either labelled set's themes or miscounts them.
describe('offline analyser quality on labelled feedback', () => {
  it('finds the demo set’s planted themes, counts each within the target and names their subjects', async () => {
    const report = await scored(labelledFeedback({ count: 800, seed: 3 }));
    expect(report.recall).toBeGreaterThanOrEqual(QUALITY_TARGETS.recall);
    expect(report.maxCountError).toBeLessThanOrEqual(QUALITY_TARGETS.countError);
    expect(report.labelsNamingSubject).toBeGreaterThanOrEqual(QUALITY_TARGETS.recall);
    expect(report.catchAllShare).toBeLessThanOrEqual(QUALITY_TARGETS.catchAllShare);
    // A quote can come from an entry wrongly joined to its theme ("our team offsite" under praise).
    expect(report.quotesOnTheme).toBeGreaterThanOrEqual(0.9);
    expect(report.nonLatinMiscited).toBe(0);
  });

  it('meets the targets on the banking set, in a vocabulary it was not written for (the benchmark’s 2,000-entry row)', async () => {
    const report = await scored(bankingFeedback({ count: 2000, seed: 14 }));
    expect(report.recall).toBe(1);
    expect(report.medianCountError).toBeLessThanOrEqual(QUALITY_TARGETS.countError);
    expect(report.labelsNamingSubject).toBe(1);
    expect(meetsTargets(report)).toBe(true);
  });
});
