import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@insights/config';
import { BullInsightsQueue, JOB_NAMES, newJobId, type GenerateInsightsPayload } from '@insights/queue';
import { QueueAdmin } from '@insights/testkit';

/** Every job a producer starts goes through one verb: its name, its typed payload, its options. */
describe('enqueue by job name', () => {
  const config = loadConfig();
  const settings = {
    redisUrl: config.redis.url,
    clusterNodes: config.redis.clusterNodes,
    keyPrefix: `${config.redis.keyPrefix}-enqueue`,
    role: 'producer' as const,
  };
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

  const generation = (dedupId: string): GenerateInsightsPayload => ({
    jobId: newJobId(),
    userId: randomUUID(),
    projectId: randomUUID(),
    filters: {},
    feedbackGeneration: 0,
    cacheKey: dedupId,
    scopeKey: 's'.repeat(64),
    trigger: 'interactive',
  });

  it('cancels a job that has not started by removing it, and frees its dedup id for the next request', async () => {
    const dedupId = 'c'.repeat(63) + '1';
    const first = generation(dedupId);
    await queue.enqueue(JOB_NAMES.generate, first, { jobId: first.jobId, dedupId, trigger: 'interactive' });
    expect(await queue.inFlight(dedupId)).toBe(first.jobId);
    expect(await queue.cancel(first.jobId)).toBe('removed');
    expect(await queue.find(first.jobId)).toBeUndefined();
    expect(await queue.inFlight(dedupId)).toBeNull();
    const next = generation(dedupId);
    expect(await queue.enqueue(JOB_NAMES.generate, next, { jobId: next.jobId, dedupId, trigger: 'interactive' })).toBe(next.jobId);
  });

  it('signals the workers for a job it cannot remove', async () => {
    expect(await queue.cancel(newJobId())).toBe('signalled');
  });

  it('queues a batch as one flow under the batch id, its parent waiting for its children', async () => {
    const child = generation('c'.repeat(63) + '2');
    const batchId = newJobId();
    const entries = [{ projectId: child.projectId!, jobId: child.jobId, how: 'queued' as const }];
    expect(
      await queue.enqueue(
        JOB_NAMES.batch,
        { batchId, userId: child.userId, filters: {}, entries },
        { children: [{ payload: child, dedupId: child.cacheKey }] },
      ),
    ).toBe(batchId);
    expect((await queue.findBatch(batchId))?.entries).toEqual(entries);
    expect(await queue.state(batchId)).toBe('waiting-children');
    expect(await queue.state(child.jobId)).not.toBe('unknown');
  });
});
