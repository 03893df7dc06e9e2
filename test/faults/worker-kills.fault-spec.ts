import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { InsightsProducer, JOB_NAMES } from '../../packages/queue/src/index.js';
import { createTestApp, newUser } from '../../apps/api/test/support/test-app.js';
import { eventually, WorkerProcess } from '../../apps/api/test/support/worker-process.js';
import { createProject, glmEnv, setEnv, within, type TestApp } from './support.js';

const JOBS = 100;
const MIN_KILLS = 5;
const MAX_KILLS = 7;

/**
 * 100 generation jobs while the worker process is SIGKILLed at random moments and restarted.
 * Every job row must settle (completed, or failed with a reason), one cache row per key, rows
 * agreeing with BullMQ, and no job that was never interrupted may run twice.
 */
describe('worker killed with SIGKILL under load', () => {
  let fake: FakeGlm;
  let app: TestApp;
  let db: DatabaseHandle;
  let worker: WorkerProcess | undefined;
  let env: Record<string, string>;
  let restoreEnv: { restore(): void } | undefined;
  const owner = newUser();

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0, latencyMs: 250 });
    env = glmEnv(fake.url, {
      GLM_TIMEOUT_MS: '2000',
      WORKER_LOCK_MS: '3000',
      WORKER_STALLED_INTERVAL_MS: '500',
      WORKER_CONCURRENCY: '4',
      GLM_CONCURRENCY: '8',
      // Rows of jobs that stalled too often are settled by the reconciler.
      RECONCILE_INTERVAL_MS: '1000',
    });
    restoreEnv = setEnv(env);
    app = await createTestApp();
    db = createDatabase(process.env.DATABASE_URL!);
  });

  afterAll(async () => {
    await within(worker?.stop() ?? Promise.resolve(), 15_000, 'worker stop').catch(() => worker?.kill('SIGKILL'));
    await app?.close();
    await db?.close();
    await fake?.close();
    restoreEnv?.restore();
  }, 30_000);

  it('settles every job exactly once across repeated kills', async () => {
    const projects: string[] = [];
    for (let i = 0; i < JOBS; i++) projects.push((await createProject(app, owner.headers, 12, 9000 + i)).id);

    const jobIds: string[] = [];
    for (const projectId of projects) {
      const res = await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: owner.headers, payload: { projectId } });
      expect(res.statusCode).toBe(202);
      jobIds.push(res.json().data.jobId);
    }
    expect(new Set(jobIds).size).toBe(JOBS);

    const producer = app.get(InsightsProducer);
    const openRows = async () =>
      (await db.pool.query<{ n: number }>(`select count(*)::int as n from insights_jobs where id = any($1) and status in ('pending','processing')`, [jobIds])).rows[0]!.n;

    // Kill at random moments while jobs are still open; each kill's victims are read after the
    // kill (BullMQ keeps a dead worker's jobs in the active list until they are found stalled).
    const interrupted = new Set<string>();
    let kills = 0;
    let killsWithWork = 0;
    worker = await WorkerProcess.start(env);
    while (kills < MAX_KILLS && (kills < MIN_KILLS || (await openRows()) > 0)) {
      await new Promise((r) => setTimeout(r, 800 + Math.floor(Math.random() * 2200)));
      worker.kill('SIGKILL');
      await worker.exited;
      kills++;
      const active = (await producer.queue.getActive()).filter((j) => j.name === JOB_NAMES.generate).map((j) => j.id!);
      const processing = (await db.pool.query<{ id: string }>(`select id from insights_jobs where id = any($1) and status = 'processing'`, [jobIds])).rows.map((r) => r.id);
      for (const id of [...active, ...processing]) interrupted.add(id);
      if (active.length + processing.length > 0) killsWithWork++;
      worker = await WorkerProcess.start(env);
    }

    // Rows of jobs failed by BullMQ for stalling too often wait for the reconciler, which only
    // looks at rows untouched for 60 s: hence the long (but bounded) wait.
    await eventually(async () => (await openRows()) === 0, 150_000, 'every job row to settle').catch(() => undefined);

    const rows = (
      await db.pool.query<{ id: string; status: string; error: string | null; dedup_key: string; llm_calls: number | null }>(
        `select id, status, error, dedup_key, (result->>'llmCalls')::int as llm_calls from insights_jobs where id = any($1)`,
        [jobIds],
      )
    ).rows;
    const byStatus = (s: string) => rows.filter((r) => r.status === s);
    const completed = byStatus('completed');
    const failed = byStatus('failed');
    const hanging = rows.filter((r) => r.status === 'pending' || r.status === 'processing');

    const duplicateCacheRows = (
      await db.pool.query<{ n: number }>(
        `select count(*)::int as n from (select cache_key from insights_cache where project_id = any($1) group by cache_key having count(*) > 1) d`,
        [projects],
      )
    ).rows[0]!.n;
    const cached = new Set(
      (await db.pool.query<{ cache_key: string }>(`select cache_key from insights_cache where project_id = any($1)`, [projects])).rows.map((r) => r.cache_key),
    );
    const completedWithoutCache = completed.filter((r) => !cached.has(r.dedup_key)).map((r) => r.id);

    // Generations that reached the reduce stage more than once, per the call ledger.
    const reduceRuns = new Map(
      (
        await db.pool.query<{ job_id: string; n: number }>(
          `select job_id, count(*)::int as n from llm_calls where job_id = any($1) and stage = 'reduce' and outcome = 'ok' group by job_id`,
          [jobIds],
        )
      ).rows.map((r) => [r.job_id, r.n]),
    );
    const repeated = [...reduceRuns].filter(([, n]) => n > 1).map(([id]) => id);
    const repeatedNotInterrupted = repeated.filter((id) => !interrupted.has(id));

    // Rows against BullMQ.
    const mismatches: string[] = [];
    let stalledOut = 0;
    for (const row of rows) {
      const state = await producer.state(row.id);
      const job = state === 'failed' ? await producer.queue.getJob(row.id) : undefined;
      if (job?.failedReason?.includes('stalled')) stalledOut++;
      const ok =
        (row.status === 'completed' && (state === 'completed' || state === 'unknown')) ||
        (row.status === 'failed' && (state === 'failed' || state === 'unknown'));
      if (!ok) mismatches.push(`${row.id}: row ${row.status}, queue ${state}${job?.failedReason ? ` (${job.failedReason})` : ''}`);
    }

    console.log(
      `worker-kills: ${JOBS} jobs, ${kills} kills (${killsWithWork} with jobs in flight), ${completed.length} completed, ${failed.length} failed ` +
        `(${stalledOut} stalled out), ${hanging.length} left open, ${interrupted.size} re-run after a kill, ` +
        `${repeated.length} generated twice (${repeatedNotInterrupted.length} never interrupted), ${duplicateCacheRows} duplicate cache rows, ` +
        `${completedWithoutCache.length} completed without a cache row, ${mismatches.length} row/queue mismatches` +
        (failed.length ? `; failure reasons: ${[...new Set(failed.map((r) => r.error))].join(' | ')}` : '') +
        (mismatches.length ? `; mismatches: ${mismatches.slice(0, 5).join('; ')}` : ''),
    );

    expect(kills).toBeGreaterThanOrEqual(4);
    expect(killsWithWork).toBeGreaterThanOrEqual(4);
    expect(hanging.map((r) => `${r.id}:${r.status}`)).toEqual([]);
    expect(completed.length + failed.length).toBe(JOBS);
    for (const row of failed) expect(row.error?.trim()).toBeTruthy();
    expect(duplicateCacheRows).toBe(0);
    expect(completedWithoutCache).toEqual([]);
    expect(mismatches).toEqual([]);
    expect(repeatedNotInterrupted).toEqual([]);
  }, 330_000);
});
