import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCache } from 'cache-manager';
import { loadConfig } from '@insights/config';
import { createCacheStore, TwoTierInsightsCache } from '@insights/cache';
import {
  createDatabase,
  FeedbackRepository,
  InsightsCacheRepository,
  InsightsJobsRepository,
  ProjectsRepository,
  ThemeAssignmentsRepository,
  UsersRepository,
  type DatabaseHandle,
} from '@insights/db';
import { JobIdentity, JobLauncher, JobSizer, LiveThemes, SpendPolicy, TokenBudget } from '@insights/generation';
import { BullInsightsQueue, createRedisConnection, JOB_NAMES, newJobId, type RedisClient } from '@insights/queue';
import { demoFeedback, QueueAdmin } from '@insights/testkit';
import { RefreshProjectHandler } from '../src/insights/refresh-project.handler.js';

/**
 * A batch's children are a BullMQ flow, which does not deduplicate: only their job rows show
 * that a scope's generation is already running. A refresh must find it there too.
 */
describe('an automatic refresh of a scope a batch child is generating', () => {
  const config = loadConfig();
  const keyPrefix = `${config.redis.keyPrefix}-refresh-batch-${randomUUID().slice(0, 8)}`;
  let db: DatabaseHandle;
  let redis: RedisClient;
  let queue: BullInsightsQueue;
  let handler: RefreshProjectHandler;
  let cacheStore: ReturnType<typeof createCache>;
  let userId: string;
  let projectId: string;

  beforeAll(async () => {
    db = createDatabase(config.database.url);
    redis = createRedisConnection(config.redis, 'producer');
    queue = BullInsightsQueue.open({ redisUrl: config.redis.url, clusterNodes: config.redis.clusterNodes, keyPrefix, role: 'producer' });
    cacheStore = createCache({ stores: [createCacheStore(config.redis.cacheUrl, keyPrefix, config.redis.cacheClusterNodes)] });
    const cache = new TwoTierInsightsCache(cacheStore, new InsightsCacheRepository(db.db), config.insights.cacheTtlMs);
    const spend = new SpendPolicy({
      redis,
      keyPrefix,
      jobsPerMinutePerUser: 100,
      projectBudget: new TokenBudget(db.db, 0, 'project'),
      userBudget: new TokenBudget(db.db, 0, 'user'),
    });
    const projects = new ProjectsRepository(db.db);
    const sizer = new JobSizer(new FeedbackRepository(db.db), config.insights.largeJobMinFeedback);
    const launcher = new JobLauncher({ queue, jobs: new InsightsJobsRepository(db.db), cache, spend, sizer });
    const live = new LiveThemes(new ThemeAssignmentsRepository(db.db), config.insights.regenerateShare);
    handler = new RefreshProjectHandler(projects, new JobIdentity(config), launcher, cache, live);
    userId = (await new UsersRepository(db.db).upsertByClerkId(`user_${randomUUID()}`)).id;
    projectId = (await projects.create({ userId, name: 'r', hashedApiKey: randomUUID() })).id;
    await new FeedbackRepository(db.db).insertForProject(projectId, [...demoFeedback({ count: 20, seed: 3 })]);
  });
  afterAll(async () => {
    const admin = QueueAdmin.open({ redisUrl: config.redis.url, clusterNodes: config.redis.clusterNodes, keyPrefix, role: 'producer' });
    await admin.obliterate();
    await admin.close();
    await queue.close();
    redis.disconnect();
    await cacheStore.disconnect();
    await db.close();
  });

  it('joins the child instead of queuing a second generation', async () => {
    const project = (await new ProjectsRepository(db.db).findById(projectId))!;
    const filters = {};
    const keys = new JobIdentity(config).keys({ projectId }, filters, project.feedbackGeneration);
    const childId = newJobId();
    await new InsightsJobsRepository(db.db).create({ id: childId, userId, projectId, filters, dedupKey: keys.cacheKey, progress: 0 });
    const payload = {
      jobId: childId,
      userId,
      projectId,
      filters,
      feedbackGeneration: project.feedbackGeneration,
      ...keys,
      trigger: 'background' as const,
      size: 'small' as const,
    };
    await queue.enqueue(
      JOB_NAMES.batch,
      { batchId: newJobId(), userId, filters, entries: [{ projectId, jobId: childId, how: 'queued' }] },
      { children: [{ payload, dedupId: keys.cacheKey }] },
    );

    const outcome = await handler.handle({ projectId, scopes: [filters], firstRequestedAt: Date.now() });

    expect(outcome.queued).toEqual([]);
    const { rows } = await db.pool.query<{ id: string }>('select id from insights_jobs where dedup_key = $1', [keys.cacheKey]);
    expect(rows.map((r) => r.id)).toEqual([childId]);
  });
});
