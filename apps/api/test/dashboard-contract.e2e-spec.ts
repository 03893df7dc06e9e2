import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { demoFeedback, tokenFor, DashboardClient, pollLikeTheDashboard, type DashboardInsights, WorkerProcess } from '@insights/testkit';
import { createTestApp } from '../src/testing.js';
import { bcryptLikeExistingBackend, existingStyleApiKey } from '@insights/testkit/existing-backend';

const DASHBOARD_TYPES = ['theme', 'recommendation', 'alert', 'trend'];
const PRIORITIES = ['high', 'medium', 'low'];

/** What the dashboard's insights card reads, with the types it reads them as. */
function expectRenderable(insights: DashboardInsights): void {
  expect(typeof insights.summary).toBe('string');
  expect(insights.keyThemes.every((t) => typeof t === 'string')).toBe(true);
  expect(insights.recommendations.every((r) => typeof r === 'string')).toBe(true);
  for (const card of insights.insights) {
    // It looks the icon up by type and renders it: an unknown type would crash the card.
    expect(DASHBOARD_TYPES).toContain(card.type);
    expect(PRIORITIES).toContain(card.priority);
  }
  for (const key of ['totalFeedback', 'averageRating', 'positivePercentage', 'negativePercentage'] as const) {
    expect(typeof insights.statistics[key]).toBe('number');
  }
  expect(Number.isNaN(new Date(insights.generatedAt).getTime())).toBe(false);
}

/**
 * The existing dashboard and widget, unchanged, against this service over real HTTP: the
 * dashboard's own request shapes (JSON content type on bodiless POSTs and DELETEs, query
 * parameters), its 2 s polling, and the widget's payload with a key the existing backend issued.
 */
describe('the existing dashboard and widget against the service', () => {
  let app: NestFastifyApplication;
  let worker: WorkerProcess;
  let db: DatabaseHandle;
  let base: string;
  let client: DashboardClient;
  let projectId: string;
  const sub = `user_${randomUUID()}`;
  const widgetKey = existingStyleApiKey();
  const env: Record<string, string> = {};

  beforeAll(async () => {
    // A queue of its own: no other suite's worker takes these jobs.
    Object.assign(env, { REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}-dash`, JOBS_PER_MINUTE_PER_USER: '1000' });
    Object.assign(process.env, env);
    app = await createTestApp();
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/api`.replace('[::1]', '127.0.0.1');
    db = createDatabase(process.env.DATABASE_URL!);
    worker = await WorkerProcess.start(env);
    client = new DashboardClient(base, () => tokenFor({ sub }));

    // The user signs in (created on first sight); their project was made by the existing
    // backend, so its widget key is stored only as a bcrypt hash.
    expect(await client.getProjects()).toEqual([]);
    const created = await db.pool.query<{ id: string }>(
      `insert into projects (name, hashed_api_key, user_id) select 'Storefront', $1, id from users where clerk_user_id = $2 returning id`,
      [await bcryptLikeExistingBackend(widgetKey), sub],
    );
    projectId = created.rows[0]!.id;
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await db?.close();
  });

  const widgetPost = (body: unknown, headers: Record<string, string> = { 'x-api-key': widgetKey, 'x-project-id': projectId }) =>
    fetch(`${base}/feedback`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('takes the existing widget’s payload with its bcrypt key, and refuses a wrong key or project', async () => {
    const entries = [...demoFeedback({ count: 40, seed: 77 })];
    for (const [i, entry] of entries.entries()) {
      const res = await widgetPost({ text: entry.text, name: `Visitor ${i}`, email: i % 2 ? `v${i}@example.com` : '', metadata: { page: '/pricing' } });
      expect(res.status).toBe(201);
    }
    const stored = await db.pool.query(
      `select count(*)::int as n, count(*) filter (where rating = 0)::int as unrated, min(user_name) as name, count(*) filter (where user_email = '')::int as no_email
       from feedback where project_id = $1`,
      [projectId],
    );
    expect(stored.rows[0]).toEqual({ n: 40, unrated: 40, name: 'Visitor 0', no_email: 20 });

    expect((await widgetPost({ text: 'x' }, { 'x-api-key': existingStyleApiKey(), 'x-project-id': projectId })).status).toBe(401);
    expect((await widgetPost({ text: 'x' }, { 'x-api-key': widgetKey, 'x-project-id': randomUUID() })).status).toBe(401);
    const noProject = await widgetPost({ text: 'x' }, { 'x-api-key': widgetKey });
    expect(noProject.status).toBe(401);
    expect(((await noProject.json()) as { message: string }).message).toMatch(/x-project-id/);
    const count = await db.pool.query('select count(*)::int as n from feedback where project_id = $1', [projectId]);
    expect(count.rows[0].n).toBe(40);
  });

  it('creates a job with a bodiless POST, polls it every 2 s as a number, and reads the result', async () => {
    const job = await client.createInsightsJob({ projectId });
    expect(job).toMatchObject({ status: 'pending', cached: false, estimatedTime: 10 });
    const { final, polls } = await pollLikeTheDashboard(client, job.jobId);
    expect(final.status).toBe('completed');
    for (const poll of polls) {
      expect(typeof poll.progress).toBe('number');
      expect(poll.progress).toBeGreaterThanOrEqual(0);
      expect(poll.progress).toBeLessThanOrEqual(100);
    }
    expect(final.progress).toBe(100);
    expectRenderable(final.result!);
    // The widget's entries carry no rating: counted as feedback, not averaged as zeros.
    expect(final.result!.statistics).toMatchObject({ totalFeedback: 40, averageRating: 0 });

    const cached = await client.getInsights({ projectId });
    expect(cached).toMatchObject({ summary: final.result!.summary });
    expectRenderable(cached as DashboardInsights);
    expect(client.sent.filter((r) => r.method !== 'GET').every((r) => r.body === undefined && r.contentType === 'application/json')).toBe(true);
  });

  it('estimates a new job’s time from the scope’s recent generations', async () => {
    const job = await client.createInsightsJob({ projectId, startDate: '2020-01-01' });
    const median = await db.pool.query(
      `select percentile_cont(0.5) within group (order by processing_time_ms) as ms from insights_jobs
       where project_id = $1 and status = 'completed' and processing_time_ms > 0`,
      [projectId],
    );
    expect(job.estimatedTime).toBe(Math.max(1, Math.ceil(Number(median.rows[0].ms) / 1000)));
    expect((await pollLikeTheDashboard(client, job.jobId, 500)).final.status).toBe('completed');
  });

  it('answers not_found for ids the dashboard may have stored, and lets it clear them', async () => {
    for (const stale of ['17', randomUUID(), 'q3Jx0v9cT1mB2w8yZ4kL7A']) {
      expect(await client.getInsightsJobStatus(stale)).toEqual({ status: 'not_found' });
      await expect(client.cancelInsightsJob(stale)).resolves.toEqual({ status: 'not_found' });
    }
  });

  it('reports a failed job’s error as a string and clears it with DELETE', async () => {
    const failed = await db.pool.query<{ id: string }>(
      `insert into insights_jobs (id, project_id, user_id, status, error, attempts, progress, completed_at)
       select $1, $2, id, 'failed', 'the AI provider rejected the API key', 3, 40, now() from users where clerk_user_id = $3 returning id`,
      [randomUUID(), projectId, sub],
    );
    const jobId = failed.rows[0]!.id;
    const status = await client.getInsightsJobStatus(jobId);
    expect(status).toMatchObject({ status: 'failed', progress: 40, error: 'the AI provider rejected the API key' });
    await expect(client.cancelInsightsJob(jobId)).resolves.toMatchObject({ status: 'failed' });
  });

  it('generates synchronously through the legacy endpoint with a bodiless POST', async () => {
    const insights = await client.generateInsights({ projectId });
    expectRenderable(insights);
    expect(insights.statistics.totalFeedback).toBe(40);
  });
});
