import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@insights/config';
import { createDatabase, FeedbackRepository, ProjectsRepository, UsersRepository, type DatabaseHandle } from '@insights/db';
import { BullInsightsQueue, createRedisConnection, INSIGHTS_QUEUE, queuePrefix, type RedisClient } from '@insights/queue';
import { demoFeedback, QueueAdmin } from '@insights/testkit';
import { benchLauncher, enqueueLikeApi } from '../../../bench/worker-stack.js';

/** The benchmarks queue their jobs as a request does: a large project runs as a large job. */
describe('a benchmark job', () => {
  const config = loadConfig({ ...process.env, INSIGHTS_LARGE_JOB_MIN_FEEDBACK: '10' });
  const keyPrefix = `${config.redis.keyPrefix}-bench-launch-${randomUUID().slice(0, 8)}`;
  let db: DatabaseHandle;
  let redis: RedisClient;
  let queue: BullInsightsQueue;
  let userId: string;

  beforeAll(async () => {
    db = createDatabase(config.database.url);
    redis = createRedisConnection(config.redis, 'producer');
    queue = BullInsightsQueue.open({ redisUrl: config.redis.url, keyPrefix, role: 'producer' });
    userId = (await new UsersRepository(db.db).upsertByClerkId(`user_${randomUUID()}`)).id;
  });
  afterAll(async () => {
    const admin = QueueAdmin.open({ redisUrl: config.redis.url, keyPrefix, role: 'producer' });
    await admin.obliterate();
    await admin.close();
    await queue.close();
    redis.disconnect();
    await db.close();
  });

  async function project(entries: number): Promise<string> {
    const projectId = (await new ProjectsRepository(db.db).create({ userId, name: `p${entries}`, hashedApiKey: randomUUID() })).id;
    await new FeedbackRepository(db.db).insertForProject(projectId, [...demoFeedback({ count: entries, seed: entries })]);
    return projectId;
  }
  /** The priority BullMQ stored for the job: its size class is only there. */
  const priority = async (jobId: string) => Number(await redis.hget(`${queuePrefix(keyPrefix)}:${INSIGHTS_QUEUE}:${jobId}`, 'priority'));

  it('classes a project at the large threshold as large, one below it as small', async () => {
    const { launcher, close } = benchLauncher(db, queue, config, { redisUrl: config.redis.url, keyPrefix });
    try {
      const small = await enqueueLikeApi(db, launcher, config, userId, await project(9));
      const large = await enqueueLikeApi(db, launcher, config, userId, await project(10));
      // Interactive jobs: 1 for a small scope, one step later for a large one.
      expect(await priority(small)).toBe(1);
      expect(await priority(large)).toBe(2);
    } finally {
      await close();
    }
  });
});
