import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compareResults, type InsightsResult } from '@insights/engine';
import { demoFeedback } from '@insights/testkit';
import { eventually, GlmStack, type ApiProcess } from '../../api/test/support/processes.js';
import { newUser } from '../../api/test/support/test-app.js';

/** Each result says how its themes moved since the scope's previous result. */
describe('trends between snapshots', () => {
  let stack: GlmStack;
  let api: ApiProcess;
  const owner = newUser();
  const headers = { ...owner.headers, 'content-type': 'application/json' };

  const post = (path: string, body: unknown) => fetch(`${api.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  async function addFeedback(projectId: string, count: number, seed: number) {
    const items = [...demoFeedback({ count, seed })].map((f) => ({ text: f.text, rating: f.rating, createdAt: f.createdAt!.toISOString() }));
    expect((await post(`/api/projects/${projectId}/feedback/bulk`, { items })).status).toBe(201);
  }
  async function generate(projectId: string): Promise<InsightsResult> {
    const { jobId } = ((await (await post('/api/insights/jobs', { projectId })).json()) as { data: { jobId: string } }).data;
    return eventually(async () => {
      const job = ((await (await fetch(`${api.url}/api/insights/jobs/${jobId}`, { headers })).json()) as { data: { status: string; result?: InsightsResult } }).data;
      if (job.status === 'failed') throw new Error(`job ${jobId} failed`);
      return job.status === 'completed' && job.result;
    }, 30_000, `job ${jobId}`);
  }

  beforeAll(async () => {
    stack = await GlmStack.start('trends');
    ({ api } = stack);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('has none for the first result, then the difference from the previous one, computed in code', async () => {
    const projectId = ((await (await post('/api/projects', { name: 'trends' })).json()) as { data: { id: string } }).data.id;
    await addFeedback(projectId, 80, 11);
    const first = await generate(projectId);
    expect(first.trends).toEqual({ previousGeneratedAt: null, themes: [], counts: { new: 0, growing: 0, steady: 0, shrinking: 0, resolved: 0 } });

    await addFeedback(projectId, 120, 12);
    const second = await generate(projectId);
    expect(second.trends!.previousGeneratedAt).toBe(first.generatedAt);
    const { trends: _none, ...secondWithout } = second;
    expect(second.trends).toEqual(compareResults(secondWithout, first));
    const listed = second.trends!.themes;
    expect(listed.length).toBeGreaterThan(0);
    // Every current theme is listed with its count; every listed non-resolved theme is current.
    expect(listed.filter((t) => t.status !== 'resolved').reduce((sum, t) => sum + t.count, 0)).toBe(
      second.themes.reduce((sum, t) => sum + t.count, 0),
    );
  });
});
