import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { demoFeedback, QueueAdmin, SPAWNED_TIMINGS, newUser, eventually, WorkerProcess } from '@insights/testkit';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { InsightsQueue } from '@insights/queue';
import { createTestApp } from '../src/testing.js';

interface Job {
  jobId: string;
  status: string;
  attempts: number;
  error?: string;
  progress: number;
  progressDetail: { stage: string; percent: number; chunksTotal: number };
  result?: { llmCalls: number; themes: unknown[]; summary: string };
}

/** HTTP → BullMQ → a real worker process → the real GLM client → the fake GLM server. */
describe('queued generation end to end', () => {
  let fake: FakeGlm;
  let app: NestFastifyApplication;
  let db: DatabaseHandle;
  let worker: WorkerProcess;
  const owner = newUser();
  const stranger = newUser();
  let seed = 500;
  const env: Record<string, string> = {};

  async function project(count = 150): Promise<{ id: string; apiKey: string }> {
    const created = (await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'q' } })).json().data;
    const items = [...demoFeedback({ count, seed: seed++ })].map((f) => ({ text: f.text, rating: f.rating, createdAt: f.createdAt!.toISOString() }));
    expect(
      (await app.inject({ method: 'POST', url: `/api/projects/${created.id}/feedback/bulk`, headers: owner.headers, payload: { items } })).statusCode,
    ).toBe(201);
    return created;
  }
  const createJob = (projectId: string, headers = owner.headers) => app.inject({ method: 'POST', url: '/api/insights/jobs', headers, payload: { projectId } });
  const getJob = async (jobId: string, headers = owner.headers): Promise<Job> =>
    (await app.inject({ method: 'GET', url: `/api/insights/jobs/${jobId}`, headers })).json().data;
  const until = (jobId: string, statuses: string[], timeoutMs = 30_000) =>
    eventually(
      async () => {
        const job = await getJob(jobId);
        return statuses.includes(job.status) ? job : undefined;
      },
      timeoutMs,
      `job ${jobId} to be ${statuses.join('/')}`,
    );

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0 });
    Object.assign(env, {
      INSIGHTS_PROVIDER: 'glm',
      GLM_API_KEY: 'test-key',
      GLM_BASE_URL: fake.url,
      INSIGHTS_CHUNK_TOKENS: '1500',
      ...SPAWNED_TIMINGS.queueEndToEnd,
      JOBS_PER_MINUTE_PER_USER: '1000',
      // Every stale read refreshes here; the living themes' rule has a suite of its own.
      INSIGHTS_REGENERATE_SHARE: '0',
      BULL_BOARD_USER: 'ops',
      BULL_BOARD_PASSWORD: 'board-password',
    });
    Object.assign(process.env, env);
    app = await createTestApp();
    db = createDatabase(process.env.DATABASE_URL!);
    worker = await WorkerProcess.start(env);
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await db?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it('creates a job, reports progress, completes, then serves the cached result with no new LLM call', async () => {
    const { id } = await project();
    // Long enough for a progress write to the row (at most one a second) while the job runs.
    fake.setLatency(1500);
    const res = await createJob(id);
    expect(res.statusCode).toBe(202);
    const { jobId } = res.json().data;
    const processing = await eventually(
      async () => {
        const job = await getJob(jobId);
        return job.status === 'processing' && job.progressDetail.chunksTotal > 0 ? job : undefined;
      },
      20_000,
      'progress',
    );
    expect(processing.progress).toBeLessThan(100);
    expect(processing.progress).toBe(Math.round(processing.progressDetail.percent));
    const done = await until(jobId, ['completed']);
    expect(done.progressDetail).toMatchObject({ stage: 'done', percent: 100 });
    expect(done.progress).toBe(100);
    expect(done.result!.themes.length).toBeGreaterThan(0);
    expect(done.attempts).toBe(1);

    fake.reset();
    const read = await app.inject({ method: 'GET', url: `/api/insights?projectId=${id}`, headers: owner.headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ success: true, cached: true, stale: false, data: { summary: done.result!.summary } });
    const again = await createJob(id);
    expect(again.statusCode).toBe(200);
    expect(again.json().data).toMatchObject({ status: 'completed', cached: true });
    const latest = await app.inject({ method: 'GET', url: `/api/insights/${id}`, headers: owner.headers });
    expect(latest.statusCode).toBe(200);
    expect(fake.stats().calls).toBe(0);

    // forceRefresh skips the cache in both spellings IsBooleanString admits; 0 reads it.
    const kept = await app.inject({ method: 'GET', url: `/api/insights?projectId=${id}&forceRefresh=0`, headers: owner.headers });
    expect(kept.statusCode).toBe(200);
    for (const spelling of ['1', 'true']) {
      const forced = await app.inject({ method: 'GET', url: `/api/insights?projectId=${id}&forceRefresh=${spelling}`, headers: owner.headers });
      expect(forced.statusCode).toBe(202);
      // The second joins the job the first queued.
      expect(forced.json().data).toMatchObject({ status: expect.stringMatching(/^(pending|processing)$/), cached: false });
      // Finished here, so its LLM calls are not counted by the next test.
      await until(forced.json().data.jobId, ['completed']);
    }
  });

  it('gives 50 concurrent identical requests one job and one set of LLM calls', async () => {
    const { id } = await project();
    fake.setLatency(200);
    const responses = await Promise.all(Array.from({ length: 50 }, () => createJob(id)));
    const ids = new Set(responses.map((r) => r.json().data.jobId));
    expect(responses.every((r) => r.statusCode === 202)).toBe(true);
    expect(ids.size).toBe(1);
    const done = await until([...ids][0]!, ['completed']);
    const rows = await db.pool.query('select count(*)::int as n from insights_jobs where project_id = $1', [id]);
    expect(rows.rows[0].n).toBe(1);
    // This job's own calls: the fake's global count also takes refreshes earlier tests scheduled.
    const calls = await db.pool.query<{ n: number }>(`select count(*)::int as n from llm_calls where job_id = $1 and stage <> 'embed'`, [[...ids][0]!]);
    expect(calls.rows[0]!.n).toBe(done.result!.llmCalls);
    console.log(`dedup: 50 concurrent requests → 1 job, ${calls.rows[0]!.n} LLM calls`);
  });

  it('serves the last result marked stale after new feedback, with a refresh job', async () => {
    const { id, apiKey } = await project();
    const first = (await createJob(id)).json().data.jobId;
    await until(first, ['completed']);
    await app.inject({ method: 'POST', url: '/api/feedback', headers: { 'x-api-key': apiKey }, payload: { text: 'The export crashes again', rating: 1 } });
    const stale = await app.inject({ method: 'GET', url: `/api/insights?projectId=${id}`, headers: owner.headers });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toMatchObject({ cached: true, stale: true, refreshJobId: expect.any(String) });
    await until(stale.json().refreshJobId, ['completed']);
    const fresh = await app.inject({ method: 'GET', url: `/api/insights?projectId=${id}`, headers: owner.headers });
    expect(fresh.json()).toMatchObject({ cached: true, stale: false, data: { statistics: { totalFeedback: 151 } } });
  });

  it('cancels a waiting job (removed from the queue) and a running one (LLM call aborted)', async () => {
    const queue = app.get(InsightsQueue);
    const admin = QueueAdmin.of(app);
    await admin.pause();
    const waiting = (await createJob((await project(20)).id)).json().data.jobId;
    const cancelled = await app.inject({ method: 'DELETE', url: `/api/insights/jobs/${waiting}`, headers: owner.headers });
    expect(cancelled.json().data.status).toBe('cancelled');
    expect(await queue.find(waiting)).toBeUndefined();
    await admin.resume();

    fake.setLatency(3000);
    const { id } = await project();
    const running = (await createJob(id)).json().data.jobId;
    await eventually(async () => fake.stats().inFlight > 0, 10_000, 'an LLM call in flight');
    const res = await app.inject({ method: 'DELETE', url: `/api/insights/jobs/${running}`, headers: owner.headers });
    expect(res.json().data.status).toBe('cancelled');
    await eventually(async () => (await queue.find(running))?.failedReason === 'cancelled', 10_000, 'the worker to stop');
    expect(fake.stats().aborted).toBeGreaterThan(0);
    // Cancelling a finished job changes nothing and answers it as it is (the dashboard's "Clear").
    const again = await app.inject({ method: 'DELETE', url: `/api/insights/jobs/${running}`, headers: owner.headers });
    expect(again.statusCode).toBe(200);
    expect(again.json().data).toMatchObject({ jobId: running, status: 'cancelled' });
    const cache = await db.pool.query('select count(*)::int as n from insights_cache where project_id = $1', [id]);
    expect(cache.rows[0].n).toBe(0);
  });

  it('retries after a 500 and completes on the second attempt', async () => {
    const { id } = await project();
    fake.addFaults([{ type: 'server_error', stage: 'reduce' }]);
    const done = await until((await createJob(id)).json().data.jobId, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('pauses for a 429 with Retry-After without spending an attempt', async () => {
    const { id } = await project();
    fake.addFaults([{ type: 'rate_limit', retryAfterSeconds: 1, stage: 'reduce' }]);
    const done = await until((await createJob(id)).json().data.jobId, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', attempts: 1 });
    expect(fake.stats().faultsServed).toBe(1);
  });

  it('fails at once on a permanent error, with its reason', async () => {
    const { id } = await project();
    fake.addFaults([{ type: 'balance', times: 50 }]);
    const done = await until((await createJob(id)).json().data.jobId, ['completed', 'failed']);
    expect(done.status).toBe('failed');
    expect(done.attempts).toBe(1);
    expect(done.error).toMatch(/quota/);
  });

  it('finishes a job once after its worker is killed with SIGKILL mid-job', async () => {
    const { id } = await project();
    fake.setLatency(1500);
    const jobId = (await createJob(id)).json().data.jobId;
    await eventually(async () => fake.stats().inFlight > 0, 10_000, 'an LLM call in flight');
    worker.kill('SIGKILL');
    await worker.exited;
    // Killed during the map stage: the reduce stage is left whole to the next worker.
    expect(fake.stats().byStage.reduce).toBe(0);
    fake.setLatency(50);
    worker = await WorkerProcess.start(env);
    const done = await until(jobId, ['completed', 'failed'], 40_000);
    expect(done.status).toBe('completed');
    // One generation of this data answers each chunk once (now, or before the kill and then
    // recalled from the memo) and runs the reduce once. The ledger keeps every answered call of
    // the job: the calls answered before the kill each hold at least one chunk the final run
    // recalled, so a second generation, or a chunk paid for twice, shows as more of them.
    const { rows } = await db.pool.query<{ stage: string; n: number }>(
      `select stage, count(*)::int as n from llm_calls where job_id = $1 and outcome = 'ok' group by stage`,
      [jobId],
    );
    const answered = Object.fromEntries(rows.map((r) => [r.stage, r.n])) as Partial<Record<'map' | 'reduce' | 'repair', number>>;
    const final = (
      await db.pool.query<{ llm_calls: number; memo_hits: number }>(
        // The worker stores a result once, as the cache entry its job row references by key.
        `select (c.result->>'llmCalls')::int as llm_calls, (c.result->>'memoHits')::int as memo_hits
         from insights_jobs j join insights_cache c on c.cache_key = j.dedup_key where j.id = $1`,
        [jobId],
      )
    ).rows[0]!;
    expect(answered.reduce).toBeGreaterThan(0);
    const beforeKill = (answered.map ?? 0) + answered.reduce! + (answered.repair ?? 0) - final.llm_calls;
    expect(beforeKill).toBeGreaterThanOrEqual(0);
    expect(beforeKill).toBeLessThanOrEqual(final.memo_hits);
    // Killed before any reduce, so this job's one generation after the restart reduced once. (The
    // fake's own count is not compared: a refresh the earlier tests scheduled may run meanwhile.)
    expect(answered.reduce).toBe(1);
  });

  it('on SIGTERM stops taking jobs, hands the running one back and exits 0', async () => {
    const { id } = await project();
    fake.setLatency(3000);
    const jobId = (await createJob(id)).json().data.jobId;
    await eventually(async () => fake.stats().inFlight > 0, 10_000, 'an LLM call in flight');
    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    fake.setLatency(0);
    worker = await WorkerProcess.start(env);
    expect((await until(jobId, ['completed', 'failed'])).status).toBe('completed');
  });

  it("answers another user's job as not_found, to read or to cancel, exactly like an unknown id", async () => {
    const jobId = (await createJob((await project(10)).id)).json().data.jobId;
    const read = await app.inject({ method: 'GET', url: `/api/insights/jobs/${jobId}`, headers: stranger.headers });
    const unknown = await app.inject({ method: 'GET', url: '/api/insights/jobs/0123456789abcdefABCDEF', headers: stranger.headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ success: true, data: { status: 'not_found' } });
    expect(read.body).toBe(unknown.body);
    const del = await app.inject({ method: 'DELETE', url: `/api/insights/jobs/${jobId}`, headers: stranger.headers });
    expect(del.statusCode).toBe(200);
    expect(del.body).toBe(read.body);
    expect((await getJob(jobId)).status).not.toBe('cancelled');
  });

  it('keeps Bull Board and its JSON API behind their own credentials', async () => {
    for (const url of ['/admin/queues', '/admin/queues/api/queues']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url, headers: owner.headers })).statusCode).toBe(401);
    }
    const auth = `Basic ${Buffer.from('ops:board-password').toString('base64')}`;
    const ok = await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { authorization: auth } });
    expect(ok.statusCode).toBe(200);
  });
});
