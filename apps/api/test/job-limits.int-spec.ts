import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../src/testing.js';
import { newUser } from '@insights/testkit';

describe('job creation limits (no worker: jobs stay queued)', () => {
  let app: NestFastifyApplication;
  const user = newUser();
  const other = newUser();

  beforeAll(async () => {
    process.env.JOBS_PER_MINUTE_PER_USER = '2';
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
    delete process.env.JOBS_PER_MINUTE_PER_USER;
  });

  const project = async (headers: Record<string, string>) =>
    (await app.inject({ method: 'POST', url: '/api/projects', headers, payload: { name: 'l' } })).json().data.id as string;
  const create = (headers: Record<string, string>, projectId: string) =>
    app.inject({ method: 'POST', url: `/api/insights/jobs?projectId=${projectId}`, headers });

  it('limits new jobs per user with 429 and Retry-After, while joining an in-flight job stays free', async () => {
    const [a, b, c] = [await project(user.headers), await project(user.headers), await project(user.headers)];
    const first = await create(user.headers, a);
    expect(first.statusCode).toBe(202);
    expect((await create(user.headers, b)).statusCode).toBe(202);
    const limited = await create(user.headers, c);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const joined = await create(user.headers, a);
    expect(joined.statusCode).toBe(202);
    expect(joined.json().data.jobId).toBe(first.json().data.jobId);
    expect((await create(other.headers, await project(other.headers))).statusCode).toBe(202);
  });

  it('accepts the filters as a body or as query parameters, and refuses bad ones naming the field', async () => {
    const id = await project(other.headers);
    const viaBody = await app.inject({
      method: 'POST',
      url: '/api/insights/jobs',
      headers: other.headers,
      payload: { projectId: id, filters: { startDate: '2026-01-01', endDate: '2026-02-01', category: 'bug' } },
    });
    const viaQuery = await app.inject({
      method: 'POST',
      url: `/api/insights/jobs?projectId=${id}&startDate=2026-01-01&endDate=2026-02-01&category=bug`,
      headers: other.headers,
    });
    expect(viaQuery.json().data.jobId).toBe(viaBody.json().data.jobId);
    for (const [payload, field] of [
      [{ projectId: 'x' }, 'projectId'],
      [{ filters: { startDate: 'soon' } }, 'startDate'],
      [{ filters: { category: 'bug; drop table feedback' } }, 'category'],
      [{ filters: { startDate: '2026-02-02', endDate: '2026-01-01' } }, 'startDate'],
      [{ priority: 'high' }, 'priority'],
    ] as const) {
      const res = await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: other.headers, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain(field);
    }
  });

  it('reads every id in one spelling: an upper-case projectId joins the job of the lower-case one', async () => {
    const third = newUser();
    const id = await project(third.headers);
    const lower = await create(third.headers, id);
    expect(lower.statusCode).toBe(202);
    for (const res of [
      await create(third.headers, id.toUpperCase()),
      await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: third.headers, payload: { projectId: ` ${id.toUpperCase()}` } }),
    ]) {
      expect(res.statusCode).toBe(202);
      expect(res.json().data.jobId).toBe(lower.json().data.jobId);
    }
    const history = await app.inject({ method: 'GET', url: `/api/insights/jobs?projectId=${id.toUpperCase()}`, headers: third.headers });
    expect(history.json().data.items.map((j: { jobId: string }) => j.jobId)).toEqual([lower.json().data.jobId]);
    expect((await app.inject({ method: 'GET', url: `/api/projects/${id.toUpperCase()}`, headers: third.headers })).json().data.id).toBe(id);
  });
});
