import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@insights/config';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { createTestApp } from '@insights/api/testing';
import { APP_CONFIG } from '@insights/platform';
import { demoFeedback, eventually, newUser, QueueAdmin, TEST_TIMINGS } from '@insights/testkit';
import { WorkerModule } from '../src/worker.module.js';
import { WorkerMetrics } from '../src/metrics/worker-metrics.service.js';

type Json = Record<string, any>;
type Headers = Record<string, string>;

/** glm-4.5 as Z.ai prices it, US dollars per million tokens (written out, not read from the table). */
const INPUT = 0.6;
const CACHED = 0.11;
const OUTPUT = 2.2;
const usd = (prompt: number, cached: number, completion: number) => ((prompt - cached) * INPUT + cached * CACHED + completion * OUTPUT) / 1e6;
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(1e-9);

/**
 * A generation's cost in money, from the worker's ledger rows to what the owner reads: the job
 * row, its result's token block, the job history, the project's daily usage and the metric.
 */
describe('cost of LLM calls in US dollars', () => {
  let fake: FakeGlm;
  let worker: INestApplicationContext;
  let api: Awaited<ReturnType<typeof createTestApp>>;
  let db: DatabaseHandle;
  const owner = newUser();
  const stranger = newUser();
  const saved = { ...process.env };

  const call = async (headers: Headers, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await api.inject({ method, url, headers, payload: payload as never });
    return { status: response.statusCode, body: response.json() as Json };
  };

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0, latencyMs: 2 });
    Object.assign(process.env, {
      INSIGHTS_PROVIDER: 'glm',
      GLM_API_KEY: 'test-key',
      GLM_BASE_URL: fake.url,
      GLM_MODEL: 'glm-4.5',
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}-cost`,
      INSIGHTS_CHUNK_TOKENS: '500',
      GLM_MAP_ENTRIES_PER_CALL: '20',
    });
    const config = loadConfig(undefined, { verifiesTokens: false });
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(APP_CONFIG)
      .useValue({ ...config, worker: { ...config.worker, reconcileIntervalMs: TEST_TIMINGS.reconcileIdleMs } })
      .compile();
    moduleRef.useLogger(false);
    worker = await moduleRef.init();
    api = await createTestApp();
    db = createDatabase(process.env.DATABASE_URL!);
  }, 30_000);
  afterAll(async () => {
    await api?.close();
    await worker?.close();
    const admin = QueueAdmin.open({ redisUrl: process.env.REDIS_URL!, keyPrefix: process.env.REDIS_KEY_PREFIX!, role: 'producer' });
    await admin.obliterate().catch(() => undefined);
    await admin.close();
    await db?.close();
    await fake?.close();
    process.env = saved;
  });

  async function project(headers: Headers, count: number, seed: number): Promise<string> {
    const id = (await call(headers, 'POST', '/api/projects', { name: 'cost' })).body.data.id as string;
    const items = [...demoFeedback({ count, seed })].map((f) => ({ text: f.text, rating: f.rating, createdAt: f.createdAt!.toISOString() }));
    expect((await call(headers, 'POST', `/api/projects/${id}/feedback/bulk`, { items })).status).toBe(201);
    return id;
  }

  async function completedJob(projectId: string): Promise<Json> {
    const created = await call(owner.headers, 'POST', '/api/insights/jobs', { projectId });
    const jobId = created.body.data.jobId as string;
    return eventually(
      async () => {
        const job = (await call(owner.headers, 'GET', `/api/insights/jobs/${jobId}`)).body.data;
        if (job.status === 'failed') throw new Error(`job ${jobId} failed: ${job.error}`);
        return job.status === 'completed' && job;
      },
      30_000,
      `job ${jobId} to complete`,
    );
  }

  const ledgerOf = async (jobId: string) =>
    (
      await db.pool.query<{ model: string; stage: string; prompt: number; cached: number; completion: number; cost: string | null }>(
        `select model, stage, prompt_tokens as prompt, cached_tokens as cached, completion_tokens as completion, cost_usd as cost from llm_calls where job_id = $1`,
        [jobId],
      )
    ).rows;

  let projectId: string;
  let job: Json;
  let expected: number;

  it('prices every ledger row at the prices of its model, and the job carries the sum of exactly its rows', async () => {
    projectId = await project(owner.headers, 120, 4242);
    // Calls of another job of the same project are not this job's.
    await project(owner.headers, 30, 4243).then(completedJob);
    job = await completedJob(projectId);

    const rows = await ledgerOf(job.jobId);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      expect(row.model).toBe('glm-4.5');
      close(Number(row.cost), usd(row.prompt, row.cached, row.completion));
    }
    expected = rows.reduce((sum, row) => sum + usd(row.prompt, row.cached, row.completion), 0);
    expect(expected).toBeGreaterThan(0);

    const stored = await db.pool.query<{ cost: string }>('select cost_usd as cost from insights_jobs where id = $1', [job.jobId]);
    close(Number(stored.rows[0]!.cost), expected);
    // What a status poll answers: beside tokensUsed, and in the result's token block.
    expect(job.cost.currency).toBe('USD');
    close(job.cost.amount, expected);
    expect(job.result.tokens.cost.currency).toBe('USD');
    close(job.result.tokens.cost.amount, expected);
    expect(job.result.tokens.total).toBe(rows.reduce((sum, row) => sum + row.prompt + row.completion, 0));
  });

  it('lists the cost of each job in the history', async () => {
    const history = await call(owner.headers, 'GET', `/api/insights/jobs?projectId=${projectId}`);
    expect(history.status).toBe(200);
    const item = history.body.data.items.find((i: Json) => i.jobId === job.jobId);
    expect(item.cost.currency).toBe('USD');
    close(item.cost.amount, expected);
  });

  it("reports the project's tokens and money per UTC day, to its owner only", async () => {
    // Two calls recorded yesterday (one of them an embeddings request), and one of another project.
    const yesterday = new Date(Date.now() - 86_400_000);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    await db.pool.query(
      `insert into llm_calls (project_id, stage, provider, model, prompt_tokens, cached_tokens, completion_tokens, cost_usd, outcome, created_at) values
        ($1, 'map', 'glm', 'glm-4.5', 1000000, 200000, 10000, 0.524, 'ok', $2),
        ($1, 'embed', 'glm', 'embedding-3', 2000000, 0, 0, 0.14, 'ok', $2)`,
      [projectId, yesterday],
    );
    const today = await db.pool.query<{ calls: number; prompt: number; completion: number; cost: string }>(
      `select count(*)::int as calls, sum(prompt_tokens)::int as prompt, sum(completion_tokens)::int as completion, sum(cost_usd) as cost
         from llm_calls where project_id = $1 and created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'`,
      [projectId],
    );

    const usage = await call(owner.headers, 'GET', `/api/projects/${projectId}/usage?days=3`);
    expect(usage.status).toBe(200);
    const days = usage.body.data.days as Json[];
    expect(days.map((d) => d.date)).toEqual([day(new Date(Date.now() - 2 * 86_400_000)), day(yesterday), day(new Date())]);
    expect(days[0]).toMatchObject({ calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, cost: { currency: 'USD', amount: 0 } });
    expect(days[1]).toMatchObject({ calls: 2, promptTokens: 3_000_000, cachedTokens: 200_000, completionTokens: 10_000, totalTokens: 3_010_000 });
    expect(days[1]!.cost).toEqual({ currency: 'USD', amount: 0.664 });
    const now = today.rows[0]!;
    expect(days[2]).toMatchObject({ calls: now.calls, promptTokens: now.prompt, completionTokens: now.completion, totalTokens: now.prompt + now.completion });
    close(days[2]!.cost.amount, Number(now.cost));
    close(usage.body.data.total.cost.amount, 0.664 + Number(now.cost));

    expect((await call(stranger.headers, 'GET', `/api/projects/${projectId}/usage`)).status).toBe(404);
    expect((await call(owner.headers, 'GET', `/api/projects/00000000-0000-4000-8000-000000000000/usage`)).status).toBe(404);
  });

  it('counts the money in insights_llm_cost_usd_total by model and stage', async () => {
    const text = await worker.get(WorkerMetrics).registry.metrics();
    expect(text).toContain('# TYPE insights_llm_cost_usd_total counter');
    const samples = text
      .split('\n')
      .filter((line) => line.startsWith('insights_llm_cost_usd_total{'))
      .map((line) => /^insights_llm_cost_usd_total\{(.*)\} (\S+)$/.exec(line)!);
    expect(samples.length).toBeGreaterThan(0);
    for (const [, labels] of samples) expect(labels).toMatch(/model="glm-4\.5",stage="(map|reduce|repair)"/);
    // Both jobs of the suite ran on this worker: their rows' cost, to the dollar.
    const all = await db.pool.query<{ cost: string }>(
      `select sum(cost_usd) as cost from llm_calls where job_id in (select id from insights_jobs where user_id = (select id from users where clerk_user_id = $1))`,
      [owner.sub],
    );
    close(
      samples.reduce((sum, [, , value]) => sum + Number(value), 0),
      Number(all.rows[0]!.cost),
    );
  });
});
