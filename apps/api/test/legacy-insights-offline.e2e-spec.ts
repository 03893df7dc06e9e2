import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { demoFeedback, newUser, WorkerProcess } from '@insights/testkit';
import { createTestApp } from '../src/testing.js';

/** The API queues the legacy request's job; a worker process runs the offline analyser. */
describe('POST /api/insights/generate without a GLM key (offline analyser)', () => {
  let app: NestFastifyApplication;
  let worker: WorkerProcess;
  const owner = newUser();

  beforeAll(async () => {
    const env = { INSIGHTS_PROVIDER: 'offline', INSIGHTS_LEGACY_GENERATE: 'true', REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}-legacy-offline` };
    Object.assign(process.env, env);
    app = await createTestApp();
    worker = await WorkerProcess.start(env);
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    delete process.env.INSIGHTS_LEGACY_GENERATE;
  });

  it('produces the same result shape from the data alone, marked offline', async () => {
    const project = (await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'o' } })).json().data;
    const items = [...demoFeedback({ count: 300, seed: 5 })].map((f) => ({ text: f.text, rating: f.rating, category: f.category as string }));
    await app.inject({ method: 'POST', url: `/api/projects/${project.id}/feedback/bulk`, headers: owner.headers, payload: { items } });

    const res = await app.inject({ method: 'POST', url: `/api/insights/generate?projectId=${project.id}`, headers: owner.headers });
    expect(res.statusCode).toBe(200);
    const result = res.json().data;
    expect(result).toMatchObject({ provider: 'offline', statistics: { totalFeedback: 300 }, tokens: { total: 0 } });
    expect(result.themes.length).toBeGreaterThan(1);
    expect(result.painPoints.length + result.featureRequests.length + result.praise.length).toBeGreaterThan(0);
    const listed = await app.inject({ method: 'GET', url: `/api/feedback?projectId=${project.id}&limit=100`, headers: owner.headers });
    expect(listed.statusCode).toBe(200);
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['projectId=nope', 'projectId'],
      ['startDate=2026-13-45', 'startDate'],
      ['category=%3Cb%3Ebug', 'category'],
    ]) {
      const res = await app.inject({ method: 'POST', url: `/api/insights/generate?${query}`, headers: owner.headers });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain(field);
    }
  });
});

describe('POST /api/insights/generate switched off', () => {
  it('answers 410 with a pointer to the job endpoints', async () => {
    process.env.INSIGHTS_LEGACY_GENERATE = 'false';
    const app = await createTestApp();
    try {
      const res = await app.inject({ method: 'POST', url: '/api/insights/generate', headers: newUser().headers });
      expect(res.statusCode).toBe(410);
      expect(res.json()).toMatchObject({ code: 'LEGACY_GENERATE_DISABLED' });
    } finally {
      await app.close();
      delete process.env.INSIGHTS_LEGACY_GENERATE;
    }
  });
});
