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
  // Each entry a minute after the one before: entries stream in (createdAt, id) order, so with
  // one timestamp for all the random ids would decide which map call each entry lands in, and
  // with it what the fake model names.
  const entries = (text: string, count: number, rating: number, from: number) =>
    Array.from({ length: count }, (_, i) => ({
      text: `${text} ${from + i}`,
      rating,
      createdAt: new Date(Date.UTC(2026, 10, 2) + (from + i) * 60_000).toISOString(),
    }));
  async function addFeedback(projectId: string, items: { text: string; rating: number; createdAt: string; category?: string }[]) {
    expect((await post(`/api/projects/${projectId}/feedback/bulk`, { items })).status).toBe(201);
  }
  async function generate(projectId: string, filters: Record<string, string> = {}): Promise<InsightsResult> {
    const { jobId } = ((await (await post('/api/insights/jobs', { projectId, filters })).json()) as { data: { jobId: string } }).data;
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
    // The model reads every entry: a naming sample is drawn by the hash of the (random) ids, and
    // which entries the fake reads decides what it names. Identity is what these tests measure.
    stack = await GlmStack.start('trends', { env: { INSIGHTS_NAMING_SAMPLE: '0' } });
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

  // The scenario: 600 entries, then 3% more and a second run whose reduce answer words
  // every theme differently. Themes are matched by the feedback they cite, not by their labels.
  it('keeps every theme’s id through a relabelled regeneration: steady or growing, none resolved, none new', async () => {
    const projectId = ((await (await post('/api/projects', { name: 'relabel' })).json()) as { data: { id: string } }).data.id;
    const subjects = [
      { text: 'The CSV export fails with a timeout error', rating: 1 },
      { text: 'Please add a dark mode theme for night use', rating: 3 },
      { text: 'The dashboard charts look wonderful and clear', rating: 5 },
      { text: 'Login with single sign-on keeps failing', rating: 2 },
      { text: 'Invoices show the wrong tax amount', rating: 1 },
    ];
    const batch = (each: number, from: number) => subjects.flatMap((s) => entries(s.text, each, s.rating, from));
    await addFeedback(projectId, batch(120, 0));
    const first = await generate(projectId);
    expect(first.themes.length).toBeGreaterThan(1);
    expect(first.themes.every((t) => /^th_[0-9a-z]{10}$/.test(t.id ?? ''))).toBe(true);

    // 3% more: 18 entries, spread over the subjects.
    await addFeedback(projectId, [...batch(3, 1000), ...entries(subjects[0]!.text, 3, 1, 2000)]);
    stack.fake.addFaults([{ type: 'relabel', stage: 'reduce', times: 50 }]);
    const second = await generate(projectId);
    expect(second.coverage.analysed).toBe(618);

    // Every label is worded differently...
    const firstNames = new Set(first.themes.map((t) => t.name));
    expect(second.themes.filter((t) => firstNames.has(t.name))).toEqual([]);
    // ...yet every theme keeps its id, and none is reported resolved or new.
    expect(second.themes.map((t) => t.id).sort()).toEqual(first.themes.map((t) => t.id).sort());
    const trends = second.trends!;
    expect(trends.previousGeneratedAt).toBe(first.generatedAt);
    expect(trends.counts.resolved).toBe(0);
    expect(trends.counts.new).toBe(0);
    expect(trends.counts.steady + trends.counts.growing).toBe(first.themes.length);
    for (const trend of trends.themes) expect(['steady', 'growing']).toContain(trend.status);
    expect(trends.splits).toEqual([]);
    expect(trends.merges).toEqual([]);
  });

  it('gives a filtered scope’s first result the ids of the project’s themes whose feedback it holds', async () => {
    const projectId = ((await (await post('/api/projects', { name: 'filtered' })).json()) as { data: { id: string } }).data.id;
    const subjects = [
      { text: 'The CSV export fails with a timeout error', rating: 1, category: 'bug' },
      { text: 'Please add a dark mode theme for night use', rating: 3, category: 'feature' },
      { text: 'Login with single sign-on keeps failing', rating: 2, category: 'bug' },
      { text: 'The dashboard charts look wonderful and clear', rating: 5, category: 'praise' },
    ];
    await addFeedback(
      projectId,
      subjects.flatMap((s) => entries(s.text, 40, s.rating, 0).map((e) => ({ ...e, category: s.category }))),
    );
    const wide = await generate(projectId);
    // A few more bug reports since: the filtered themes' evidence is not the project-wide themes'.
    await addFeedback(
      projectId,
      entries(subjects[0]!.text, 4, 1, 500).map((e) => ({ ...e, category: 'bug' })),
    );
    const bugs = await generate(projectId, { category: 'bug' });
    expect(bugs.coverage.analysed).toBe(84);
    // No previous result of its own: no trends to report...
    expect(bugs.trends).toMatchObject({ previousGeneratedAt: null, themes: [] });
    // ...but each of its themes that holds most of a project-wide theme's entries carries the id
    // of one such theme (the fake may name both bug subjects as one theme here, a merge: it keeps
    // one of their ids), and a theme holding too little of any takes a new id.
    expect(bugs.themes.length).toBeGreaterThan(0);
    const wideIds = new Set(wide.themes.map((t) => t.id));
    const held = new Set<string>();
    for (const theme of bugs.themes) {
      const holds = new Set(theme.feedbackIds);
      const sources = wide.themes.filter((t) => t.feedbackIds.filter((id) => holds.has(id)).length >= t.feedbackIds.length / 2);
      if (sources.length > 0) expect(sources.map((t) => t.id)).toContain(theme.id);
      else expect(wideIds.has(theme.id)).toBe(false);
      for (const t of sources) held.add(t.name);
    }
    // The two bug subjects (CSV export, login) are both held, and no id is given twice.
    expect(held.size).toBe(2);
    expect(new Set(bugs.themes.map((t) => t.id)).size).toBe(bugs.themes.length);
    expect(bugs.themes.some((t) => t.count > wide.themes.find((w) => w.id === t.id)!.count)).toBe(true);
  });
});
