import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DatabaseHandle } from '@insights/db';
import type { FakeGlm } from '@insights/fake-glm';
import { AUTO_REFRESH_TIMINGS, demoFeedback, eventually, type ApiProcess, newUser } from '@insights/testkit';
import { GlmStack } from '@insights/testkit/stack';

type Json = Record<string, any>;

const JOBS_PER_MINUTE = 3;
const USER_BUDGET = 1_000_000;
const { debounceMs: DEBOUNCE_MS, maxWaitMs: MAX_WAIT_MS } = AUTO_REFRESH_TIMINGS.spend;

/**
 * Every path that can start LLM work pays the same spend policy, across real API and worker
 * processes: the legacy endpoint, the all-projects scope, batch children, automatic refreshes.
 */
describe('spend policy on every path', () => {
  let stack: GlmStack;
  let fake: FakeGlm;
  let api: ApiProcess;
  let db: DatabaseHandle;
  let seed = 900;

  const client = () => {
    const user = newUser();
    const headers = { ...user.headers, 'content-type': 'application/json' };
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${api.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Json };
    };
    return { sub: user.sub, call };
  };
  type Client = ReturnType<typeof client>;

  async function project(as: Client, count = 20): Promise<string> {
    const id = (await as.call('POST', '/api/projects', { name: 'spend' })).body.data.id as string;
    const items = [...demoFeedback({ count, seed: seed++ })].map((f) => ({ text: f.text, rating: f.rating, createdAt: f.createdAt!.toISOString() }));
    expect((await as.call('POST', `/api/projects/${id}/feedback/bulk`, { items })).status).toBe(201);
    return id;
  }
  const count = async (sql: string, params: unknown[]) => Number((await db.pool.query<{ n: string }>(sql, params)).rows[0]!.n);
  const jobRows = (projectIds: string[]) => count('select count(*) as n from insights_jobs where project_id = any($1)', [projectIds]);
  const userIdOf = async (sub: string) => (await db.pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [sub])).rows[0]!.id;
  /** Spend recorded in the ledger as the worker records it: a call of an all-projects run. */
  const spend = async (sub: string, tokens: number) =>
    db.pool.query(
      `insert into llm_calls (user_id, project_id, stage, provider, model, prompt_tokens, completion_tokens, outcome) values ($1, null, 'map', 'glm', 'glm-4.5-flash', $2, 0, 'ok')`,
      [await userIdOf(sub), tokens],
    );

  beforeAll(async () => {
    stack = await GlmStack.start('spend', {
      latencyMs: 20,
      env: {
        JOBS_PER_MINUTE_PER_USER: String(JOBS_PER_MINUTE),
        USER_DAILY_TOKEN_BUDGET: String(USER_BUDGET),
        INSIGHTS_LEGACY_GENERATE: 'true',
        AUTO_REFRESH: 'true',
        AUTO_REFRESH_DEBOUNCE_MS: String(DEBOUNCE_MS),
        AUTO_REFRESH_MAX_WAIT_MS: String(MAX_WAIT_MS),
      },
    });
    ({ fake, api, db } = stack);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('limits the legacy endpoint like jobs: a new startDate each time is a new job, the 4th in a minute a 429', async () => {
    const user = client();
    const id = await project(user);
    const statuses: number[] = [];
    for (let day = 1; day <= JOBS_PER_MINUTE + 1; day++) {
      const res = await user.call('POST', '/api/insights/generate', { projectId: id, filters: { startDate: `2020-01-0${day}` } });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.code).toBe('RATE_LIMITED');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await jobRows([id])).toBe(JOBS_PER_MINUTE);
  });

  it('makes one job of identical legacy requests, and answers a repeat from the cache with no LLM call', async () => {
    const user = client();
    const id = await project(user, 40);
    fake.reset();
    const answers = await Promise.all(Array.from({ length: 3 }, () => user.call('POST', '/api/insights/generate', { projectId: id })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.data.generatedAt)).size).toBe(1);
    expect(answers[0]!.body.data).toMatchObject({ statistics: { totalFeedback: 40 }, themes: expect.any(Array) });
    expect(await jobRows([id])).toBe(1);
    const calls = fake.stats().calls;
    expect(calls).toBe(answers[0]!.body.data.llmCalls);

    const again = await user.call('POST', '/api/insights/generate', { projectId: id });
    expect(again.status).toBe(200);
    expect(fake.stats().calls).toBe(calls);
  });

  it('records whose spend each call was, and refuses the all-projects scope once the user’s daily budget is spent', async () => {
    const user = client();
    const id = await project(user);
    const first = (await user.call('POST', '/api/insights/jobs', { projectId: id })).body.data.jobId as string;
    const done = await eventually(
      async () => {
        const job = (await user.call('GET', `/api/insights/jobs/${first}`)).body.data;
        return job.status === 'completed' && job;
      },
      20_000,
      'the job',
    );
    expect(await count('select count(*) as n from llm_calls where user_id = $1', [await userIdOf(user.sub)])).toBe(done.result.llmCalls);

    await spend(user.sub, USER_BUDGET);
    const refused = await user.call('POST', '/api/insights/jobs', {});
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'TOKEN_BUDGET_EXHAUSTED', details: { budget: 'user' } });
    // The projects draw on the same budget: a new scope of one is refused too.
    const scoped = await user.call('POST', '/api/insights/jobs', { projectId: id, filters: { startDate: '2020-01-01' } });
    expect(scoped.status).toBe(429);
    expect(await count('select count(*) as n from insights_jobs where user_id = $1', [await userIdOf(user.sub)])).toBe(1);
  });

  it('counts two spellings of one project as one, and charges a point per new child', async () => {
    const user = client();
    const [a, b, c, d] = [await project(user, 5), await project(user, 5), await project(user, 5), await project(user, 5)];
    const spelled = await user.call('POST', '/api/insights/batch', { projectIds: [a, a.toUpperCase()] });
    expect(spelled.status).toBe(400);
    expect(spelled.body.message).toContain('projectIds');
    expect(await jobRows([a])).toBe(0);

    const tooMany = await user.call('POST', '/api/insights/batch', { projectIds: [a, b, c, d] });
    expect(tooMany.status).toBe(429);
    expect(tooMany.body.code).toBe('RATE_LIMITED');
    expect(await jobRows([a, b, c, d])).toBe(0);

    const batch = await user.call('POST', '/api/insights/batch', { projectIds: [a.toUpperCase(), b, c] });
    expect(batch.status).toBe(202);
    expect(batch.body.data.projects.map((p: Json) => [p.projectId, p.how])).toEqual([
      [a, 'queued'],
      [b, 'queued'],
      [c, 'queued'],
    ]);
    expect(await jobRows([a, b, c])).toBe(3);
    // Three children spent the minute's three points.
    const single = await user.call('POST', '/api/insights/jobs', { projectId: d });
    expect(single.status).toBe(429);
    expect(await jobRows([d])).toBe(0);
  });

  it('queues no refresh generation for a project whose owner’s budget is spent', async () => {
    const user = client();
    const id = await project(user);
    const first = (await user.call('GET', `/api/insights?projectId=${id}`)).body.data.jobId as string;
    await eventually(async () => (await user.call('GET', `/api/insights/jobs/${first}`)).body.data.status === 'completed', 20_000, 'the first job');
    await spend(user.sub, USER_BUDGET);
    expect((await user.call('POST', `/api/projects/${id}/feedback/bulk`, { items: [{ text: 'The export crashes again', rating: 1 }] })).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 3 + 2_000));
    expect(await jobRows([id])).toBe(1);
  });
});
