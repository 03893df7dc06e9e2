import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { startFakeGlm, type FakeGlm, type FaultInput } from '@insights/fake-glm';
import { SPAWNED_TIMINGS } from '@insights/testkit';
import { createProject, glmEnv, setEnv, within, type TestApp } from './support.js';
import { createTestApp } from '@insights/api/testing';
import { newUser, eventually, WorkerProcess } from '@insights/testkit';

interface Outcome {
  jobId: string;
  status: string;
  attempts: number;
  error: string | null;
  ms: number;
  ledger: string[];
  cacheRows: number;
}

/** Provider faults served by the fake GLM to a real worker process, one kind at a time. */
describe('GLM faults', () => {
  let fake: FakeGlm;
  let app: TestApp;
  let db: DatabaseHandle;
  let worker: WorkerProcess | undefined;
  let restoreEnv: { restore(): void } | undefined;
  const owner = newUser();
  let seed = 6000;
  let lastStats: ReturnType<FakeGlm['stats']> | undefined;

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0 });
    const env = glmEnv(fake.url, {
      ...SPAWNED_TIMINGS.hangingGlmCalls,
      WORKER_CONCURRENCY: '2',
    });
    restoreEnv = setEnv(env);
    app = await createTestApp();
    db = createDatabase(process.env.DATABASE_URL!);
    worker = await WorkerProcess.start(env);
  });

  afterAll(async () => {
    await within(worker?.stop() ?? Promise.resolve(), 15_000, 'worker stop').catch(() => worker?.kill('SIGKILL'));
    await app?.close();
    await db?.close();
    await fake?.close();
    restoreEnv?.restore();
  }, 30_000);

  /** Queues `jobs` generations with `faults` pending at the fake GLM and waits for them to settle. */
  async function run(faults: FaultInput[], jobs = 1, timeoutMs = 40_000): Promise<Outcome[]> {
    fake.reset();
    const projects = [];
    for (let i = 0; i < jobs; i++) projects.push(await createProject(app, owner.headers, 20, seed++));
    fake.addFaults(faults);
    const started = Date.now();
    const ids: string[] = [];
    for (const { id } of projects) {
      const res = await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: owner.headers, payload: { projectId: id } });
      expect(res.statusCode).toBe(202);
      ids.push(res.json().data.jobId);
    }
    const outcomes: Outcome[] = [];
    for (const [i, jobId] of ids.entries()) {
      const row = await eventually(
        async () => {
          const { rows } = await db.pool.query<{ status: string; attempts: number; error: string | null; dedup_key: string }>(
            'select status, attempts, error, dedup_key from insights_jobs where id = $1',
            [jobId],
          );
          return rows[0] && ['completed', 'failed', 'cancelled'].includes(rows[0].status) ? rows[0] : undefined;
        },
        timeoutMs,
        `job ${jobId} to settle`,
      ).catch(async () => (await db.pool.query('select status, attempts, error, dedup_key from insights_jobs where id = $1', [jobId])).rows[0]);
      const ledger = (
        await db.pool.query<{ stage: string; outcome: string }>('select stage, outcome from llm_calls where job_id = $1 order by id', [jobId])
      ).rows.map((r) => `${r.stage}:${r.outcome}`);
      const cacheRows = (
        await db.pool.query<{ n: number }>('select count(*)::int as n from insights_cache where cache_key = $1 or project_id = $2', [
          row.dedup_key,
          projects[i]!.id,
        ])
      ).rows[0]!.n;
      outcomes.push({ jobId, status: row.status, attempts: row.attempts, error: row.error, ms: Date.now() - started, ledger, cacheRows });
    }
    lastStats = fake.stats();
    fake.reset();
    return outcomes;
  }

  const describeOutcomes = (kind: string, outcomes: Outcome[], extra = '') =>
    console.log(
      `glm-faults ${kind}: ` +
        outcomes
          .map(
            (o) =>
              `${o.status} after ${o.attempts} attempt(s) in ${(o.ms / 1000).toFixed(1)} s, calls [${o.ledger.join(' ')}], ${o.cacheRows} cache row(s)${o.error ? `, reason "${o.error.slice(0, 90)}"` : ''}`,
          )
          .join('; ') +
        extra,
    );
  const expectNothingCached = (outcomes: Outcome[]) => {
    for (const o of outcomes) if (o.status !== 'completed') expect(o.cacheRows).toBe(0);
  };

  it('429 storm with Retry-After: 1 — completes without spending attempts', async () => {
    const outcomes = await run([{ type: 'rate_limit', retryAfterSeconds: 1, times: 8 }], 2);
    describeOutcomes('rate_limit ×8 over 2 jobs', outcomes, `; ${lastStats!.faultsServed} faults served`);
    for (const o of outcomes) expect(o).toMatchObject({ status: 'completed', attempts: 1 });
    expect(lastStats!.faultsServed).toBe(8);
  }, 60_000);

  it('a few 500s — completes within 3 attempts', async () => {
    const outcomes = await run([{ type: 'server_error', times: 2 }]);
    describeOutcomes('server_error ×2', outcomes);
    expect(outcomes[0]!.status).toBe('completed');
    expect(outcomes[0]!.attempts).toBeLessThanOrEqual(3);
  }, 60_000);

  it('500s beyond 3 attempts — failed with the reason, nothing cached', async () => {
    const outcomes = await run([{ type: 'server_error', times: 100 }]);
    describeOutcomes('server_error on every call', outcomes);
    expect(outcomes[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(outcomes[0]!.error).toMatch(/server|500/i);
    expectNothingCached(outcomes);
  }, 60_000);

  it('one timeout — retried, completes', async () => {
    const outcomes = await run([{ type: 'timeout', times: 1 }]);
    describeOutcomes('timeout ×1', outcomes);
    expect(outcomes[0]).toMatchObject({ status: 'completed', attempts: 2 });
  }, 60_000);

  it('timeouts on every attempt — failed after 3 attempts, bounded, nothing cached', async () => {
    const outcomes = await run([{ type: 'timeout', times: 100 }], 1, 45_000);
    describeOutcomes('timeout on every call', outcomes);
    expect(outcomes[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(outcomes[0]!.error).toMatch(/time/i);
    expect(outcomes[0]!.ms).toBeLessThan(40_000);
    expectNothingCached(outcomes);
  }, 60_000);

  it('one malformed answer — repaired in the same attempt', async () => {
    const outcomes = await run([{ type: 'malformed_json', times: 1 }]);
    describeOutcomes('malformed_json ×1', outcomes);
    expect(outcomes[0]).toMatchObject({ status: 'completed', attempts: 1 });
    expect(outcomes[0]!.ledger.some((c) => c.startsWith('repair:'))).toBe(true);
  }, 60_000);

  it('malformed answers that never repair — failed clearly, nothing cached', async () => {
    const outcomes = await run([{ type: 'malformed_json', times: 100 }]);
    describeOutcomes('malformed_json on every call', outcomes);
    expect(outcomes[0]!.status).toBe('failed');
    expect(outcomes[0]!.error).toMatch(/invalid/i);
    expectNothingCached(outcomes);
  }, 60_000);

  // A few refused entries are searched for and left out (refused-entries.e2e-spec.ts); a filter
  // that refuses every prompt refuses the prompt itself, and the search gives up early.
  it('content filter on every call — failed at once with the reason after a bounded search, nothing cached', async () => {
    const outcomes = await run([{ type: 'content_filter', times: 1000 }]);
    describeOutcomes('content_filter on every call', outcomes, `; ${lastStats!.calls} calls`);
    expect(outcomes[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(outcomes[0]!.error).toMatch(/content filter/i);
    expect(outcomes[0]!.ledger.length).toBeLessThanOrEqual(40);
    expectNothingCached(outcomes);
  }, 60_000);

  it('insufficient balance — failed at once with the reason, nothing cached', async () => {
    const outcomes = await run([{ type: 'balance', times: 5 }]);
    describeOutcomes('balance', outcomes);
    expect(outcomes[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(outcomes[0]!.error).toMatch(/quota|balance/i);
    expectNothingCached(outcomes);
  }, 60_000);
});
