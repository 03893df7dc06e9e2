import { describe, expect, it } from '@jest/globals';
import { labelledFeedback, QUALITY_TARGETS, scoreThemes, statsFor } from '@insights/testkit';
import { arraySource } from '../../in-memory.js';
import { analyseOffline } from './offline-analyser.js';

// The planted-theme benchmark (pnpm bench:quality) in small: fails when the offline analyser
// stops finding the demo's themes or miscounts them.
describe('offline analyser quality on labelled feedback', () => {
  const set = labelledFeedback({ count: 800, seed: 3 });
  const items = set.entries.map((e) => e.item);

  it('finds the planted themes, counts them within the target and names their subjects', async () => {
    const result = await analyseOffline({ source: arraySource(items), statistics: statsFor(items) });
    const report = scoreThemes(result, set);
    expect(report.recall).toBeGreaterThanOrEqual(QUALITY_TARGETS.recall);
    expect(report.maxCountError).toBeLessThanOrEqual(QUALITY_TARGETS.countError);
    expect(report.labelsNamingSubject).toBeGreaterThanOrEqual(QUALITY_TARGETS.recall);
    expect(report.catchAllShare).toBeLessThanOrEqual(QUALITY_TARGETS.catchAllShare);
    // A quote can come from an entry wrongly joined to its theme ("our team offsite" under praise).
    expect(report.quotesOnTheme).toBeGreaterThanOrEqual(0.9);
    expect(report.nonLatinMiscited).toBe(0);
  });
});
