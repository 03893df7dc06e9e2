import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Worker } from 'bullmq';
import { TwoTierInsightsCache } from '@insights/cache';
import { dropDatabase, ensureDatabase, PROJECT_LISTENER_NAME, runMigrations, type DatabaseHandle } from '@insights/db';
import { InsightsGenerator } from '@insights/generation';
import { DATABASE } from '@insights/platform';
import { cancelChannel, createRedisConnection, INSIGHTS_QUEUE, InsightsQueue, queueConnection, queuePrefix, type RedisClient } from '@insights/queue';
import { demoFeedback, eventually, newUser, ownLocalPorts } from '@insights/testkit';
import { ScopeIdentityService } from '../src/insights/scope-identity.service.js';
import { createTestApp } from '../src/testing.js';

interface Planted {
  projectId: string;
  cacheKey: string;
  jobs: { id: string; dedupKey: string }[];
}

/**
 * A deleted project leaves nothing behind in either cache tier and no job of it in the queue,
 * whether it was deleted through this API or by the existing backend's own SQL: its Redis
 * entry is gone, its Postgres rows with it, its waiting job removed, its running job told to
 * stop, and their dedup ids free. The "worker" here is a bare BullMQ worker that takes one job
 * and holds it, so that one job is running and the other waits.
 */
describe('deleting a project', () => {
  let app: NestFastifyApplication;
  let handle: DatabaseHandle;
  let queue: InsightsQueue;
  let cache: TwoTierInsightsCache;
  let holder: Worker | undefined;
  let subscriber: RedisClient;
  const owner = newUser();
  const cancelRequests: string[] = [];
  const ownDatabase = `${process.env.DATABASE_URL}_deletion`;

  async function plant(name: string, user = owner): Promise<Planted> {
    const created = await app.inject({ method: 'POST', url: '/api/projects', headers: user.headers, payload: { name } });
    const projectId = created.json().data.id as string;
    const items = [...demoFeedback({ count: 40, seed: 3 })].map((f, i) => ({ text: f.text, rating: f.rating, category: i % 2 ? 'bug' : 'feature' }));
    await app.inject({ method: 'POST', url: `/api/projects/${projectId}/feedback/bulk`, headers: user.headers, payload: { items } });
    const userId = (await handle.pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [user.sub])).rows[0]!.id;
    const identity = await app.get(ScopeIdentityService).resolve(userId, projectId, {});
    const result = await app.get(InsightsGenerator).generate({ userId, projectId, filters: {} });
    await cache.put({ ...identity, feedbackGeneration: identity.generation, result });

    const jobs: Planted['jobs'] = [];
    for (const category of ['bug', 'feature']) {
      const res = await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: user.headers, payload: { projectId, filters: { category } } });
      expect(res.statusCode).toBe(202);
      const id = res.json().data.jobId as string;
      const row = await handle.pool.query<{ dedup_key: string }>('select dedup_key from insights_jobs where id = $1', [id]);
      jobs.push({ id, dedupKey: row.rows[0]!.dedup_key });
    }
    return { projectId, cacheKey: identity.cacheKey, jobs };
  }

  /** One job of the project running (held by the bare worker), the other waiting. */
  async function oneRunning(planted: Planted): Promise<{ running: string; waiting: string }> {
    holder = new Worker(INSIGHTS_QUEUE, () => new Promise(() => undefined), {
      connection: queueConnection({ url: process.env.REDIS_URL! }, 'worker') as never,
      prefix: queuePrefix(process.env.REDIS_KEY_PREFIX!),
      concurrency: 1,
    });
    // It holds the job without renewing its lock for long; nothing to report.
    holder.on('error', () => undefined);
    const running = await eventually(
      async () => {
        for (const job of planted.jobs) if ((await queue.state(job.id)) === 'active') return job.id;
        return undefined;
      },
      10_000,
      'one job to run',
    );
    const waiting = planted.jobs.find((j) => j.id !== running)!.id;
    expect(await queue.state(waiting)).not.toBe('active');
    return { running, waiting };
  }

  async function leftovers(planted: Planted) {
    return {
      hotEntry: (await cache.hotBody(planted.cacheKey)) !== undefined,
      durableRows: Number((await handle.pool.query('select count(*) as n from insights_cache where project_id = $1', [planted.projectId])).rows[0].n),
      queuedJobs: (await Promise.all(planted.jobs.map((j) => queue.find(j.id)))).filter((j) => j && j.state !== 'active').length,
      heldDedupIds: (await Promise.all(planted.jobs.map((j) => queue.inFlight(j.dedupKey)))).filter(Boolean).length,
      recordedPurges: Number(
        (await handle.pool.query('select count(*) as n from insights_project_purges where project_id = $1', [planted.projectId])).rows[0].n,
      ),
    };
  }
  const nothingLeft = { hotEntry: false, durableRows: 0, queuedJobs: 0, heldDedupIds: 0, recordedPurges: 0 };

  beforeAll(async () => {
    // A queue of its own: suites that run a worker on the run's prefix would take the held jobs.
    process.env.REDIS_KEY_PREFIX = `${process.env.REDIS_KEY_PREFIX}-deletion`;
    // And a database of its own: any API on a database claims the purges recorded there, and
    // another suite's API, beside this one on other keys, would purge those instead of these.
    process.env.DATABASE_URL = ownDatabase;
    await ensureDatabase(ownDatabase);
    await runMigrations(ownDatabase);
    app = await createTestApp();
    handle = app.get<DatabaseHandle>(DATABASE);
    queue = app.get(InsightsQueue);
    cache = app.get(TwoTierInsightsCache);
    // What every worker hears: the cancel channel.
    subscriber = createRedisConnection({ url: process.env.REDIS_URL! }, 'worker');
    await subscriber.subscribe(cancelChannel(process.env.REDIS_KEY_PREFIX!));
    subscriber.on('message', (_channel: string, jobId: string) => cancelRequests.push(jobId));
  });
  afterEach(async () => {
    await holder?.close(true);
    holder = undefined;
  });
  afterAll(async () => {
    subscriber?.disconnect();
    await app?.close();
    await dropDatabase(ownDatabase);
  });

  it('through the API: both cache tiers emptied, the waiting job removed, the running one stopped, at once', async () => {
    const planted = await plant('Deleted by the API');
    const { running } = await oneRunning(planted);
    expect(await leftovers(planted)).toMatchObject({ hotEntry: true, durableRows: 1, queuedJobs: 1, heldDedupIds: 2 });

    const deleted = await app.inject({ method: 'DELETE', url: `/api/projects/${planted.projectId.toUpperCase()}`, headers: owner.headers });
    expect(deleted.statusCode).toBeLessThan(300);
    expect(await leftovers(planted)).toEqual(nothingLeft);
    expect(cancelRequests).toContain(running);
    const read = await app.inject({ method: 'GET', url: `/api/insights?projectId=${planted.projectId}`, headers: owner.headers });
    expect([read.statusCode, read.json().code]).toEqual([404, 'PROJECT_NOT_FOUND']);
  });

  it('by the existing backend’s own SQL: the same, once the notice arrives', async () => {
    const planted = await plant('Deleted in SQL');
    const { running } = await oneRunning(planted);
    await handle.pool.query('delete from projects where id = $1', [planted.projectId]);
    await eventually(async () => JSON.stringify(await leftovers(planted)) === JSON.stringify(nothingLeft), 10_000, 'the purge');
    expect(cancelRequests).toContain(running);
    const read = await app.inject({ method: 'GET', url: `/api/insights?projectId=${planted.projectId}`, headers: owner.headers });
    expect([read.statusCode, read.json().code]).toEqual([404, 'PROJECT_NOT_FOUND']);
  });

  it('while no process listened: swept once listening resumes', async () => {
    const planted = await plant('Deleted while deaf');
    // This process's listener: other suites' APIs listen on the same database meanwhile.
    const [pid] = (
      await handle.pool.query<{ pid: number }>(
        'select pid from pg_stat_activity where application_name = $1 and datname = current_database() and client_port = any($2)',
        [PROJECT_LISTENER_NAME, await ownLocalPorts()],
      )
    ).rows.map((r) => r.pid);
    // The delete commits before the listener's reconnect delay (200 ms) is over: its notice is lost.
    await handle.pool.query('select pg_terminate_backend($1)', [pid]);
    await handle.pool.query('delete from projects where id = $1', [planted.projectId]);
    await eventually(async () => JSON.stringify(await leftovers(planted)) === JSON.stringify(nothingLeft), 10_000, 'the sweep');
  });

  it('with its owner, deleted by the existing backend’s SQL: the same', async () => {
    const leaving = newUser();
    const planted = await plant('Owner deleted in SQL', leaving);
    expect(await leftovers(planted)).toMatchObject({ hotEntry: true, queuedJobs: 2, heldDedupIds: 2 });
    await handle.pool.query('delete from users where clerk_user_id = $1', [leaving.sub]);
    await eventually(async () => JSON.stringify(await leftovers(planted)) === JSON.stringify(nothingLeft), 10_000, 'the purge');
  });
});
