import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createDatabase, dropDatabase, ensureDatabase, runMigrations, type DatabaseHandle } from '@insights/db';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { buildExistingBackend, insertAsExistingBackend, snapshotRows, type ExistingBackendData } from '@insights/testkit/existing-backend';
import { bearer, tokenFor, eventually, WorkerProcess } from '@insights/testkit';
import { createTestApp } from '../src/testing.js';

interface Result {
  statistics: { totalFeedback: number; averageRating: number };
  stats: { ratedFeedback: number; unratedFeedback: number; pendingAnalysis: number; ratingBasis: string; categories: { category: string; count: number }[] };
  coverage: { totalFeedback: number; analysed: number };
  insights: { type: string }[];
  themes: { feedbackIds: string[] }[];
  provider: string;
}

/**
 * The service on the existing backend's production database: its schema built from that
 * backend's migration journal and filled with rows as it writes them, migrated twice, every row
 * kept; then a job end to end (HTTP → BullMQ → worker process → GLM client → fake GLM) over
 * that data for that backend's user; then the existing backend's own inserts still succeed.
 */
describe('the existing backend’s database, adopted and served', () => {
  const url = (() => {
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/fi_adopt_e2e_${randomBytes(4).toString('hex')}`;
    return u.toString();
  })();
  let handle: DatabaseHandle;
  let client: DatabaseHandle['pool'];
  let data: ExistingBackendData;
  let before: Awaited<ReturnType<typeof snapshotRows>>;
  let fake: FakeGlm;
  let app: NestFastifyApplication;
  let worker: WorkerProcess;
  let headers: { authorization: string };

  beforeAll(async () => {
    await ensureDatabase(url);
    handle = createDatabase(url, 2);
    client = handle.pool;
    data = await buildExistingBackend(client);
    before = await snapshotRows(client);
    await runMigrations(url);
    await runMigrations(url);

    fake = await startFakeGlm({ port: 0 });
    const env = {
      DATABASE_URL: url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}-adopt`,
      INSIGHTS_PROVIDER: 'glm',
      GLM_API_KEY: 'test-key',
      GLM_BASE_URL: fake.url,
      INSIGHTS_CHUNK_TOKENS: '1500',
      // A write by the existing backend makes the result stale and refreshes it, whatever its size.
      INSIGHTS_REGENERATE_SHARE: '0',
    };
    Object.assign(process.env, env);
    app = await createTestApp();
    worker = await WorkerProcess.start(env);
    headers = bearer(tokenFor({ sub: data.clerkUserId }));
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await fake?.close();
    await handle?.close();
    await dropDatabase(url);
  });

  it('keeps every row the existing backend wrote', async () => {
    const after = await snapshotRows(client, before.columns);
    for (const table of ['users', 'projects', 'feedback', 'insights', 'insights_jobs']) {
      expect({ table, rows: after.rows.get(table) }).toEqual({ table, rows: before.rows.get(table) });
    }
    expect(after.rows.get('insights_cache')).toHaveLength(before.rows.get('insights_cache')!.length);
  });

  it('runs a job end to end on that data for that backend’s user, counting pending feedback honestly', async () => {
    const users = await client.query('select count(*)::int as n from users');
    const created = await app.inject({
      method: 'POST',
      url: `/api/insights/jobs?projectId=${data.projectId}`,
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(created.statusCode).toBe(202);
    const { jobId } = created.json().data;
    const done = await eventually(
      async () => {
        const job = (await app.inject({ method: 'GET', url: `/api/insights/jobs/${jobId}`, headers })).json().data;
        return ['completed', 'failed'].includes(job.status) ? job : undefined;
      },
      30_000,
      'the job to finish',
    );
    expect(done.status).toBe('completed');
    expect(done.progress).toBe(100);
    const result = done.result as Result;
    // The bundled fake marks its answers, so its results never pass as GLM's.
    expect(result.provider).toBe('fake-glm');
    expect(fake.stats().calls).toBeGreaterThan(0);

    // Figures computed independently from the same rows.
    const want = (
      await client.query(
        `select count(*)::int as total,
                count(*) filter (where rating between 1 and 5)::int as rated,
                round(avg(rating) filter (where rating between 1 and 5)::numeric, 2)::float8 as average,
                count(*) filter (where processing_status in ('pending', 'processing'))::int as pending
         from feedback where project_id = $1`,
        [data.projectId],
      )
    ).rows[0];
    expect(result.statistics).toMatchObject({ totalFeedback: want.total, averageRating: want.average });
    expect(result.stats).toMatchObject({ ratedFeedback: want.rated, unratedFeedback: want.total - want.rated, pendingAnalysis: want.pending });
    expect(want.total - want.rated).toBe(data.pending);
    expect(result.stats.categories.find((c) => c.category === 'general')?.count).toBe(data.pending);
    expect(result.coverage).toMatchObject({ totalFeedback: want.total, analysed: want.total });
    for (const card of result.insights) expect(['theme', 'recommendation', 'alert', 'trend']).toContain(card.type);
    // Evidence points at that backend's own feedback rows.
    const cited = result.themes.flatMap((t) => t.feedbackIds);
    const known = await client.query('select count(*)::int as n from feedback where project_id = $1 and id::text = any($2)', [data.projectId, cited]);
    expect(known.rows[0].n).toBe(new Set(cited).size);
    // Its user was recognised, not created again.
    expect((await client.query('select count(*)::int as n from users')).rows[0].n).toBe(users.rows[0].n);

    const cached = await app.inject({ method: 'GET', url: `/api/insights?projectId=${data.projectId}`, headers });
    expect(cached.json()).toMatchObject({ success: true, cached: true, stale: false });
  });

  it('filters by the categories in that data, including general', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/insights/jobs',
      headers,
      payload: { projectId: data.projectId, filters: { category: 'general' } },
    });
    expect(res.statusCode).toBe(202);
    const job = await eventually(
      async () => {
        const j = (await app.inject({ method: 'GET', url: `/api/insights/jobs/${res.json().data.jobId}`, headers })).json().data;
        return j.status === 'completed' ? j : undefined;
      },
      30_000,
      'the filtered job',
    );
    expect((job.result as Result).statistics.totalFeedback).toBe(data.pending);
  });

  it('still takes the existing backend’s inserts, and its feedback writes make cached insights stale', async () => {
    const generation = async () => (await client.query('select feedback_generation as g from projects where id = $1', [data.projectId])).rows[0].g as number;
    const start = await generation();
    await insertAsExistingBackend(client, data);
    // One insert and one analysis update by that backend: the triggers moved the generation twice.
    expect(await generation()).toBe(start + 2);
    const read = await app.inject({ method: 'GET', url: `/api/insights?projectId=${data.projectId}`, headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ cached: true, stale: true, refreshJobId: expect.any(String) });
  });
});
