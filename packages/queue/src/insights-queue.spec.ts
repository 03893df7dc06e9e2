import { describe, expect, it } from '@jest/globals';
import { BullInsightsQueue } from './bull-insights-queue.js';

describe('the insights queue the apps inject', () => {
  it('offers no administration verbs: pausing, emptying or forgetting jobs is for tests and benchmarks', () => {
    const verbs = Object.getOwnPropertyNames(BullInsightsQueue.prototype);
    for (const admin of ['pause', 'resume', 'obliterate', 'forget', 'completed', 'activeIds', 'scheduleCount']) expect(verbs).not.toContain(admin);
  });
});
