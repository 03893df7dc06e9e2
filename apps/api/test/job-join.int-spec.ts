import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DatabaseHandle } from '@insights/db';
import { DATABASE } from '@insights/platform';
import { demoFeedback, eventually, newUser } from '@insights/testkit';
import { createTestApp } from '../src/testing.js';

/**
 * A dashboard that asks again for a job already in flight joins it. Before any job of the scope
 * has finished there is no measured estimate, and each join used to ask Postgres for one; the
 * joins of one job are now told what the first join was, with no database statement.
 */
describe('joining a job in flight', () => {
  let app: NestFastifyApplication;
  let handle: DatabaseHandle;
  const owner = newUser();
  let statements = 0;

  beforeAll(async () => {
    // A queue of its own: no worker of another suite takes the job, so it stays in flight.
    app = await createTestApp((config) => ({ ...config, redis: { ...config.redis, keyPrefix: `${config.redis.keyPrefix}-job-join` } }));
    handle = app.get<DatabaseHandle>(DATABASE);
    const query = handle.pool.query.bind(handle.pool) as (...args: unknown[]) => unknown;
    (handle.pool as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      statements++;
      return query(...args);
    };
  });
  afterAll(() => app?.close());

  it('costs no database statement per join, and tells every join the same estimate', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'Joined' } });
    const projectId = created.json().data.id as string;
    const items = [...demoFeedback({ count: 30, seed: 9 })].map((f) => ({ text: f.text, rating: f.rating }));
    await app.inject({ method: 'POST', url: `/api/projects/${projectId}/feedback/bulk`, headers: owner.headers, payload: { items } });
    const ask = () => app.inject({ method: 'POST', url: '/api/insights/jobs', headers: owner.headers, payload: { projectId } });

    const first = await ask();
    expect(first.statusCode).toBe(202);
    const jobId = first.json().data.jobId as string;
    // The owner memo fills once the notice channel is up; then a join may still ask once.
    await eventually(
      async () => {
        const before = statements;
        const join = await ask();
        expect(join.json().data.jobId).toBe(jobId);
        return statements === before;
      },
      10_000,
      'a join without statements',
    );
    const before = statements;
    const joins = await Promise.all(Array.from({ length: 10 }, () => ask()));
    expect(statements - before).toBe(0);
    for (const join of joins) expect(join.json().data).toMatchObject({ jobId, cached: false, estimatedTime: 10 });
    const rows = await handle.pool.query<{ n: number }>('select count(*)::int as n from insights_jobs where project_id = $1', [projectId]);
    expect(rows.rows[0]!.n).toBe(1);
  });
});
