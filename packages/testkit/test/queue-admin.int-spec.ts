import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@insights/config';
import { randomUUID } from 'node:crypto';
import { BullInsightsQueue, JOB_NAMES, newJobId, type GenerateInsightsPayload, type InsightsQueueSettings } from '@insights/queue';
import { QueueAdmin } from '@insights/testkit';

describe('the queue administration of tests and benchmarks', () => {
  const config = loadConfig();
  const settings: InsightsQueueSettings = {
    redisUrl: config.redis.url,
    clusterNodes: config.redis.clusterNodes,
    keyPrefix: `${config.redis.keyPrefix}-admin`,
    role: 'producer',
  };
  let queue: BullInsightsQueue;
  let admin: QueueAdmin;

  beforeAll(() => {
    queue = BullInsightsQueue.open(settings);
    admin = QueueAdmin.open(settings);
  });
  afterAll(async () => {
    await admin.obliterate().catch(() => undefined);
    await admin.close();
    await queue.close();
  });

  const enqueue = (dedupId: string) => {
    const jobId = newJobId();
    const payload: GenerateInsightsPayload = {
      jobId,
      userId: randomUUID(),
      projectId: randomUUID(),
      filters: {},
      feedbackGeneration: 0,
      cacheKey: 'c'.repeat(64),
      scopeKey: 's'.repeat(64),
      trigger: 'interactive',
    };
    return queue.enqueue(JOB_NAMES.generate, payload, { jobId, dedupId, trigger: 'interactive' });
  };

  it('forgets a job and its dedup key as if Redis had lost them', async () => {
    const id = await enqueue('admin-forget');
    expect(await queue.inFlight('admin-forget')).toBe(id);
    await admin.forget(id, 'admin-forget');
    expect(await queue.find(id)).toBeUndefined();
    expect(await queue.inFlight('admin-forget')).toBeNull();
  });

  it('counts schedules and empties the queue, schedules included', async () => {
    await queue.schedule(JOB_NAMES.reconcile, 3_600_000);
    expect(await admin.scheduleCount()).toBe(1);
    await enqueue('admin-obliterate');
    await admin.pause();
    await admin.obliterate();
    expect(await admin.scheduleCount()).toBe(0);
    const counts = await queue.counts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
