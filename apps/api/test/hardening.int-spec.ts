import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createDatabase, LlmCallsRepository, type DatabaseHandle } from '@insights/db';
import { createTestApp } from '../src/testing.js';
import { newUser } from '@insights/testkit';

describe('hardening', () => {
  let app: NestFastifyApplication;
  let db: DatabaseHandle;
  const owner = newUser();

  beforeAll(async () => {
    Object.assign(process.env, { INSIGHTS_DAILY_TOKEN_BUDGET: '1000', METRICS_USER: 'prom', METRICS_PASSWORD: 'metrics-password' });
    app = await createTestApp();
    db = createDatabase(process.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    delete process.env.INSIGHTS_DAILY_TOKEN_BUDGET;
  });

  const project = async () =>
    (await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'h' } })).json().data as { id: string };

  it('sends security headers and no stack traces or internals in error bodies', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/projects/00000000-0000-4000-8000-000000000000', headers: owner.headers });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.statusCode).toBe(404);
    expect(JSON.stringify(res.json())).not.toMatch(/at .+\.ts:\d+|stack|node_modules/);
  });

  it('serves Prometheus metrics only with their own credentials, counting job requests and timings', async () => {
    const { id } = await project();
    await app.inject({ method: 'POST', url: `/api/insights/jobs?projectId=${id}`, headers: owner.headers });
    await app.inject({ method: 'POST', url: `/api/insights/jobs?projectId=${id}`, headers: owner.headers });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: owner.headers })).statusCode).toBe(401);
    const auth = `Basic ${Buffer.from('prom:metrics-password').toString('base64')}`;
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: auth } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/insights_job_requests_total\{outcome="new"\} 1/);
    expect(res.body).toMatch(/insights_job_requests_total\{outcome="joined"\} 1/);
    expect(res.body).toMatch(/insights_queue_jobs\{state="waiting"\} \d+/);
    expect(res.body).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/insights\/jobs",status="2xx"\} 2/);
  });

  it('refuses bodies over 1 MiB except a bulk import, which may carry 1,000 long entries', async () => {
    const big = await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'x'.repeat(1_100_000) } });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ success: false, code: 'PAYLOAD_TOO_LARGE' });
    const { id } = await project();
    const items = Array.from({ length: 1000 }, (_, i) => ({ text: `${i} ${'long feedback '.repeat(600)}`.slice(0, 9000), rating: 3 }));
    const bulk = await app.inject({ method: 'POST', url: `/api/projects/${id}/feedback/bulk`, headers: owner.headers, payload: { items } });
    expect(bulk.statusCode).toBe(201);
  });

  it('refuses a new job once the project spent its daily token budget, saying when it resets', async () => {
    const { id } = await project();
    const ledger = new LlmCallsRepository(db.db);
    await ledger.record({ projectId: id, stage: 'map', provider: 'glm', model: 'm', promptTokens: 900, completionTokens: 150, latencyMs: 1, outcome: 'ok' });
    for (const request of [
      { method: 'POST' as const, url: `/api/insights/jobs?projectId=${id}` },
      { method: 'POST' as const, url: `/api/insights/generate?projectId=${id}` },
    ]) {
      const res = await app.inject({ ...request, headers: owner.headers });
      expect(res.statusCode).toBe(429);
      expect(res.json()).toMatchObject({ code: 'TOKEN_BUDGET_EXHAUSTED' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    const other = await project();
    expect((await app.inject({ method: 'POST', url: `/api/insights/jobs?projectId=${other.id}`, headers: owner.headers })).statusCode).toBe(202);
  });
});

describe('CORS', () => {
  it('answers preflights only for the configured origins', async () => {
    process.env.CORS_ORIGINS = 'https://app.example.com';
    const app = await createTestApp();
    try {
      const preflight = (origin: string) =>
        app.inject({
          method: 'OPTIONS',
          url: '/api/projects',
          headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
        });
      expect((await preflight('https://app.example.com')).headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.close();
      delete process.env.CORS_ORIGINS;
    }
  });
});
