import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { demoFeedback, newUser, WorkerProcess } from '@insights/testkit';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { createTestApp } from '../src/testing.js';

/**
 * The legacy synchronous endpoint end to end: HTTP → a job on the queue → a real worker process
 * → real GLM client → the fake GLM server over loopback, the request waiting for the job.
 */
describe('POST /api/insights/generate against the fake GLM server', () => {
  let fake: FakeGlm;
  let app: NestFastifyApplication;
  let db: DatabaseHandle;
  let worker: WorkerProcess;
  const owner = newUser();
  let seed = 100;

  /** A project of its own per case: memoised chunks from another case would hide map faults. */
  async function projectWithFeedback(count = 120): Promise<string> {
    const project = (await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'p' } })).json().data;
    const items = [...demoFeedback({ count, seed: seed++ })].map((f) => ({
      text: f.text,
      rating: f.rating,
      category: f.category as string,
      createdAt: f.createdAt!.toISOString(),
    }));
    const res = await app.inject({ method: 'POST', url: `/api/projects/${project.id}/feedback/bulk`, headers: owner.headers, payload: { items } });
    expect(res.statusCode).toBe(201);
    return project.id;
  }

  const feedbackIds = async (projectId: string) =>
    new Set((await db.pool.query<{ id: string }>('select id from feedback where project_id = $1', [projectId])).rows.map((r) => r.id));

  const generate = (projectId: string, filters?: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/insights/generate', headers: owner.headers, payload: { projectId, filters } });

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0 });
    const env = {
      INSIGHTS_PROVIDER: 'glm',
      GLM_API_KEY: 'test-key',
      GLM_BASE_URL: fake.url,
      INSIGHTS_CHUNK_TOKENS: '800',
      INSIGHTS_LEGACY_GENERATE: 'true',
      JOBS_PER_MINUTE_PER_USER: '1000',
      // A queue of its own: no other suite's worker takes these jobs.
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}-legacy`,
    };
    Object.assign(process.env, env);
    app = await createTestApp();
    db = createDatabase(process.env.DATABASE_URL!);
    worker = await WorkerProcess.start(env);
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await db?.close();
    await fake?.close();
    process.env.INSIGHTS_PROVIDER = 'offline';
    for (const name of ['INSIGHTS_LEGACY_GENERATE', 'JOBS_PER_MINUTE_PER_USER']) delete process.env[name];
  });
  beforeEach(() => fake.reset());

  it('returns the legacy shape plus evidence, with SQL statistics and every call in the ledger', async () => {
    const projectId = await projectWithFeedback();
    const res = await generate(projectId);
    expect(res.statusCode).toBe(200);
    const result = res.json().data;
    expect(result).toMatchObject({ provider: 'fake-glm', summary: expect.any(String), statistics: { totalFeedback: 120 } });
    expect(Array.isArray(result.keyThemes)).toBe(true);
    expect(Array.isArray(result.recommendations)).toBe(true);
    expect(result.insights.length).toBeGreaterThan(0);
    expect(result.themes.length).toBeGreaterThan(0);

    const ids = await feedbackIds(projectId);
    const cited: string[] = result.themes.flatMap((t: { feedbackIds: string[] }) => t.feedbackIds);
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.every((id) => ids.has(id))).toBe(true);

    const stats = fake.stats();
    expect(stats.calls).toBeGreaterThanOrEqual(2);
    expect(result.tokens.total).toBe(stats.promptTokens + stats.completionTokens);
    const rows = await db.pool.query('select count(*)::int as n from llm_calls where project_id = $1', [projectId]);
    expect(rows.rows[0].n).toBe(stats.calls);
  });

  it('answers a repeat from the cache, and pays no map call for a new scope over the same feedback', async () => {
    const projectId = await projectWithFeedback();
    const first = await generate(projectId);
    const mapped = fake.stats().byStage.map;
    fake.reset();
    const again = await generate(projectId);
    expect(again.statusCode).toBe(200);
    expect(again.json().data.generatedAt).toBe(first.json().data.generatedAt);
    expect(fake.stats().calls).toBe(0);
    // Another scope is another job, but its chunks are memoised.
    expect((await generate(projectId, { startDate: '2000-01-01' })).statusCode).toBe(200);
    expect(mapped).toBeGreaterThan(0);
    expect(fake.stats().byStage.map).toBe(0);
  });

  it('waits out a 429 with Retry-After and succeeds', async () => {
    const projectId = await projectWithFeedback();
    fake.addFaults([{ type: 'rate_limit', retryAfterSeconds: 1, stage: 'map' }]);
    const res = await generate(projectId);
    expect(res.statusCode).toBe(200);
    expect(fake.stats().faultsServed).toBe(1);
    const ledger = await db.pool.query(`select count(*)::int as n from llm_calls where project_id = $1 and outcome = 'rate_limit'`, [projectId]);
    expect(ledger.rows[0].n).toBe(1);
  });

  it('retries a 500 once and succeeds; answers 503 naming the job when the provider keeps failing', async () => {
    const projectId = await projectWithFeedback();
    fake.addFaults([{ type: 'server_error', stage: 'reduce' }]);
    expect((await generate(projectId)).statusCode).toBe(200);

    fake.reset();
    fake.addFaults([{ type: 'server_error', stage: 'reduce', times: 20 }]);
    // A new scope: the first one is answered from the cache now.
    const res = await generate(projectId, { startDate: '2000-01-01' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'LLM_UNAVAILABLE', details: { jobId: expect.any(String) } });
  }, 60_000);

  it('repairs malformed JSON once', async () => {
    const projectId = await projectWithFeedback();
    fake.addFaults([{ type: 'malformed_json', stage: 'map' }]);
    expect((await generate(projectId)).statusCode).toBe(200);
    expect(fake.stats().byStage.repair).toBe(1);
  });

  it('drops an id the model invented and counts it', async () => {
    const projectId = await projectWithFeedback();
    fake.addFaults([{ type: 'invented_id', stage: 'map' }]);
    const res = await generate(projectId);
    expect(res.statusCode).toBe(200);
    const result = res.json().data;
    expect(result.coverage.droppedInvalidIds).toBeGreaterThanOrEqual(1);
    const real = await feedbackIds(projectId);
    for (const id of result.themes.flatMap((t: { feedbackIds: string[] }) => t.feedbackIds)) expect(real.has(id)).toBe(true);
  });

  // A few refused entries are left out and the job completes (refused-entries.e2e-spec.ts); a
  // filter that refuses every prompt is the prompt's fault, and the search gives up, bounded.
  it('fails clearly when the content filter refuses every prompt', async () => {
    const projectId = await projectWithFeedback();
    fake.addFaults([{ type: 'content_filter', stage: 'map', times: 1_000 }]);
    const res = await generate(projectId);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('LLM_CONTENT_BLOCKED');
  });

  it("answers 404 for another user's project", async () => {
    const projectId = await projectWithFeedback(5);
    const stranger = newUser();
    const res = await app.inject({ method: 'POST', url: '/api/insights/generate', headers: stranger.headers, payload: { projectId } });
    expect(res.statusCode).toBe(404);
    expect(fake.stats().calls).toBe(0);
  });
});
