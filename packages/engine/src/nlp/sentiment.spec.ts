import { describe, expect, it } from '@jest/globals';
import { scoreSentiment } from './sentiment.js';

describe('scoreSentiment', () => {
  it('reads clear praise as positive and clear complaints as negative', () => {
    expect(scoreSentiment('I love the new dashboard, great work').sentiment).toBe('positive');
    expect(scoreSentiment('The app crashes constantly, terrible and awful').sentiment).toBe('negative');
  });

  it('keeps flat wording neutral and the score inside [-1, 1]', () => {
    const r = scoreSentiment('The export button is on the settings page');
    expect(r.sentiment).toBe('neutral');
    expect(Math.abs(r.score)).toBeLessThanOrEqual(1);
  });
});
