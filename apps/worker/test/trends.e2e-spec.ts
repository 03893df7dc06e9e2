import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { InsightsResult } from '@insights/engine';
import { eventually, type ApiProcess, newUser } from '@insights/testkit';
import { GlmStack } from '@insights/testkit/stack';

/** Each result says how its themes moved since the scope's previous result. */
describe('trends between snapshots', () => {
  let stack: GlmStack;
  let api: ApiProcess;
  const owner = newUser();
  const headers = { ...owner.headers, 'content-type': 'application/json' };

  const post = (path: string, body: unknown) => fetch(`${api.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  /** `count` entries of one text (numbered, so none is a duplicate), all with one rating. */
  const entries = (text: string, count: number, rating: number, from: number) =>
    Array.from({ length: count }, (_, i) => ({ text: `${text} ${from + i}`, rating }));
  async function addFeedback(projectId: string, items: { text: string; rating: number }[]) {
    expect((await post(`/api/projects/${projectId}/feedback/bulk`, { items })).status).toBe(201);
  }
  async function generate(projectId: string): Promise<InsightsResult> {
    const { jobId } = ((await (await post('/api/insights/jobs', { projectId })).json()) as { data: { jobId: string } }).data;
    return eventually(
      async () => {
        const job = (
          (await (await fetch(`${api.url}/api/insights/jobs/${jobId}`, { headers })).json()) as { data: { status: string; result?: InsightsResult } }
        ).data;
        if (job.status === 'failed') throw new Error(`job ${jobId} failed`);
        return job.status === 'completed' && job.result;
      },
      30_000,
      `job ${jobId}`,
    );
  }

  beforeAll(async () => {
    stack = await GlmStack.start('trends');
    ({ api } = stack);
  }, 60_000);
  afterAll(() => stack?.stop());

  // The fake model's themes for a feedback set vary with how entries fall into chunks, so the
  // previous snapshot is written by hand: the stored first result gets themes of our own, which
  // the second generation must report as resolved with the shares worked out below.
  it('has none for the first result, then the difference from the previous one, computed in code', async () => {
    const projectId = ((await (await post('/api/projects', { name: 'trends' })).json()) as { data: { id: string } }).data.id;
    await addFeedback(projectId, [...entries('The export fails every single time', 12, 1, 0), ...entries('The charts look wonderful', 8, 5, 100)]);
    const first = await generate(projectId);
    expect(first.trends).toEqual({
      previousGeneratedAt: null,
      themes: [],
      counts: { new: 0, growing: 0, steady: 0, shrinking: 0, resolved: 0 },
      splits: [],
      merges: [],
    });

    const stored = await stack.db.pool.query<{ id: string; result: InsightsResult }>('select id, result from insights_cache where project_id = $1', [
      projectId,
    ]);
    expect(stored.rows).toHaveLength(1);
    // A snapshot from before theme ids: its themes are compared by name.
    const { id: _id, ...template } = stored.rows[0]!.result.themes[0]!;
    const previous = {
      ...stored.rows[0]!.result,
      themes: [
        { ...template, name: 'Dark mode requests', kind: 'feature_request', count: 5 },
        { ...template, name: 'Slow sync problems', kind: 'pain_point', count: 3 },
      ],
      coverage: { ...stored.rows[0]!.result.coverage, analysed: 40 },
    };
    await stack.db.pool.query('update insights_cache set result = $2 where id = $1', [stored.rows[0]!.id, JSON.stringify(previous)]);

    await addFeedback(projectId, [...entries('Invoices are wrong again', 6, 1, 200), ...entries('The charts look wonderful', 14, 5, 300)]);
    const second = await generate(projectId);
    expect(second.coverage.analysed).toBe(40);
    const trends = second.trends!;
    expect(trends.previousGeneratedAt).toBe(first.generatedAt);
    const listed = new Map(trends.themes.map((t) => [t.name, t]));
    // 5 and 3 of the previous 40 entries: 12.5 and 7.5 points, gone.
    expect(listed.get('Dark mode requests')).toEqual({
      name: 'Dark mode requests',
      kind: 'feature_request',
      status: 'resolved',
      count: 0,
      previousCount: 5,
      shareChange: -12.5,
    });
    expect(listed.get('Slow sync problems')).toEqual({
      name: 'Slow sync problems',
      kind: 'pain_point',
      status: 'resolved',
      count: 0,
      previousCount: 3,
      shareChange: -7.5,
    });
    // Every theme of the new result is new, with its count, and nothing else is listed.
    expect(second.themes.length).toBeGreaterThan(0);
    for (const theme of second.themes) {
      expect(listed.get(theme.name)).toMatchObject({ status: 'new', count: theme.count, previousCount: 0 });
      expect(listed.get(theme.name)!.shareChange).toBeGreaterThan(0);
    }
    expect(trends.themes).toHaveLength(second.themes.length + 2);
    expect(trends.counts).toEqual({ new: second.themes.length, growing: 0, steady: 0, shrinking: 0, resolved: 2 });
    // Biggest movement first.
    const moves = trends.themes.map((t) => Math.abs(t.shareChange));
    expect(moves).toEqual([...moves].sort((a, b) => b - a));
  });
});
