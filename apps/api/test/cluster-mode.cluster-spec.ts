import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Cluster } from 'ioredis';
import { TwoTierInsightsCache } from '@insights/cache';
import { loadConfig } from '@insights/config';
import { buildInsightsResult } from '@insights/engine';
import { QueueAdmin, resultDraft, newUser } from '@insights/testkit';
import type { DatabaseHandle } from '@insights/db';
import { DATABASE } from '@insights/platform';
import { JOB_NAMES, WorkerQueueHooks } from '@insights/queue';
import { REDIS } from '../src/redis/redis.module.js';
import { keysByMaster } from '@insights/testkit/redis-cluster';
import { createTestApp } from '../src/testing.js';

/**
 * The cluster run must not quietly fall back to one server: the app's own connection is a
 * cluster client, its cache entries spread over the masters and are read back from Redis, and
 * the queue's keys share one slot (its hash tag). REDIS_URL points nowhere in this run, so a
 * connection that ignored the cluster would fail rather than pass.
 */
describe('the test run on a Redis Cluster', () => {
  const { redis } = loadConfig(process.env);
  const target = { url: redis.url, clusterNodes: redis.clusterNodes };
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app?.close());

  it('runs on the three masters the run started, the API connected to all of them', async () => {
    expect(redis.clusterNodes).toHaveLength(3);
    expect((await keysByMaster(target, ['no-such-key'])).size).toBe(3);
    const client = app.get(REDIS);
    expect(client).toBeInstanceOf(Cluster);
    expect(await client.ping()).toBe('PONG');
    expect((client as Cluster).nodes('master')).toHaveLength(3);
  });

  const resultNamed = (summary: string) => buildInsightsResult(resultDraft({ summary, generatedAt: new Date() }));

  it('keeps cache entries in Redis across the masters and reads them back from there', async () => {
    const owner = newUser();
    await app.inject({ method: 'GET', url: '/api/projects', headers: owner.headers });
    const { pool } = app.get<DatabaseHandle>(DATABASE);
    const userId = (await pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [owner.sub])).rows[0]!.id;
    const cache = app.get(TwoTierInsightsCache);
    const keys = Array.from({ length: 24 }, () => `cluster-check-${randomUUID()}`);
    for (const cacheKey of keys) {
      await cache.put({ cacheKey, scopeKey: cacheKey, projectId: null, userId, filters: {}, feedbackGeneration: 1, result: resultNamed(cacheKey) });
    }
    // hotBody reads Redis only: each stored body comes back from the cluster.
    for (const cacheKey of keys) expect(JSON.parse(String(await cache.hotBody(cacheKey))).data.summary).toBe(cacheKey);

    const perMaster = [...(await keysByMaster(target, ['*cluster-check-*'])).values()].filter((found) => found.length > 0);
    expect(perMaster.flat()).toHaveLength(keys.length);
    expect(perMaster.length).toBeGreaterThan(1);
  });

  it("keeps every key of the queue on one master, in its hash tag's slot", async () => {
    await app.get(WorkerQueueHooks).schedule(JOB_NAMES.reconcile, 3_600_000);
    expect(await QueueAdmin.of(app).scheduleCount()).toBe(1);
    const perMaster = [...(await keysByMaster(target, [`{${redis.keyPrefix}}:*`])).values()].filter((found) => found.length > 0);
    expect(perMaster).toHaveLength(1);
    expect(perMaster[0]!.length).toBeGreaterThan(1);
  });
});
