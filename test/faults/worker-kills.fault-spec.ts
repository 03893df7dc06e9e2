import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { QueueAdmin, SPAWNED_TIMINGS, newUser, eventually, WorkerProcess } from '@insights/testkit';
import { InsightsQueue, JOB_NAMES } from '../../packages/queue/src/index.js';
import { createProject, glmEnv, setEnv, within, type TestApp } from './support.js';
import { createTestApp } from '@insights/api/testing';

const JOBS = 100;
const MIN_KILLS = 5;
const MAX_KILLS = 7;

/**
 * 100 generation jobs while the worker process is SIGKILLed at random moments and restarted.
 * Every job row must settle (completed, or failed with a reason), with its cache row, rows
 * agreeing with BullMQ, and no job may be generated more often than its interruptions and
 * retries explain: counted in LLM calls answered per job, not in cache rows (a unique key
 * keeps those at one however often a job runs).
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
      ...SPAWNED_TIMINGS.quickStalls,
      WORKER_CONCURRENCY: '4',
      GLM_CONCURRENCY: '8',
      // Rows of jobs that stalled too often are settled by the reconciler.
      ...SPAWNED_TIMINGS.quickReconcile,
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

    const queue = app.get(InsightsQueue);
    const openRows = async () =>
      (await db.pool.query<{ n: number }>(`select count(*)::int as n from insights_jobs where id = any($1) and status in ('pending','processing')`, [jobIds]))
        .rows[0]!.n;

    // Kill at random moments while jobs are still open; each kill's victims are read after the
    // kill (BullMQ keeps a dead worker's jobs in the active list until they are found stalled).
    const interruptions = new Map<string, number>();
    let kills = 0;
    let killsWithWork = 0;
    worker = await WorkerProcess.start(env);
    while (kills < MAX_KILLS && (kills < MIN_KILLS || (await openRows()) > 0)) {
      await new Promise((r) => setTimeout(r, 800 + Math.floor(Math.random() * 2200)));
      worker.kill('SIGKILL');
      await worker.exited;
      kills++;
      const active = await QueueAdmin.of(app).activeIds(JOB_NAMES.generate);
      const processing = (await db.pool.query<{ id: string }>(`select id from insights_jobs where id = any($1) and status = 'processing'`, [jobIds])).rows.map(
        (r) => r.id,
      );
      for (const id of new Set([...active, ...processing])) interruptions.set(id, (interruptions.get(id) ?? 0) + 1);
      if (active.length + processing.length > 0) killsWithWork++;
      worker = await WorkerProcess.start(env);
    }

    // Rows of jobs failed by BullMQ for stalling too often wait for the reconciler, which only
    // looks at rows untouched for 60 s: hence the long (but bounded) wait.
    await eventually(async () => (await openRows()) === 0, 150_000, 'every job row to settle').catch(() => undefined);
    // A job BullMQ failed for stalling after a worker had completed its row is retried, and
    // settles in the queue as completed a moment after its row.
    const settledStates = new Set(['completed', 'failed', 'unknown']);
    await eventually(
      async () => {
        for (const id of jobIds) if (!settledStates.has(await queue.state(id))) return false;
        return true;
      },
      30_000,
      'every queue job to settle',
    ).catch(() => undefined);

    const rows = (
      await db.pool.query<{
        id: string;
        status: string;
        error: string | null;
        dedup_key: string;
        attempts: number;
        llm_calls: number | null;
        memo_hits: number | null;
      }>(
        `select j.id, j.status, j.error, j.dedup_key, j.attempts, (c.result->>'llmCalls')::int as llm_calls, (c.result->>'memoHits')::int as memo_hits
           from insights_jobs j left join insights_cache c on c.cache_key = j.dedup_key where j.id = any($1)`,
        [jobIds],
      )
    ).rows;
    const byStatus = (s: string) => rows.filter((r) => r.status === s);
    const completed = byStatus('completed');
    const failed = byStatus('failed');
    const hanging = rows.filter((r) => r.status === 'pending' || r.status === 'processing');

    const cached = new Set(
      (await db.pool.query<{ cache_key: string }>(`select cache_key from insights_cache where project_id = any($1)`, [projects])).rows.map((r) => r.cache_key),
    );
    const completedWithoutCache = completed.filter((r) => !cached.has(r.dedup_key)).map((r) => r.id);

    // Generations per job, from the call ledger. One generation of a job's data answers each chunk
    // once (in its final run, or before a kill and then recalled from the memo) and runs the
    // reduce: its final result's llmCalls + memoHits. A run cut short by a kill, or retried after
    // an error, may have paid for up to one more; anything beyond that was generated twice.
    const answered = new Map(
      (
        await db.pool.query<{ job_id: string; n: number }>(
          `select job_id, count(*)::int as n from llm_calls where job_id = any($1) and outcome = 'ok' group by job_id`,
          [jobIds],
        )
      ).rows.map((r) => [r.job_id, r.n]),
    );
    const generations = completed.map((r) => {
      const oneGeneration = r.llm_calls! + r.memo_hits!;
      const runsAllowed = r.attempts + (interruptions.get(r.id) ?? 0);
      return { id: r.id, spent: answered.get(r.id) ?? 0, oneGeneration, runsAllowed };
    });
    const overspent = generations
      .filter((g) => (g.runsAllowed === 1 ? g.spent !== g.oneGeneration : g.spent > g.oneGeneration * g.runsAllowed))
      .map((g) => `${g.id}: ${g.spent} calls answered, ${g.oneGeneration} per generation, ${g.runsAllowed} run(s) explained`);
    const rerun = generations.filter((g) => g.spent > g.oneGeneration).length;

    // Rows against BullMQ.
    const mismatches: string[] = [];
    let stalledOut = 0;
    for (const row of rows) {
      const state = await queue.state(row.id);
      const job = state === 'failed' ? await queue.find(row.id) : undefined;
      if (job?.failedReason?.includes('stalled')) stalledOut++;
      const ok =
        (row.status === 'completed' && (state === 'completed' || state === 'unknown')) ||
        (row.status === 'failed' && (state === 'failed' || state === 'unknown'));
      if (!ok) mismatches.push(`${row.id}: row ${row.status}, queue ${state}${job?.failedReason ? ` (${job.failedReason})` : ''}`);
    }

    console.log(
      `worker-kills: ${JOBS} jobs, ${kills} kills (${killsWithWork} with jobs in flight), ${completed.length} completed, ${failed.length} failed ` +
        `(${stalledOut} stalled out), ${hanging.length} left open, ${interruptions.size} re-run after a kill, ` +
        `${rerun} paid for more than one generation (${overspent.length} beyond their kills and retries), ` +
        `${completedWithoutCache.length} completed without a cache row, ${mismatches.length} row/queue mismatches` +
        (failed.length ? `; failure reasons: ${[...new Set(failed.map((r) => r.error))].join(' | ')}` : '') +
        (mismatches.length ? `; mismatches: ${mismatches.slice(0, 5).join('; ')}` : '') +
        (overspent.length ? `; generated twice: ${overspent.slice(0, 5).join('; ')}` : ''),
    );

    expect(kills).toBeGreaterThanOrEqual(4);
    expect(killsWithWork).toBeGreaterThanOrEqual(4);
    expect(hanging.map((r) => `${r.id}:${r.status}`)).toEqual([]);
    expect(completed.length + failed.length).toBe(JOBS);
    for (const row of failed) expect(row.error?.trim()).toBeTruthy();
    expect(generations.every((g) => g.oneGeneration > 0)).toBe(true);
    expect(completedWithoutCache).toEqual([]);
    expect(mismatches).toEqual([]);
    expect(overspent).toEqual([]);
  }, 330_000);
});
