import { describe, expect, it } from '@jest/globals';
import { generateJobOptions, PRIORITY } from './options.js';

describe('generation priorities', () => {
  const priority = (trigger: keyof typeof PRIORITY, size?: 'small' | 'large') => generateJobOptions('j'.repeat(16), 'd', trigger, size).priority!;

  it('runs small scopes before large ones of the same trigger, and people before background work', () => {
    const order = [priority('interactive', 'small'), priority('interactive', 'large'), priority('background', 'small'), priority('background', 'large')];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(order).size).toBe(4);
  });

  it('treats a job queued before sizes existed as small', () => {
    expect(priority('interactive')).toBe(priority('interactive', 'small'));
  });
});
