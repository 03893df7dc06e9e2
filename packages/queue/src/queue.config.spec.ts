import { describe, expect, it } from '@jest/globals';
import { JOB_NAMES, type JobName } from './names.js';
import { generateJobOptions, JOB_RETENTION, PRIORITY } from './queue.config.js';

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

describe('the queue config', () => {
  it('states how long Redis keeps the finished jobs of every job name', () => {
    const names = Object.values(JOB_NAMES) as JobName[];
    for (const name of names) {
      const retention = JOB_RETENTION[name];
      expect(retention.removeOnComplete).toBeDefined();
      expect(retention.removeOnFail).toBeDefined();
    }
    expect(Object.keys(JOB_RETENTION).sort()).toEqual([...names].sort());
  });
});
