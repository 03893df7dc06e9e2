import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { QueueAdmin, SPAWNED_TIMINGS, newUser, eventually, WorkerProcess } from '@insights/testkit';
import { createProject, glmEnv, PrivateRedis, setEnv, within, type TestApp } from './support.js';
import { createTestApp } from '@insights/api/testing';

const ROUNDS = 6;
const REQUEST_TIMEOUT_MS = 10_000;
// While Redis is down every answer should be immediate (fail-fast connections, Postgres tier).
const OUTAGE_TIMEOUT_MS = 4_000;

/**
 * The API and the worker on a private redis-server that is killed under load and restarted on
 * the same port (empty, as after a crash without persistence).
 */
describe('Redis outage', () => {
  let fake: FakeGlm;
  let redis: PrivateRedis;
  let app: TestApp;
  let db: DatabaseHandle;
  let worker: WorkerProcess | undefined;
  let restoreEnv: { restore(): void } | undefined;
  let env: Record<string, string>;
  const owner = newUser();

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0 });
    redis = await PrivateRedis.start();
    env = glmEnv(fake.url, {
      REDIS_URL: redis.url,
      CACHE_REDIS_URL: redis.url,
      ...SPAWNED_TIMINGS.slowerStalls,
    });
    restoreEnv = setEnv(env);
    app = await createTestApp();
    db = createDatabase(process.env.DATABASE_URL!);
    worker = await WorkerProcess.start(env);
  });

  afterAll(async () => {
    // Shut down against a live Redis, so closing connections cannot wait on the outage.
    await redis?.restart();
    await within(worker?.stop() ?? Promise.resolve(), 15_000, 'worker stop').catch(() => worker?.kill('SIGKILL'));
    await within(app?.close() ?? Promise.resolve(), 15_000, 'app close').catch(() => undefined);
    await db?.close();
    await redis?.stop();
    await fake?.close();
    restoreEnv?.restore();
  }, 60_000);

  const inject = (method: 'GET' | 'POST', url: string, payload?: object) =>
    within(app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) }), REQUEST_TIMEOUT_MS, `${method} ${url}`);
  const jobStatus = async (jobId: string) => (await inject('GET', `/api/insights/jobs/${jobId}`)).json().data as { status: string; error?: string };

  it('degrades to 503s and the Postgres cache tier while Redis is down, and recovers without a restart', async () => {
    const cachedProject = await createProject(app, owner.headers, 30, 7100);
    const coldProject = await createProject(app, owner.headers, 30, 7101);

    const first = await inject('POST', '/api/insights/jobs', { projectId: cachedProject.id });
    expect(first.statusCode).toBe(202);
    const firstId = first.json().data.jobId as string;
    await eventually(async () => (await jobStatus(firstId)).status === 'completed', 30_000, 'the first job');
    const durable = await db.pool.query('select count(*)::int as n from insights_cache where project_id = $1', [cachedProject.id]);
    expect(durable.rows[0].n).toBe(1);

    await redis.stop();

    const counts = { tried: 0, jobs503: 0, ready503: 0, servedFromPostgres: 0, other5xx: 0, hung: 0 };
    const codes = new Set<string>();
    const unexpected: string[] = [];
    const hung: string[] = [];
    // One answer, or undefined when it hangs past OUTAGE_TIMEOUT_MS (a fail-fast path answers at once).
    const attempt = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      counts.tried++;
      try {
        return await within(app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) }), OUTAGE_TIMEOUT_MS, `${method} ${url}`);
      } catch {
        counts.hung++;
        hung.push(`${method} ${url.replace(/=[^&]+/g, '=…')}`);
        return undefined;
      }
    };
    const deadline = Date.now() + 40_000;
    for (let round = 0; round < ROUNDS && Date.now() < deadline; round++) {
      const [create, coldRead, forced, cachedRead, ready, live] = await Promise.all([
        // Job creation (nothing cached for this scope): 503 with a code naming the dependency.
        attempt('POST', '/api/insights/jobs', { projectId: coldProject.id }),
        attempt('GET', `/api/insights?projectId=${coldProject.id}`),
        // The same without the cache lookup (forceRefresh goes straight to the queue).
        attempt('GET', `/api/insights?projectId=${coldProject.id}&forceRefresh=true`),
        // A cached read: answered from the Postgres tier.
        attempt('GET', `/api/insights?projectId=${cachedProject.id}`),
        attempt('GET', '/health/ready'),
        attempt('GET', '/health'),
      ]);
      for (const res of [create, coldRead, forced]) {
        if (!res) continue;
        if (res.statusCode === 503) {
          counts.jobs503++;
          codes.add(res.json().code);
          if (!['REDIS_UNAVAILABLE', 'QUEUE_UNAVAILABLE'].includes(res.json().code)) unexpected.push(`job creation code ${res.json().code}`);
        } else unexpected.push(`job creation ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
      if (cachedRead) {
        if (cachedRead.statusCode === 200 && cachedRead.json().cached === true) counts.servedFromPostgres++;
        else unexpected.push(`cached read ${cachedRead.statusCode} ${cachedRead.body.slice(0, 120)}`);
      }
      if (ready) {
        if (ready.statusCode === 503) counts.ready503++;
        else unexpected.push(`readiness ${ready.statusCode}`);
      }
      if (live && live.statusCode !== 200) unexpected.push(`liveness ${live.statusCode}`);
      for (const res of [create, coldRead, forced, cachedRead, ready, live]) if (res && res.statusCode >= 500 && res.statusCode !== 503) counts.other5xx++;
    }

    await redis.restart();
    await eventually(async () => (await inject('GET', '/health/ready')).statusCode === 200, 20_000, 'readiness after the restart');
    // Job creation recovers on the same API instance (no restart), and the worker reconnects.
    const again = await eventually(
      async () => {
        const res = await inject('POST', '/api/insights/jobs', { projectId: coldProject.id });
        return res.statusCode === 202 ? res : undefined;
      },
      15_000,
      'job creation after the restart',
    ).catch(() => undefined);
    let after = 'no job';
    if (again) {
      const jobId = again.json().data.jobId as string;
      after = await eventually(
        async () => {
          const { status } = await jobStatus(jobId);
          return ['completed', 'failed'].includes(status) ? status : undefined;
        },
        40_000,
        'the job after the restart',
      ).catch(async () => `stuck ${(await jobStatus(jobId)).status}`);
    }

    // Observed only (the reconciler suite asserts it): is the reconcile schedule back after the empty restart?
    const schedulers = await QueueAdmin.of(app)
      .scheduleCount()
      .catch(() => -1);
    console.log(
      `redis-outage: ${counts.tried} requests while Redis was down: job creation 503 ×${counts.jobs503} (codes ${[...codes].join(', ') || 'none'}), readiness 503 ×${counts.ready503}, ` +
        `${counts.servedFromPostgres} cached reads served from Postgres, ${counts.other5xx} other 5xx, ${counts.hung} hung > ${OUTAGE_TIMEOUT_MS} ms` +
        (hung.length ? ` (${[...new Set(hung)].join(', ')})` : '') +
        `, ${unexpected.length} unexpected answers; ` +
        `after the restart: job creation ${again ? again.statusCode : 'never 202'}, new job ${after}, reconcile schedules in the restarted Redis: ${schedulers}` +
        (unexpected.length ? `; unexpected: ${[...new Set(unexpected)].slice(0, 5).join('; ')}` : ''),
    );

    expect(counts.other5xx).toBe(0);
    expect(unexpected).toEqual([]);
    expect(hung).toEqual([]);
    expect(counts.servedFromPostgres).toBeGreaterThan(0);
    expect(again?.statusCode).toBe(202);
    expect(after).toBe('completed');
  }, 150_000);
});
