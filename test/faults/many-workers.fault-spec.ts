import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { QueueAdmin, SPAWNED_TIMINGS, newUser, eventually, WorkerProcess } from '@insights/testkit';
import { INSIGHTS_QUEUE, JOB_NAMES, queuePrefix } from '../../packages/queue/src/index.js';
import { createProject, glmEnv, setEnv, within, type TestApp } from './support.js';
import { createTestApp } from '@insights/api/testing';

const WORKERS = 4;
const SLOTS_PER_WORKER = 2;
const LARGE_SLOTS_PER_WORKER = 1;
// A large project here is 400 entries against a threshold lowered to 300: the mechanism only
// sees the class, and a million rows would spend the suite's time seeding instead of testing.
const LARGE_FROM = 300;
const LARGE_ENTRIES = 400;
const KILL_JOBS = 30;
const LARGE_JOBS = WORKERS * SLOTS_PER_WORKER;
const SMALL_JOBS = 6;

/**
 * Four worker processes on one queue. (a) 30 jobs while two workers are SIGKILLed at different
 * moments and replaced: every job completes, once (one completion in BullMQ's event stream,
 * and no more LLM calls than its interruptions explain). (b) As many large jobs as the fleet
 * has slots, then small ones: the small jobs start while the large ones are still running,
 * because each worker keeps all but one slot for small jobs.
 */
describe('four workers: kills and fairness', () => {
  let fake: FakeGlm;
  let app: TestApp;
  let db: DatabaseHandle;
  let redis: Redis;
  let queue: QueueAdmin;
  let env: Record<string, string>;
  let restoreEnv: { restore(): void } | undefined;
  const workers: WorkerProcess[] = [];
  const owner = newUser();

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0, latencyMs: 100 });
    env = glmEnv(fake.url, {
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}-fair`,
      GLM_CONCURRENCY: '1',
      // Small chunks and map calls of 10 entries, one at a time: a large job takes dozens of
      // calls (seconds), long enough for small jobs to arrive while it runs.
      INSIGHTS_CHUNK_TOKENS: '500',
      GLM_MAP_ENTRIES_PER_CALL: '10',
      ...SPAWNED_TIMINGS.quickStalls,
      WORKER_CONCURRENCY: String(SLOTS_PER_WORKER),
      WORKER_LARGE_JOB_CONCURRENCY: String(LARGE_SLOTS_PER_WORKER),
      INSIGHTS_LARGE_JOB_MIN_FEEDBACK: String(LARGE_FROM),
    });
    restoreEnv = setEnv(env);
    app = await createTestApp();
    queue = QueueAdmin.of(app);
    db = createDatabase(process.env.DATABASE_URL!);
    redis = new Redis(process.env.REDIS_URL!);
    workers.push(...(await Promise.all(Array.from({ length: WORKERS }, () => WorkerProcess.start(env)))));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => within(w.stop(), 15_000, 'worker stop').catch(() => w.kill('SIGKILL'))));
    await queue?.obliterate().catch(() => undefined);
    await app?.close();
    await db?.close();
    redis?.disconnect();
    await fake?.close();
    restoreEnv?.restore();
  }, 30_000);

  const queueJob = async (projectId: string): Promise<string> => {
    const res = await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: owner.headers, payload: { projectId } });
    expect(res.statusCode).toBe(202);
    return res.json().data.jobId as string;
  };
  const rowsIn = async (jobIds: string[], statuses: string[]): Promise<number> =>
    (await db.pool.query<{ n: number }>(`select count(*)::int as n from insights_jobs where id = any($1) and status = any($2)`, [jobIds, statuses])).rows[0]!.n;

  /** Completions per job as BullMQ recorded them, whichever worker (dead or alive) finished it. */
  async function completionsOf(jobIds: string[]): Promise<Map<string, number>> {
    const wanted = new Set(jobIds);
    const counts = new Map<string, number>();
    const entries = await redis.xrange(`${queuePrefix(env.REDIS_KEY_PREFIX!)}:${INSIGHTS_QUEUE}:events`, '-', '+');
    for (const [, fields] of entries) {
      const event = Object.fromEntries(fields.flatMap((value, i) => (i % 2 === 0 ? [[value, fields[i + 1]]] : [])));
      if (event.event === 'completed' && wanted.has(event.jobId)) counts.set(event.jobId, (counts.get(event.jobId) ?? 0) + 1);
    }
    return counts;
  }

  it('completes every job exactly once while two of four workers are killed', async () => {
    const projects: string[] = [];
    for (let i = 0; i < KILL_JOBS; i++) projects.push((await createProject(app, owner.headers, 100, 7100 + i)).id);
    // Queued while paused, so the run starts with a backlog on every worker at once.
    await queue.pause();
    const jobIds: string[] = [];
    for (const projectId of projects) jobIds.push(await queueJob(projectId));
    await queue.resume();

    // Kill while a backlog remains (more open jobs than slots), so the victim is busy with two
    // jobs when it dies; the jobs active anywhere at that moment count as interrupted (an
    // over-count that only loosens the bound). Replacements start while the others work on.
    const interruptions = new Map<string, number>();
    const replacements: Promise<unknown>[] = [];
    for (const [victim, afterCompleted] of [
      [0, 3],
      [2, 9],
    ] as const) {
      await eventually(async () => (await rowsIn(jobIds, ['completed'])) >= afterCompleted, 60_000, `${afterCompleted} completed jobs`);
      const open = await rowsIn(jobIds, ['pending', 'processing']);
      workers[victim]!.kill('SIGKILL');
      await workers[victim]!.exited;
      for (const id of await queue.activeIds(JOB_NAMES.generate)) interruptions.set(id, (interruptions.get(id) ?? 0) + 1);
      replacements.push(WorkerProcess.start(env).then((replacement) => (workers[victim] = replacement)));
      expect(open).toBeGreaterThan(WORKERS * SLOTS_PER_WORKER);
    }
    await Promise.all(replacements);
    await eventually(async () => (await rowsIn(jobIds, ['pending', 'processing'])) === 0, 60_000, 'every job row to settle');

    const rows = (
      await db.pool.query<{ id: string; status: string; dedup_key: string; attempts: number; generation: number }>(
        // A completed row refers to its result by cache key (ADR 0012).
        `select j.id, j.status, j.dedup_key, j.attempts, (c.result->>'llmCalls')::int + (c.result->>'memoHits')::int as generation
           from insights_jobs j left join insights_cache c on c.cache_key = j.dedup_key where j.id = any($1)`,
        [jobIds],
      )
    ).rows;
    const cached = new Set(
      (await db.pool.query<{ cache_key: string }>(`select cache_key from insights_cache where project_id = any($1)`, [projects])).rows.map((r) => r.cache_key),
    );
    const answered = new Map(
      (
        await db.pool.query<{ job_id: string; n: number }>(
          `select job_id, count(*)::int as n from llm_calls where job_id = any($1) and outcome = 'ok' group by job_id`,
          [jobIds],
        )
      ).rows.map((r) => [r.job_id, r.n]),
    );
    // A worker writes the row before BullMQ records the job completed: the last few completions
    // reach the event stream a moment after the rows settle.
    const completions = await eventually(
      async () => {
        const found = await completionsOf(jobIds);
        return jobIds.every((id) => found.has(id)) && found;
      },
      10_000,
      'every job to be recorded completed by the queue',
    ).catch(() => completionsOf(jobIds));

    const notCompleted = rows.filter((r) => r.status !== 'completed').map((r) => `${r.id}:${r.status}`);
    const withoutCache = rows.filter((r) => !cached.has(r.dedup_key)).map((r) => r.id);
    const completionCounts = jobIds.map((id) => completions.get(id) ?? 0);
    // One generation answers each chunk once and runs the reduce; a run cut short by a kill (or
    // retried after an error) may have paid for at most one more.
    const overspent = rows
      .map((r) => ({ id: r.id, spent: answered.get(r.id) ?? 0, one: r.generation, runs: r.attempts + (interruptions.get(r.id) ?? 0) }))
      .filter((g) => (g.runs === 1 ? g.spent !== g.one : g.spent > g.one * g.runs))
      .map((g) => `${g.id}: ${g.spent} calls for ${g.one} per generation, ${g.runs} run(s) explained`);

    console.log(
      `many-workers kills: ${KILL_JOBS} jobs on ${WORKERS} workers, 2 killed and replaced, ${interruptions.size} jobs active at a kill, ` +
        `${rows.length - notCompleted.length} completed, completions per job ${Math.min(...completionCounts)}..${Math.max(...completionCounts)}, ` +
        `${overspent.length} generated more than their interruptions explain`,
    );
    expect(rows).toHaveLength(KILL_JOBS);
    expect(notCompleted).toEqual([]);
    expect(withoutCache).toEqual([]);
    expect(completionCounts).toEqual(jobIds.map(() => 1));
    expect(interruptions.size).toBeGreaterThanOrEqual(2);
    expect(overspent).toEqual([]);
  }, 180_000);

  it('starts small projects’ jobs while large ones run on every worker', async () => {
    const large: string[] = [];
    for (let i = 0; i < LARGE_JOBS; i++) large.push((await createProject(app, owner.headers, LARGE_ENTRIES, 7300 + i)).id);
    const small: string[] = [];
    for (let i = 0; i < SMALL_JOBS; i++) small.push((await createProject(app, owner.headers, 12, 7400 + i)).id);

    // As many large jobs as the fleet has slots: without a cap they would take every slot.
    const largeJobs: string[] = [];
    for (const projectId of large) largeJobs.push(await queueJob(projectId));
    await eventually(async () => (await rowsIn(largeJobs, ['processing'])) >= WORKERS * LARGE_SLOTS_PER_WORKER, 30_000, 'large jobs to start');
    const enqueuedAt = new Map<string, number>();
    const smallJobs: string[] = [];
    for (const projectId of small) {
      const queuedAt = Date.now();
      const jobId = await queueJob(projectId);
      enqueuedAt.set(jobId, queuedAt);
      smallJobs.push(jobId);
    }
    const all = [...largeJobs, ...smallJobs];
    await eventually(async () => (await rowsIn(all, ['completed'])) === all.length, 90_000, 'every job to complete');

    // BullMQ's own timings: processedOn is when the run that completed the job started. A row
    // turns completed just before BullMQ moves its job to the completed set, so wait for those too.
    const timings = await eventually(
      async () => {
        const done = new Map((await queue.completed(JOB_NAMES.generate)).map((j) => [j.id, j]));
        return all.every((id) => done.get(id)?.finishedOn) ? done : undefined;
      },
      10_000,
      'every job in the completed set',
    );
    const runs = (ids: string[]) => ids.map((id) => ({ id, start: timings.get(id)!.processedOn!, end: timings.get(id)!.finishedOn! }));
    const largeRuns = runs(largeJobs);
    const smallRuns = runs(smallJobs);
    const firstLargeDone = Math.min(...largeRuns.map((r) => r.end));
    const largeDuration = Math.min(...largeRuns.map((r) => r.end - r.start));
    const smallWaits = smallRuns.map((r) => r.start - enqueuedAt.get(r.id)!);
    // The most large jobs running at once: at each large start, how many large runs overlap it.
    const largeAtOnce = Math.max(...largeRuns.map((r) => largeRuns.filter((o) => o.start <= r.start && o.end > r.start).length));

    console.log(
      `many-workers fairness: ${LARGE_JOBS} large jobs (${LARGE_ENTRIES} entries, at most ${largeAtOnce} at once, shortest ${largeDuration} ms), ` +
        `${SMALL_JOBS} small jobs queued behind them waited ${smallWaits.join(', ')} ms; first large job finished ` +
        `${firstLargeDone - Math.min(...enqueuedAt.values())} ms after the first small one was queued`,
    );
    expect(largeAtOnce).toBeLessThanOrEqual(WORKERS * LARGE_SLOTS_PER_WORKER);
    expect(largeAtOnce).toBeGreaterThanOrEqual(2);
    for (const run of smallRuns) expect(run.start).toBeLessThan(firstLargeDone);
    expect(Math.max(...smallWaits)).toBeLessThan(largeDuration);
  }, 180_000);
});
