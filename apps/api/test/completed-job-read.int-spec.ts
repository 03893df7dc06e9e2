import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TwoTierInsightsCache } from '@insights/cache';
import type { InsightsResult } from '@insights/engine';
import type { DatabaseHandle } from '@insights/db';
import { InsightsGenerator } from '@insights/generation';
import { DATABASE } from '@insights/platform';
import { demoFeedback, eventually, newUser } from '@insights/testkit';
import { InsightsJobsService } from '../src/insights/insights-jobs.service.js';
import { ScopeIdentityService } from '../src/insights/scope-identity.service.js';
import { createTestApp } from '../src/testing.js';

const NOT_FOUND = '{"success":true,"data":{"status":"not_found"}}';

/**
 * The dashboard polls a completed job until it has read its result. A completed job is final, so
 * from the second poll on its answer is the bytes the first one sent, with no database statement
 * and without the controller; the owner is still checked on every poll, and a deleted project's
 * jobs answer `not_found` as before.
 */
describe('polling a completed job', () => {
  let app: NestFastifyApplication;
  let handle: DatabaseHandle;
  const owner = newUser();
  const stranger = newUser();
  let statements = 0;

  const poll = (jobId: string, headers = owner.headers) => app.inject({ method: 'GET', url: `/api/insights/jobs/${jobId}`, headers });
  const counted = async <T>(action: () => Promise<T>): Promise<[T, number]> => {
    const before = statements;
    const value = await action();
    return [value, statements - before];
  };

  /** A project with a stored result and the caller's completed job for it (a cached POST). */
  async function completedJob(name: string): Promise<{ projectId: string; jobId: string; result: InsightsResult }> {
    const created = await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name } });
    const projectId = created.json().data.id as string;
    const items = [...demoFeedback({ count: 120, seed: 5 })].map((f) => ({ text: f.text, rating: f.rating }));
    await app.inject({ method: 'POST', url: `/api/projects/${projectId}/feedback/bulk`, headers: owner.headers, payload: { items } });
    const userId = (await handle.pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [owner.sub])).rows[0]!.id;
    const identity = await app.get(ScopeIdentityService).resolve(userId, projectId, {});
    const result = await app.get(InsightsGenerator).generate({ userId, projectId, filters: {} });
    await app.get(TwoTierInsightsCache).put({ ...identity, feedbackGeneration: identity.generation, result });
    const job = await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: owner.headers, payload: { projectId } });
    expect([job.statusCode, job.json().data.status]).toEqual([200, 'completed']);
    return { projectId, jobId: job.json().data.jobId as string, result };
  }

  beforeAll(async () => {
    app = await createTestApp();
    handle = app.get<DatabaseHandle>(DATABASE);
    const query = handle.pool.query.bind(handle.pool) as (...args: unknown[]) => unknown;
    (handle.pool as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      statements++;
      return query(...args);
    };
  });
  afterAll(() => app?.close());

  it('answers later polls with the first poll’s bytes, with no database statement and without the controller', async () => {
    const { jobId, result } = await completedJob('Polled');
    const first = await poll(jobId);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ success: true, data: { jobId, status: 'completed', progress: 100, result } });
    // The owner's project is learnt once the notice channel is up.
    await eventually(async () => (await counted(() => poll(jobId)))[1] === 0, 10_000, 'a poll without statements');

    const controller = jest.spyOn(app.get(InsightsJobsService), 'get');
    const [polls, used] = await counted(() => Promise.all(Array.from({ length: 20 }, () => poll(jobId))));
    expect(used).toBe(0);
    expect(controller).not.toHaveBeenCalled();
    controller.mockRestore();
    for (const again of polls) {
      expect(again.statusCode).toBe(200);
      expect(again.body).toBe(first.body);
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
      expect(again.headers['x-content-type-options']).toBe(first.headers['x-content-type-options']);
    }
  });

  it('answers another user not_found for a job whose answer is held', async () => {
    const { jobId } = await completedJob('Not theirs');
    await eventually(async () => (await counted(() => poll(jobId)))[1] === 0, 10_000, 'a held answer');
    const foreign = await poll(jobId, stranger.headers);
    expect([foreign.statusCode, foreign.body]).toEqual([200, NOT_FOUND]);
    // A query string (here an unknown one) is the controller's: its validation, not the held bytes.
    const withQuery = await app.inject({ method: 'GET', url: `/api/insights/jobs/${jobId}?streamToken=x`, headers: stranger.headers });
    expect(withQuery.body).not.toContain('"result"');
  });

  it('holds a job over all of the user’s projects for that user only', async () => {
    await completedJob('One of the projects');
    const userId = (await handle.pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [owner.sub])).rows[0]!.id;
    const identity = await app.get(ScopeIdentityService).resolve(userId, null, {});
    const result = await app.get(InsightsGenerator).generate({ userId, projectId: null, filters: {} });
    await app.get(TwoTierInsightsCache).put({ ...identity, feedbackGeneration: identity.generation, result });
    const job = await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: owner.headers, payload: {} });
    expect([job.statusCode, job.json().data.status]).toEqual([200, 'completed']);
    const jobId = job.json().data.jobId as string;

    const first = await poll(jobId);
    expect(first.json()).toMatchObject({ data: { jobId, projectId: null, status: 'completed', result } });
    const [again, used] = await counted(() => poll(jobId));
    expect([used, again.body]).toEqual([0, first.body]);
    expect((await poll(jobId, stranger.headers)).body).toBe(NOT_FOUND);
  });

  it('answers not_found once the project is deleted, through the API or by the existing backend’s own SQL', async () => {
    const viaApi = await completedJob('Deleted through the API');
    const viaSql = await completedJob('Deleted by SQL');
    for (const { jobId } of [viaApi, viaSql]) {
      await eventually(async () => (await counted(() => poll(jobId)))[1] === 0, 10_000, 'a held answer');
    }
    const deleted = await app.inject({ method: 'DELETE', url: `/api/projects/${viaApi.projectId}`, headers: owner.headers });
    expect(deleted.statusCode).toBeLessThan(300);
    expect((await poll(viaApi.jobId)).body).toBe(NOT_FOUND);

    await handle.pool.query('delete from projects where id = $1', [viaSql.projectId]);
    await eventually(async () => (await poll(viaSql.jobId)).body === NOT_FOUND, 10_000, 'not_found after the SQL delete');
  });
});
