import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { ApiProcess, WorkerProcess, RecordingProxy, events, eventually, newUser, openSse, type SseFrame } from '@insights/testkit';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { glmStackEnv, openQueueAdmin } from '@insights/testkit/stack';
import type { QueueAdmin } from '@insights/testkit';

type Headers = Record<string, string>;
const json = (frame: SseFrame) => (frame.kind === 'event' ? JSON.parse(frame.data) : undefined);

const EMAIL = 'pat.quill@ask-e2e.example';
// A project whose words are known: the counts below are worked out from these texts alone.
const TEXTS = [
  'CSV export fails every time I try it.',
  'The CSV export button does nothing at all.',
  `CSV export is broken, write to me at ${EMAIL} when it works.`,
  'Our CSV export came out as an empty file.',
  'CSV export times out on large projects.',
  'PDF export cuts the last page.',
  'PDF export is missing the charts.',
  'The dashboard is slow every morning.',
  'Search is slow and the dashboard freezes.',
  'Love the charts, they are beautiful.',
  'The charts are great for our weekly review.',
  'Setup was quick and painless.',
  'Pricing is confusing for small teams.',
  'Please add dark mode.',
];

/**
 * Questions end to end: HTTP → the launcher → BullMQ → a worker process → the search repository
 * and the GLM client (streaming) → the fake GLM through a recording hop, and back through the
 * job's events and its row.
 */
describe('POST /api/insights/ask', () => {
  let fake: FakeGlm;
  let proxy: RecordingProxy;
  let api: ApiProcess;
  let worker: WorkerProcess;
  let db: DatabaseHandle;
  let queue: QueueAdmin;
  let projectId: string;
  const owner = newUser();
  const stranger = newUser();

  const call = async (method: string, path: string, headers: Headers = owner.headers, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const ask = (question: string, headers: Headers = owner.headers, extra: object = {}) =>
    call('POST', '/api/insights/ask', headers, { projectId, question, ...extra });
  const finished = (jobId: string) =>
    eventually(
      async () => {
        const job = (await call('GET', `/api/insights/jobs/${jobId}`)).body.data;
        return ['completed', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
      },
      60_000,
      `job ${jobId} to finish`,
    );
  const sql = async <T>(text: string, params: unknown[] = [projectId]): Promise<T[]> => (await db.pool.query(text, params)).rows as T[];

  beforeAll(async () => {
    // A hosted model's pace: most of a second to the first token, then 30 tokens a second.
    fake = await startFakeGlm({ port: 0, timing: 'decode', timeToFirstTokenMs: 300, decodeTokensPerSecond: 30 });
    proxy = await RecordingProxy.start(fake.url);
    const env = glmStackEnv(proxy.url, 'ask', { GLM_TIMEOUT_MS: '20000' });
    [api, worker] = await Promise.all([ApiProcess.start(env), WorkerProcess.start(env)]);
    db = createDatabase(process.env.DATABASE_URL!);
    queue = openQueueAdmin(env.REDIS_KEY_PREFIX);
    const created = await call('POST', '/api/projects', owner.headers, { name: 'ask' });
    projectId = created.body.data.id;
    const items = TEXTS.map((text, i) => ({
      text,
      rating: /love|great|quick/i.test(text) ? 5 : 2,
      createdAt: new Date(Date.UTC(2026, 2, 1 + i)).toISOString(),
    }));
    expect((await call('POST', `/api/projects/${projectId}/feedback/bulk`, owner.headers, { items })).status).toBe(201);
  }, 90_000);
  afterAll(async () => {
    await queue?.resume().catch(() => undefined);
    await queue?.close();
    await Promise.all([api?.stop(), worker?.stop()]);
    await db?.close();
    await proxy?.close();
    await fake?.close();
  });

  it('streams the answer through the job’s events, then completes with citations of real entries and counts from SQL', async () => {
    const started = await ask('How many entries complain about CSV export?');
    expect(started.status).toBe(202);
    expect(started.body.data).toMatchObject({ status: 'pending', cached: false, kind: 'ask' });
    const { jobId } = started.body.data;
    const stream = await openSse(`${api.url}/api/insights/jobs/${jobId}/events`, owner.headers);
    await stream.ended;
    const received = events(stream.frames);
    const final = received.at(-1)!;
    expect(final.event).toBe('completed');
    const partials = received
      .filter((e) => e.event === 'progress')
      .map(json)
      .filter((p) => p.stage === 'answering' && p.partialAnswer);
    // The answer arrived in pieces, each a continuation of the last.
    expect(new Set(partials.map((p) => p.partialAnswer)).size).toBeGreaterThan(2);
    const stages = received.filter((e) => e.event === 'progress').map((e) => json(e).stage);
    expect(stages).toEqual(expect.arrayContaining(['answering']));

    const job = (await call('GET', `/api/insights/jobs/${jobId}`)).body.data;
    expect(job.kind).toBe('ask');
    const answer = job.result;
    expect(answer).toMatchObject({ kind: 'ask', version: 1, question: 'How many entries complain about CSV export?', droppedCitations: 0, refusedEntries: 0 });

    // Counted independently: entries holding both words.
    const [{ n }] = await sql<{ n: number }>("select count(*)::int as n from feedback where project_id = $1 and text ~* '\\mcsv\\M' and text ~* '\\mexport'");
    expect(n).toBe(5);
    expect(answer.matched).toBe(5);
    expect(answer.counts.length).toBeGreaterThan(0);
    for (const count of answer.counts) expect(count).toMatchObject({ count: 5, query: 'csv export' });
    expect(answer.answer).toContain('5 entries match');
    // The fake wrote a number of its own beside "customers": taken out. The only digits left are counts and markers.
    expect(answer.answer).toContain('some customers');
    expect(new Set(answer.answer.replace(/\[\d+\]/g, '').match(/\d+/g))).toEqual(new Set(['5']));

    const rows = await sql<{ id: string; text: string }>('select id, text from feedback where project_id = $1');
    const byId = new Map(rows.map((r) => [r.id, r.text]));
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const [i, citation] of answer.citations.entries()) {
      expect(citation.ref).toBe(i + 1);
      const text = byId.get(citation.feedbackId)!;
      expect(text).toMatch(/csv export/i);
      expect(text.replace(EMAIL, '[email]')).toContain(citation.quote);
      expect(answer.answer).toContain(`[${citation.ref}]`);
    }
    expect(answer.considered).toBeGreaterThanOrEqual(5);
    const ledger = await sql<{ stage: string; job_id: string }>("select stage, job_id from llm_calls where project_id = $1 and stage = 'ask'");
    expect(ledger).toEqual([{ stage: 'ask', job_id: jobId }]);
  });

  it('never sends the e-mail address to the model, nor stores it', async () => {
    const bodies = proxy.bodies.filter((b) => b.includes('insights-stage:ask'));
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.filter((b) => b.includes(EMAIL)).length).toBe(0);
    expect(bodies.filter((b) => b.includes('[email]')).length).toBeGreaterThan(0);
    const stored = await sql<{ row: string }>('select c::text as row from insights_cache c where project_id = $1');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.filter((r) => r.row.includes(EMAIL))).toEqual([]);
  });

  it('answers the same question asked again (other case, spacing, punctuation) from the cache: no second call', async () => {
    const callsBefore = fake.stats().byStage.ask;
    const again = await ask('  how many entries   COMPLAIN about csv export ');
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ status: 'completed', cached: true, kind: 'ask' });
    const job = (await call('GET', `/api/insights/jobs/${again.body.data.jobId}`)).body.data;
    expect(job.result.counts[0].count).toBe(5);
    expect(fake.stats().byStage.ask).toBe(callsBefore);
    const ledger = await sql<{ n: number }>("select count(*)::int as n from llm_calls where project_id = $1 and stage = 'ask'");
    expect(ledger[0]!.n).toBe(1);
  });

  it('joins the same question in flight rather than asking twice', async () => {
    const [first, second] = await Promise.all([ask('What do people say about PDF export?'), ask('what do people say about pdf export')]);
    expect(first.body.data.jobId).toBe(second.body.data.jobId);
    expect((await finished(first.body.data.jobId)).status).toBe('completed');
    const rows = await sql<{ n: number }>("select count(*)::int as n from insights_jobs where project_id = $1 and kind = 'ask'");
    // The CSV question (its cached answer pointed at that job's row) and this one.
    expect(rows[0]!.n).toBe(2);
  });

  it('drops a citation of an entry the model was not shown, and counts it', async () => {
    fake.addFaults([{ type: 'invented_id', stage: 'ask' }]);
    const { body } = await ask('What do customers write about the dashboard?');
    const job = await finished(body.data.jobId);
    expect(job.status).toBe('completed');
    expect(job.result.droppedCitations).toBe(1);
    expect(job.result.answer).not.toContain('99999');
    expect(job.result.citations.every((c: { ref: number }) => c.ref <= job.result.citations.length)).toBe(true);
  });

  it('leaves out an entry the content filter refuses, found by halving, remembers it and still answers', async () => {
    fake.setRefusal({ marker: 'beautiful' });
    try {
      const { body } = await ask('What do customers say about the charts?');
      const job = await finished(body.data.jobId);
      expect(job.status).toBe('completed');
      expect(job.result.refusedEntries).toBe(1);
      const [refused] = await sql<{ id: string }>("select id from feedback where project_id = $1 and text like '%beautiful%'");
      expect(job.result.citations.map((c: { feedbackId: string }) => c.feedbackId)).not.toContain(refused!.id);
      expect(job.result.citations.length).toBeGreaterThan(0);
      const remembered = await sql<{ feedback_id: string }>('select feedback_id from refused_feedback where feedback_id = $1', [refused!.id]);
      expect(remembered).toHaveLength(1);
      const outcomes = await sql<{ outcome: string }>('select outcome from llm_calls where job_id = $1 order by created_at', [body.data.jobId]);
      expect(outcomes.filter((o) => o.outcome === 'content_blocked').length).toBeGreaterThanOrEqual(2);
      expect(outcomes.at(-1)!.outcome).toBe('ok');
    } finally {
      fake.setRefusal({ marker: null });
    }
  });

  it('keeps ask jobs out of the generation history unless asked for them', async () => {
    const generations = (await call('GET', `/api/insights/jobs?projectId=${projectId}`)).body.data.items;
    expect(generations).toEqual([]);
    const asked = (await call('GET', `/api/insights/jobs?projectId=${projectId}&kind=ask`)).body.data.items;
    expect(asked.length).toBeGreaterThanOrEqual(4);
    expect(asked.every((j: { kind: string }) => j.kind === 'ask')).toBe(true);
  });

  it('stops a question being answered when its job is cancelled', async () => {
    const { body } = await ask('Which problems with search do customers report?');
    const stream = await openSse(`${api.url}/api/insights/jobs/${body.data.jobId}/events`, owner.headers);
    await stream.waitFor((f) => f.kind === 'event' && f.event === 'progress' && json(f).stage === 'answering');
    expect((await call('DELETE', `/api/insights/jobs/${body.data.jobId}`)).body.data.status).toBe('cancelled');
    await stream.ended;
    expect(events(stream.frames).at(-1)!.event).toBe('cancelled');
    await eventually(async () => fake.stats().inFlight === 0, 10_000, 'the call to be aborted');
    const job = (await call('GET', `/api/insights/jobs/${body.data.jobId}`)).body.data;
    expect(job.status).toBe('cancelled');
    expect(job.result).toBeUndefined();
  });

  // A whole generation first, then two questions: on a loaded machine that outlasts the default 30 s.
  it('states a current theme’s count, equal to the theme’s count in the stored result, and only for a question without filters', async () => {
    const generation = (await call('POST', '/api/insights/jobs', owner.headers, { projectId })).body.data;
    expect((await finished(generation.jobId)).status).toBe('completed');
    // The project's stored result, read here: its largest theme, asked about by name.
    const [stored] = await sql<{ result: { themes: { id: string; name: string; count: number }[] } }>(
      "select result from insights_cache where project_id = $1 and scope_key <> '' and filters = '{}'::jsonb order by created_at desc limit 1",
    );
    const theme = stored!.result.themes.filter((t) => /\p{L}{3}/u.test(t.name)).sort((a, b) => b.count - a.count)[0]!;
    expect(theme.count).toBeGreaterThan(0);
    const question = `How many entries are about ${theme.name.toLowerCase()}?`;
    const { body } = await ask(question);
    const job = await finished(body.data.jobId);
    expect(job.status).toBe('completed');
    expect(job.result.counts).toContainEqual({ label: theme.name, count: theme.count, query: `theme:${theme.id}` });
    expect(job.result.answer).toContain(`${theme.count} entries are about`);
    expect(job.result.droppedCitations).toBe(0);
    // With a filter the project-wide themes do not count the question's scope: no theme count.
    const filtered = await ask(question, owner.headers, { filters: { minRating: 1 } });
    const scoped = await finished(filtered.body.data.jobId);
    expect(scoped.status).toBe('completed');
    expect(scoped.result.counts.filter((c: { query: string }) => c.query.startsWith('theme:'))).toEqual([]);
  }, 90_000);

  it('answers 404 for another user’s project and not_found for another user’s job, and 400 naming a bad question or filter', async () => {
    const foreign = await ask('How many entries complain about CSV export?', stranger.headers);
    expect(foreign.status).toBe(404);
    const mine = (await call('GET', `/api/insights/jobs?projectId=${projectId}&kind=ask`)).body.data.items[0];
    expect((await call('GET', `/api/insights/jobs/${mine.jobId}`, stranger.headers)).body.data).toEqual({ status: 'not_found' });
    const short = await ask('hi');
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain('question must be at least 3 characters');
    const badRating = await ask('What about exports?', owner.headers, { filters: { minRating: 9 } });
    expect(badRating.status).toBe(400);
    expect(JSON.stringify(badRating.body)).toContain('minRating');
    const inverted = await ask('What about exports?', owner.headers, { filters: { minRating: 4, maxRating: 2 } });
    expect(inverted.status).toBe(400);
  });
});
