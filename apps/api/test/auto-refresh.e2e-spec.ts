import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DatabaseHandle } from '@insights/db';
import { AUTO_REFRESH_TIMINGS, demoFeedback, eventually, type ApiProcess, newUser } from '@insights/testkit';
import { GlmStack } from '@insights/testkit/stack';

const { debounceMs: DEBOUNCE_MS, maxWaitMs: MAX_WAIT_MS } = AUTO_REFRESH_TIMINGS.refresh;

/** New feedback refreshes the insights people read, once per burst, within a bounded wait. */
describe('automatic background regeneration', () => {
  let stack: GlmStack;
  let api: ApiProcess;
  let db: DatabaseHandle;
  const owner = newUser();
  const headers = { ...owner.headers, 'content-type': 'application/json' };
  let seed = 300;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await response.json()) as { data: any };
  };
  const write = (projectId: string, count = 1) =>
    call('POST', `/api/projects/${projectId}/feedback/bulk`, {
      items: [...demoFeedback({ count, seed: seed++ })].map((f) => ({ text: f.text, rating: f.rating })),
    });
  const jobs = async (projectId: string) =>
    (
      await db.pool.query<{ id: string; created_at: Date; status: string }>(
        'select id, created_at, status from insights_jobs where project_id = $1 order by created_at',
        [projectId],
      )
    ).rows;
  /** A project with feedback whose insights were read once (the read queues and runs the first job). */
  async function readProject(): Promise<string> {
    const projectId = (await call('POST', '/api/projects', { name: 'auto' })).data.id as string;
    await write(projectId, 30);
    const first = (await call('GET', `/api/insights?projectId=${projectId}`)).data.jobId as string;
    await eventually(async () => (await jobs(projectId)).find((j) => j.id === first)?.status === 'completed', 20_000, 'the first job');
    return projectId;
  }

  beforeAll(async () => {
    stack = await GlmStack.start('refresh', {
      env: { AUTO_REFRESH: 'true', AUTO_REFRESH_DEBOUNCE_MS: String(DEBOUNCE_MS), AUTO_REFRESH_MAX_WAIT_MS: String(MAX_WAIT_MS) },
    });
    ({ api, db } = stack);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('turns a burst of 100 feedback writes into one refresh, over all of them', async () => {
    const projectId = await readProject();
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < 10; i++) await write(projectId);
      }),
    );
    const refreshed = await eventually(
      async () => {
        const rows = await jobs(projectId);
        return rows.length > 1 && rows[1]!.status === 'completed' && rows;
      },
      20_000,
      'the refresh',
    );
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 2));
    expect((await jobs(projectId)).length).toBe(2);
    const result = (await call('GET', `/api/insights/jobs/${refreshed[1]!.id}`)).data.result;
    expect(result.statistics.totalFeedback).toBe(130);
    // The reader now gets the refreshed insights, fresh.
    const read = await fetch(`${api.url}/api/insights?projectId=${projectId}`, { headers });
    expect(await read.json()).toMatchObject({ cached: true, data: { statistics: { totalFeedback: 130 } } });
  });

  it('refreshes within the maximum wait while writes keep coming', async () => {
    const projectId = await readProject();
    const started = Date.now();
    let firstRefreshAt: number | undefined;
    while (Date.now() - started < MAX_WAIT_MS * 2 && firstRefreshAt === undefined) {
      await write(projectId);
      await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS / 4));
      const rows = await jobs(projectId);
      if (rows.length > 1) firstRefreshAt = rows[1]!.created_at.getTime();
    }
    expect(firstRefreshAt).toBeDefined();
    // Writes every quarter of the debounce never let it elapse: only the maximum wait fires it.
    expect(firstRefreshAt! - started).toBeLessThan(MAX_WAIT_MS + 1_500);
  });

  it('never refreshes a project nobody reads', async () => {
    const projectId = (await call('POST', '/api/projects', { name: 'unread' })).data.id as string;
    for (let i = 0; i < 20; i++) await write(projectId);
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 3));
    expect(await jobs(projectId)).toHaveLength(0);
  });
});
