import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { InsightsResult } from '@insights/engine';
import { AUTO_REFRESH_TIMINGS, demoFeedback, eventually, newUser, sleep, type ApiProcess } from '@insights/testkit';
import { GlmStack } from '@insights/testkit/stack';

const MARKER = 'zz-assign-filtered';
const { debounceMs: REFRESH_DEBOUNCE_MS, maxWaitMs: REFRESH_MAX_WAIT_MS } = AUTO_REFRESH_TIMINGS.refresh;

interface ReadBody {
  cached?: boolean;
  stale?: boolean;
  refreshJobId?: string | null;
  data: InsightsResult;
}

/**
 * Living themes through the real stack: the API takes widget writes, the worker assigns them to
 * the themes of the stored project-wide result with the fake GLM's answers, and a plain cached
 * read counts them in without a regeneration until the unplaced share calls for one.
 */
describe('new feedback assigned between regenerations', () => {
  let stack: GlmStack;
  let api: ApiProcess;
  const owner = newUser();
  const headers = { ...owner.headers, 'content-type': 'application/json' };
  let seed = 4_000;

  const post = (path: string, body: unknown, extra: Record<string, string> = headers) =>
    fetch(`${api.url}${path}`, { method: 'POST', headers: extra, body: JSON.stringify(body) });
  const read = async (projectId: string): Promise<ReadBody> =>
    (await (await fetch(`${api.url}/api/insights?projectId=${projectId}`, { headers })).json()) as ReadBody;
  const query = async <T extends object>(text: string, values: unknown[]) => (await stack.db.pool.query<T>(text, values)).rows;

  /** A project with 60 entries and a completed project-wide result whose themes have ids. */
  async function projectWithResult(): Promise<{ projectId: string; apiKey: string; stored: InsightsResult }> {
    const created = (await (await post('/api/projects', { name: 'living' })).json()) as { data: { id: string; apiKey: string } };
    const { id: projectId, apiKey } = created.data;
    const items = [...demoFeedback({ count: 60, seed: seed++ })].map((f) => ({ text: f.text, rating: f.rating }));
    expect((await post(`/api/projects/${projectId}/feedback/bulk`, { items })).status).toBe(201);
    const { jobId } = ((await (await post('/api/insights/jobs', { projectId })).json()) as { data: { jobId: string } }).data;
    await eventually(
      async () => (await query<{ status: string }>('select status from insights_jobs where id = $1', [jobId]))[0]?.status === 'completed',
      60_000,
      'the first generation',
    );
    // Themes carry ids once theme identity runs in the generation; until then the stored row gets them here.
    const [row] = await query<{ id: string; result: InsightsResult }>('select id, result from insights_cache where project_id = $1', [projectId]);
    const stored = row!.result;
    let n = 0;
    for (const theme of stored.themes) theme.id ??= `th_${String(n++).padStart(4, '0')}${randomBytes(3).toString('hex')}`;
    await stack.db.pool.query('update insights_cache set result = $2 where id = $1', [row!.id, JSON.stringify(stored)]);
    expect(stored.themes.length).toBeGreaterThan(0);
    // Read once, as the dashboard does: the project's scope is marked read, so writes schedule automatic refreshes.
    expect((await read(projectId)).cached).toBe(true);
    return { projectId, apiKey, stored };
  }
  const widget = (apiKey: string, text: string) => post('/api/feedback', { text, rating: 2 }, { 'content-type': 'application/json', 'x-api-key': apiKey });
  const jobs = async (projectId: string) =>
    (await query<{ n: number }>('select count(*)::int as n from insights_jobs where project_id = $1', [projectId]))[0]!.n;
  const stages = async (projectId: string) =>
    await query<{ stage: string; outcome: string; n: number }>(
      'select stage, outcome, count(*)::int as n from llm_calls where project_id = $1 and job_id is null group by 1, 2 order by 1, 2',
      [projectId],
    );
  const assignments = (projectId: string) =>
    query<{ feedback_id: string; theme_id: string | null; method: string }>(
      'select feedback_id, theme_id, method from insights_theme_assignments where project_id = $1',
      [projectId],
    );

  beforeAll(async () => {
    stack = await GlmStack.start('living', {
      env: {
        AUTO_REFRESH: 'true',
        AUTO_REFRESH_DEBOUNCE_MS: String(REFRESH_DEBOUNCE_MS),
        AUTO_REFRESH_MAX_WAIT_MS: String(REFRESH_MAX_WAIT_MS),
        JOBS_PER_MINUTE_PER_USER: '1000',
      },
    });
    ({ api } = stack);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('counts widget writes into a plain cached read within a minute, without a generation, automatic refresh included', async () => {
    const { projectId, apiKey, stored } = await projectWithResult();
    const jobsBefore = await jobs(projectId);
    // Texts like the project's own, so most land in a theme.
    const texts = [...demoFeedback({ count: 3, seed: seed++ })].map((f) => f.text);
    const started = Date.now();
    for (const text of texts) expect((await widget(apiKey, text)).status).toBe(201);

    const body = await eventually(
      async () => {
        const b = await read(projectId);
        return b.data.live?.assigned === 3 && b.data.live.pending === 0 && b;
      },
      60_000,
      'the live counts',
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(60_000);
    expect(body).toMatchObject({ cached: true, stale: true, refreshJobId: null });

    const rows = await assignments(projectId);
    expect(rows).toHaveLength(3);
    const perTheme = new Map<string, number>();
    for (const r of rows) if (r.theme_id) perTheme.set(r.theme_id, (perTheme.get(r.theme_id) ?? 0) + 1);
    const storedCount = new Map(stored.themes.map((t) => [t.id!, t.count]));
    for (const theme of body.data.themes) expect(theme.count - storedCount.get(theme.id!)!).toBe(perTheme.get(theme.id!) ?? 0);
    // The fake answered every entry: none needed the offline matcher.
    expect(rows.every((r) => r.method === 'model')).toBe(true);

    // No generation ran, not even the automatic refresh the writes scheduled (it has had its
    // longest wait): no new job row, and the only calls outside jobs are assignment calls.
    await sleep(Math.max(0, started + REFRESH_MAX_WAIT_MS + REFRESH_DEBOUNCE_MS - Date.now()));
    expect(await jobs(projectId)).toBe(jobsBefore);
    const calls = await stages(projectId);
    expect(calls.map((c) => c.stage)).toEqual(['assign']);
    expect(calls[0]!.n).toBeGreaterThanOrEqual(1);
    console.log(`living themes: 3 widget writes counted in ${elapsed} ms with ${calls[0]!.n} assign call(s), no generation`);
  }, 120_000);

  it('queues a regeneration once the new entries pass the share of the analysed ones', async () => {
    const { projectId } = await projectWithResult();
    const jobsBefore = await jobs(projectId);
    const items = [...demoFeedback({ count: 80, seed: seed++ })].map((f) => ({ text: f.text, rating: f.rating }));
    expect((await post(`/api/projects/${projectId}/feedback/bulk`, { items })).status).toBe(201);
    const body = await read(projectId);
    expect(body.stale).toBe(true);
    expect(typeof body.refreshJobId).toBe('string');
    expect(await jobs(projectId)).toBe(jobsBefore + 1);
  }, 120_000);

  it('matches an entry the content filter refuses offline, and the others by the model', async () => {
    const { projectId, apiKey } = await projectWithResult();
    stack.fake.setRefusal({ marker: MARKER, mode: 'error' });
    try {
      const [plain, refused] = [...demoFeedback({ count: 2, seed: seed++ })].map((f) => f.text);
      expect((await widget(apiKey, plain!)).status).toBe(201);
      expect((await widget(apiKey, `${refused} ${MARKER}`)).status).toBe(201);
      const rows = await eventually(
        async () => {
          const r = await assignments(projectId);
          return r.length === 2 && r;
        },
        60_000,
        'both assignments',
      );
      const texts = await query<{ id: string; text: string }>('select id, text from feedback where project_id = $1 and text like $2', [
        projectId,
        `%${MARKER}%`,
      ]);
      const byId = new Map(rows.map((r) => [r.feedback_id, r.method]));
      expect(byId.get(texts[0]!.id)).toBe('offline');
      expect(rows.filter((r) => r.method === 'model')).toHaveLength(1);
      const calls = await stages(projectId);
      expect(calls.filter((c) => c.outcome === 'content_blocked').every((c) => c.stage === 'assign')).toBe(true);
      expect(calls.find((c) => c.outcome === 'content_blocked')?.n).toBeGreaterThan(0);
    } finally {
      stack.fake.setRefusal({ marker: null });
    }
  }, 120_000);
});
