import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@insights/config';
import { BullInsightsQueue, JOB_NAMES, newJobId } from '@insights/queue';
import { QueueAdmin } from '@insights/testkit';

/** Every job a producer starts goes through one verb: its name, its typed payload, its options. */
describe('enqueue by job name', () => {
  const config = loadConfig();
  const settings = { redisUrl: config.redis.url, clusterNodes: config.redis.clusterNodes, keyPrefix: `${config.redis.keyPrefix}-enqueue`, role: 'producer' as const };
  let queue: BullInsightsQueue;
  let admin: QueueAdmin;

  beforeAll(async () => {
    queue = BullInsightsQueue.open(settings);
    admin = QueueAdmin.open(settings);
    await admin.pause();
  });
  afterAll(async () => {
    await admin.obliterate().catch(() => undefined);
    await admin.close();
    await queue.close();
  });

  it('queues one failure notification per failed job', async () => {
    const jobId = newJobId();
    const payload = { jobId, userId: randomUUID(), projectId: null, error: 'boom', failedAt: new Date().toISOString() };
    const first = await queue.enqueue(JOB_NAMES.notifyFailure, payload, { retryDelayMs: 1_000 });
    await queue.enqueue(JOB_NAMES.notifyFailure, payload, { retryDelayMs: 1_000 });
    expect(first).toBe(`notify-${jobId}`);
    expect(await queue.find(`notify-${jobId}`)).toMatchObject({ name: JOB_NAMES.notifyFailure, state: 'prioritized' });
    expect((await queue.counts()).prioritized).toBe(1);
  });

  it('debounces a project refresh into one delayed job', async () => {
    const projectId = randomUUID();
    const first = await queue.enqueue(JOB_NAMES.refresh, { projectId, scopes: [{}] }, { debounceMs: 60_000, maxWaitMs: 120_000 });
    const second = await queue.enqueue(JOB_NAMES.refresh, { projectId, scopes: [{}] }, { debounceMs: 60_000, maxWaitMs: 120_000 });
    expect(first).toBeTruthy();
    expect(await queue.state(second)).toBe('delayed');
    expect((await queue.counts()).delayed).toBe(1);
  });
});
