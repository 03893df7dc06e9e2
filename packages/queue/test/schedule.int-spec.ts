import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue, type ConnectionOptions } from 'bullmq';
import { loadConfig } from '@insights/config';
import { BullInsightsQueue, connectionOptions, INSIGHTS_QUEUE, JOB_NAMES, queuePrefix } from '@insights/queue';

/** A scheduled job's retention comes from the queue config: callers pass no BullMQ options. */
describe('the reconcile schedule', () => {
  const config = loadConfig();
  const keyPrefix = `${config.redis.keyPrefix}-schedule`;
  let queue: BullInsightsQueue;
  let raw: Queue;

  beforeAll(() => {
    queue = BullInsightsQueue.open({ redisUrl: config.redis.url, clusterNodes: config.redis.clusterNodes, keyPrefix, role: 'producer' });
    raw = new Queue(INSIGHTS_QUEUE, { connection: connectionOptions(config.redis.url, 'producer') as ConnectionOptions, prefix: queuePrefix(keyPrefix) });
  });
  afterAll(async () => {
    await raw.obliterate({ force: true });
    await raw.close();
    await queue.close();
  });

  it('keeps few finished reconcile runs in Redis without being told', async () => {
    await queue.schedule(JOB_NAMES.reconcile, 3_600_000);
    const scheduler = await raw.getJobScheduler(JOB_NAMES.reconcile);
    expect(scheduler?.template?.opts?.removeOnComplete).toEqual({ count: 10 });
    expect(scheduler?.template?.opts?.removeOnFail).toEqual({ count: 50 });
  });
});
