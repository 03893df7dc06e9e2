import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DatabaseHandle } from '@insights/db';
import type { FakeGlm } from '@insights/fake-glm';
import { demoFeedback, eventually, type ApiProcess, newUser } from '@insights/testkit';
import { GlmStack } from '@insights/testkit/stack';

type Json = Record<string, any>;

/** Batches across real API and worker processes: one flow, children shared with single jobs. */
describe('batch generation', () => {
  let stack: GlmStack;
  let fake: FakeGlm;
  let api: ApiProcess;
  let db: DatabaseHandle;
  const owner = newUser();
  const stranger = newUser();
  const headers = { ...owner.headers, 'content-type': 'application/json' };

  const call = async (method: string, path: string, body?: unknown, as: Record<string, string> = headers) => {
    const response = await fetch(`${api.url}${path}`, { method, headers: as, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Json };
  };
  async function project(count: number): Promise<string> {
    const id = (await call('POST', '/api/projects', { name: 'batch' })).body.data.id as string;
    const items = [...demoFeedback({ count, seed: count })].map((f) => ({ text: f.text, rating: f.rating }));
    expect((await call('POST', `/api/projects/${id}/feedback/bulk`, { items })).status).toBe(201);
    return id;
  }
  const jobRows = async (projectIds: string[]) =>
    Number((await db.pool.query<{ n: string }>('select count(*) as n from insights_jobs where project_id = any($1)', [projectIds])).rows[0]!.n);

  beforeAll(async () => {
    stack = await GlmStack.start('batch', { latencyMs: 30 });
    ({ fake, api, db } = stack);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('runs one child per project, reports per-project progress, and shares children with single-project jobs', async () => {
    const [cachedProject, a, b, c] = [await project(20), await project(40), await project(50), await project(60)];
    // One project already has its insights: the batch answers it from the cache.
    const single = (await call('POST', '/api/insights/jobs', { projectId: cachedProject })).body.data.jobId as string;
    await eventually(async () => (await call('GET', `/api/insights/jobs/${single}`)).body.data.status === 'completed', 20_000, 'the single job');

    const created = await call('POST', '/api/insights/batch', { projectIds: [cachedProject, a, b, c] });
    expect(created.status).toBe(202);
    const batch = created.body.data;
    expect(batch.projects.map((p: Json) => [p.projectId, p.how])).toEqual([
      [cachedProject, 'cached'],
      [a, 'queued'],
      [b, 'queued'],
      [c, 'queued'],
    ]);
    // A single request for a project the batch is running joins the batch's child.
    const joined = await call('POST', '/api/insights/jobs', { projectId: b });
    expect(joined.body.data.jobId).toBe(batch.projects[2].jobId);

    // Answered before the children ran: the batch is under way, the cached project already done.
    expect(['pending', 'processing']).toContain(batch.status);
    expect(batch.projects[0]).toMatchObject({ status: 'completed', progress: 100 });
    const done = await eventually(
      async () => {
        const status = (await call('GET', `/api/insights/batch/${batch.batchId}`)).body.data;
        return status.status === 'completed' && status;
      },
      40_000,
      'the batch',
    );
    expect(done.progress).toBe(100);
    expect(done.projects.every((p: Json) => p.status === 'completed')).toBe(true);
    // One job row per project: the single job, three children (plus the cached answer's row), nothing more.
    expect(await jobRows([a, b, c])).toBe(3);
    for (const p of done.projects.slice(1)) {
      const job = (await call('GET', `/api/insights/jobs/${p.jobId}`)).body.data;
      expect(job.result.statistics.totalFeedback).toBe({ [a]: 40, [b]: 50, [c]: 60 }[p.projectId as string]);
    }
  });

  it('finishes as partial when a child fails, without holding back the others', async () => {
    const [ok, bad] = [await project(25), await project(35)];
    const created = (await call('POST', '/api/insights/batch', { projectIds: [ok, bad] })).body.data;
    // The first child fails for good (a permanent provider error), the other runs normally.
    fake.addFaults([{ type: 'auth', times: 1 }]);
    const done = await eventually(
      async () => {
        const status = (await call('GET', `/api/insights/batch/${created.batchId}`)).body.data;
        return !['pending', 'processing'].includes(status.status) && status;
      },
      40_000,
      'the batch to finish',
    );
    fake.reset();
    expect(done.status).toBe('partial');
    expect(done.projects.map((p: Json) => p.status).sort()).toEqual(['completed', 'failed']);
    expect(done.projects.find((p: Json) => p.status === 'failed').error).toMatch(/auth/);
  });

  it('refuses bad input naming the field, another user’s project and batch with 404, and writes nothing', async () => {
    const mine = await project(10);
    const before = await jobRows([mine]);
    for (const [body, field] of [
      [{ projectIds: [] }, 'projectIds'],
      [{ projectIds: [mine, mine] }, 'projectIds'],
      [{ projectIds: ['nope'] }, 'projectIds'],
      [{ projectIds: [mine], filters: { startDate: 'soon' } }, 'startDate'],
    ] as const) {
      const refused = await call('POST', '/api/insights/batch', body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
      expect(refused.body.message).toContain(field);
    }
    const theirs = (await call('POST', '/api/projects', { name: 'x' }, { ...stranger.headers, 'content-type': 'application/json' })).body.data.id;
    const foreign = await call('POST', '/api/insights/batch', { projectIds: [mine, theirs] });
    expect(foreign.status).toBe(404);
    expect(await jobRows([mine])).toBe(before);

    const batch = (await call('POST', '/api/insights/batch', { projectIds: [mine] })).body.data.batchId;
    const peek = await call('GET', `/api/insights/batch/${batch}`, undefined, stranger.headers);
    expect(peek.status).toBe(404);
    expect(peek.body.code).toBe('BATCH_NOT_FOUND');
  });
});
