import { describe, expect, it } from '@jest/globals';
import { createInsightsClient } from './client.js';
import { InsightsApiError, InsightsJobError, parseRetryAfter } from './errors.js';
import type { EventSourceLike } from './job-watcher.js';
import type { Job } from './types.js';

const BASE = 'http://insights.test';
const envelope = (data: unknown, extra: object = {}) => ({ success: true, data, ...extra });

interface Seen {
  method: string;
  url: string;
  authorization: string | null;
}

/** A fetch that answers from a route table and records every request. */
function fakeFetch(routes: Record<string, (url: URL) => Response | Promise<Response>>) {
  const seen: Seen[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    seen.push({ method: request.method, url: url.pathname + url.search, authorization: request.headers.get('authorization') });
    const route = routes[`${request.method} ${url.pathname}`];
    if (!route) return Response.json({ success: false, statusCode: 404, code: 'NOT_FOUND', message: 'no route' }, { status: 404 });
    return route(url);
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

/** An EventSource the test drives by hand. */
class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  onerror: ((event: Event) => unknown) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent) => unknown)[]>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => unknown): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data: unknown, id = ''): void {
    this.readyState = 1;
    const event = new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
  /** The server refused the connection (an expired token): EventSource gives up on it. */
  refuse(): void {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
}

const progress = (percent: number, stage = 'map') => ({ jobId: 'job1', status: 'processing', stage, percent, chunksDone: 1, chunksTotal: 4, tokensUsed: 10 });
const job = (status: Job['status'], extra: Partial<Job> = {}): Job =>
  ({
    jobId: 'job1',
    projectId: null,
    status,
    progress: 100,
    stage: 'done',
    progressDetail: { stage: 'done', percent: 100, chunksDone: 4, chunksTotal: 4, tokensUsed: 40 },
    attempts: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: null,
    completedAt: null,
    tokensUsed: 40,
    processingTimeMs: null,
    ...extra,
  }) as Job;

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('insights client: requests and typed errors', () => {
  it('sends the token as a bearer header, and none when there is no token', async () => {
    let token: string | null = 'tok-1';
    const { fetch, seen } = fakeFetch({ 'GET /api/projects': () => Response.json(envelope([])) });
    const client = createInsightsClient({ baseUrl: `${BASE}/`, getToken: () => token, fetch });
    await client.listProjects();
    token = null;
    await client.listProjects();
    expect(seen.map((s) => [s.url, s.authorization])).toEqual([
      ['/api/projects', 'Bearer tok-1'],
      ['/api/projects', null],
    ]);
  });

  it('turns an error body into InsightsApiError with its code, message, details and Retry-After', async () => {
    const { fetch } = fakeFetch({
      'POST /api/insights/jobs': () =>
        Response.json({ success: false, statusCode: 429, code: 'RATE_LIMITED', message: 'slow down' }, { status: 429, headers: { 'retry-after': '7' } }),
      'GET /api/projects': () => Response.json({ success: false, statusCode: 401, code: 'AUTH_TOKEN_EXPIRED', message: 'expired' }, { status: 401 }),
    });
    const client = createInsightsClient({ baseUrl: BASE, fetch });
    const limited = await client.createJob({ projectId: 'p' }).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(InsightsApiError);
    expect(limited).toMatchObject({ status: 429, code: 'RATE_LIMITED', message: 'slow down', retryAfter: 7, retryable: true });
    await expect(client.listProjects()).rejects.toMatchObject({ status: 401, code: 'AUTH_TOKEN_EXPIRED', retryable: false });
  });

  it('names a proxy’s non-API answer HTTP_ERROR and an unreachable API NETWORK_ERROR (status 0)', async () => {
    const { fetch } = fakeFetch({ 'GET /api/projects': () => new Response('<html>Bad Gateway</html>', { status: 502 }) });
    await expect(createInsightsClient({ baseUrl: BASE, fetch }).listProjects()).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_ERROR',
      message: expect.stringContaining('HTTP 502'),
    });
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    await expect(createInsightsClient({ baseUrl: BASE, fetch: down }).listProjects()).rejects.toMatchObject({
      status: 0,
      code: 'NETWORK_ERROR',
      retryable: true,
    });
  });

  it('reads a cached result with its stale flag and refresh job, and a 202 as the queued job', async () => {
    const result = { summary: 's' };
    let stale = true;
    const { fetch, seen } = fakeFetch({
      'GET /api/insights': (url) =>
        url.searchParams.get('forceRefresh')
          ? Response.json(envelope({ jobId: 'j2', status: 'pending', cached: false, estimatedTime: 3 }), { status: 202 })
          : Response.json(envelope(result, { cached: true, stale, ...(stale ? { refreshJobId: 'j1' } : {}) })),
    });
    const client = createInsightsClient({ baseUrl: BASE, fetch });
    expect(await client.getInsights({ projectId: 'p', startDate: '', category: 'bug' })).toEqual({
      kind: 'result',
      result,
      cached: true,
      stale: true,
      refreshJobId: 'j1',
    });
    stale = false;
    expect(await client.getInsights({ projectId: 'p' })).toEqual({ kind: 'result', result, cached: true, stale: false });
    expect(await client.getInsights({ projectId: 'p', forceRefresh: true })).toEqual({
      kind: 'job',
      job: { jobId: 'j2', status: 'pending', cached: false, estimatedTime: 3 },
    });
    // Empty fields are left out of the query rather than sent as empty strings.
    expect(seen[0].url).toBe('/api/insights?projectId=p&category=bug');
  });

  it('asks for a project’s daily usage, with the number of days when given', async () => {
    const usage = { projectId: 'p1', days: [], total: { calls: 0, cost: { currency: 'USD', amount: 0 } } };
    const { fetch, seen } = fakeFetch({ 'GET /api/projects/p1/usage': () => Response.json(envelope(usage)) });
    const client = createInsightsClient({ baseUrl: BASE, fetch });
    expect(await client.projectUsage('p1', 7)).toEqual(usage);
    await client.projectUsage('p1');
    expect(seen.map((s) => s.url)).toEqual(['/api/projects/p1/usage?days=7', '/api/projects/p1/usage']);
  });

  it('reads and updates a project’s theme alert settings, and previews its digest', async () => {
    const settings = { alertsEnabled: true, digestEnabled: false, minNewThemeSize: 10, webhookConfigured: true };
    const preview = { weekOf: '2026-11-30', text: 'digest', blocks: [], movers: [], newThemes: [] };
    const bodies: unknown[] = [];
    const { fetch, seen } = fakeFetch({
      'GET /api/projects/p1/theme-alerts': () => Response.json(envelope({ ...settings, alertsEnabled: false })),
      'PUT /api/projects/p1/theme-alerts': () => Response.json(envelope(settings)),
      'GET /api/projects/p1/digest/preview': () => Response.json(envelope(preview)),
    });
    const recording: typeof globalThis.fetch = async (input, init) => {
      if (input instanceof Request && input.method === 'PUT') bodies.push(await input.clone().json());
      return fetch(input, init);
    };
    const client = createInsightsClient({ baseUrl: BASE, fetch: recording });
    expect((await client.themeAlertSettings('p1')).alertsEnabled).toBe(false);
    expect(await client.updateThemeAlertSettings('p1', { alertsEnabled: true })).toEqual(settings);
    expect(await client.digestPreview('p1')).toEqual(preview);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/projects/p1/theme-alerts',
      'PUT /api/projects/p1/theme-alerts',
      'GET /api/projects/p1/digest/preview',
    ]);
    expect(bodies).toEqual([{ alertsEnabled: true }]);
  });

  it('reads a project’s themes and edits them: rename, merge, hide, undo', async () => {
    const edit = (action: string, extra: object = {}) => ({
      id: 'e1',
      action,
      themeId: 'th_aaaaaaaaaa',
      intoThemeId: null,
      name: null,
      createdAt: '2026-12-01T00:00:00.000Z',
      undoneAt: null,
      ...extra,
    });
    const themes = { generatedAt: '2026-12-01T00:00:00.000Z', themes: [], hidden: [], edits: [] };
    const bodies: unknown[] = [];
    const answer =
      (data: unknown, status = 201) =>
      async (_url: URL) =>
        Response.json(envelope(data), { status });
    const { fetch, seen } = fakeFetch({
      'GET /api/projects/p1/themes': answer(themes, 200),
      'POST /api/projects/p1/themes/th_aaaaaaaaaa/rename': answer(edit('rename', { name: 'Checkout' })),
      'POST /api/projects/p1/themes/th_aaaaaaaaaa/merge': answer(edit('merge', { intoThemeId: 'th_bbbbbbbbbb' })),
      'POST /api/projects/p1/themes/th_aaaaaaaaaa/hide': answer(edit('hide')),
      'DELETE /api/projects/p1/theme-edits/e1': answer(edit('hide', { undoneAt: '2026-12-02T00:00:00.000Z' }), 200),
    });
    const recording: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'POST') bodies.push(await request.clone().text());
      return fetch(request);
    };
    const client = createInsightsClient({ baseUrl: BASE, fetch: recording });
    expect(await client.themes('p1')).toEqual(themes);
    expect((await client.renameTheme('p1', 'th_aaaaaaaaaa', 'Checkout')).name).toBe('Checkout');
    expect((await client.mergeTheme('p1', 'th_aaaaaaaaaa', 'th_bbbbbbbbbb')).intoThemeId).toBe('th_bbbbbbbbbb');
    expect((await client.hideTheme('p1', 'th_aaaaaaaaaa')).action).toBe('hide');
    expect((await client.undoThemeEdit('p1', 'e1')).undoneAt).toBe('2026-12-02T00:00:00.000Z');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/projects/p1/themes',
      'POST /api/projects/p1/themes/th_aaaaaaaaaa/rename',
      'POST /api/projects/p1/themes/th_aaaaaaaaaa/merge',
      'POST /api/projects/p1/themes/th_aaaaaaaaaa/hide',
      'DELETE /api/projects/p1/theme-edits/e1',
    ]);
    expect(bodies.map((b) => (b ? JSON.parse(b as string) : undefined))).toEqual([{ name: 'Checkout' }, { intoThemeId: 'th_bbbbbbbbbb' }, undefined]);
  });

  it('answers null for a job that is not the caller’s', async () => {
    const { fetch } = fakeFetch({
      'GET /api/insights/jobs/nope': () => Response.json(envelope({ status: 'not_found' })),
      'DELETE /api/insights/jobs/nope': () => Response.json(envelope({ status: 'not_found' })),
    });
    const client = createInsightsClient({ baseUrl: BASE, fetch });
    expect(await client.getJob('nope')).toBeNull();
    expect(await client.cancelJob('nope')).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('12')).toBe(12);
    expect(parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('waitForInsights', () => {
  function setup(jobAnswers: Job[] = []) {
    FakeEventSource.instances = [];
    let tokens = 0;
    const polled = [...jobAnswers];
    const harness = fakeFetch({
      'POST /api/insights/jobs/job1/events/token': () => Response.json(envelope({ token: `t${++tokens}`, expiresIn: 120 }), { status: 201 }),
      'GET /api/insights/jobs/job1': () => Response.json(envelope((polled.length > 1 ? polled.shift() : polled[0]) ?? job('processing'))),
    });
    const client = createInsightsClient({
      baseUrl: BASE,
      fetch: harness.fetch,
      EventSource: FakeEventSource,
      pollIntervalMs: 5,
      firstEventTimeoutMs: 50,
      reconnectDelayMs: 5,
    });
    return { client, seen: harness.seen };
  }
  const stream = async (index: number) => {
    for (let i = 0; i < 500 && !FakeEventSource.instances[index]; i++) await flush();
    const es = FakeEventSource.instances[index];
    if (!es) throw new Error(`no event stream #${index} was opened`);
    return es;
  };

  it('reports each progress event and resolves with the job of the completed event', async () => {
    const { client, seen } = setup();
    const steps: number[] = [];
    const done = client.waitForInsights('job1', { onProgress: (p) => steps.push(p.percent) });
    const es = await stream(0);
    expect(es.url).toBe(`${BASE}/api/insights/jobs/job1/events?streamToken=t1`);
    es.emit('progress', progress(10), '1-0');
    es.emit('progress', progress(55, 'reduce'), '2-0');
    es.emit('completed', job('completed', { result: { summary: 'ok' } as never }), '3-0');
    await expect(done).resolves.toMatchObject({ status: 'completed', result: { summary: 'ok' } });
    expect(steps).toEqual([10, 55]);
    expect(es.closed).toBe(true);
    // Live events only: no status polls.
    expect(seen.filter((s) => s.method === 'GET')).toEqual([]);
  });

  it('rejects with InsightsJobError for a failed or cancelled job, and a 404 error for a foreign one', async () => {
    for (const [status, expected] of [
      ['failed', { status: 'failed', message: 'GLM refused the key' }],
      ['cancelled', { status: 'cancelled' }],
    ] as const) {
      const { client } = setup();
      const done = client.waitForInsights('job1');
      (await stream(0)).emit(status, job(status, { error: status === 'failed' ? 'GLM refused the key' : undefined }), '5-0');
      const error = await done.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InsightsJobError);
      expect(error).toMatchObject(expected);
    }
    const { client } = setup();
    const done = client.waitForInsights('job1');
    (await stream(0)).emit('not_found', { status: 'not_found' });
    await expect(done).rejects.toMatchObject({ status: 404, code: 'JOB_NOT_FOUND' });
  });

  it('reconnects a refused stream with a fresh token, resuming after the last event it saw', async () => {
    const { client } = setup();
    const steps: number[] = [];
    const done = client.waitForInsights('job1', { onProgress: (p) => steps.push(p.percent) });
    const first = await stream(0);
    first.emit('progress', progress(20), '7-1');
    first.refuse();
    const second = await stream(1);
    expect(second.url).toBe(`${BASE}/api/insights/jobs/job1/events?streamToken=t2&lastEventId=7-1`);
    second.emit('progress', progress(70), '9-0');
    second.emit('completed', job('completed'), '9-1');
    await expect(done).resolves.toMatchObject({ status: 'completed' });
    expect(steps).toEqual([20, 70]);
  });

  it('falls back to polling when a stream stays silent (a buffering proxy) or keeps being refused', async () => {
    const silent = setup([
      job('processing', { progressDetail: { stage: 'map', percent: 30, chunksDone: 1, chunksTotal: 3, tokensUsed: 5 } }),
      job('completed'),
    ]);
    const polledSteps: number[] = [];
    await expect(silent.client.waitForInsights('job1', { onProgress: (p) => polledSteps.push(p.percent) })).resolves.toMatchObject({ status: 'completed' });
    expect(polledSteps).toEqual([30]);
    expect(silent.seen.filter((s) => s.method === 'GET').length).toBe(2);
    expect(FakeEventSource.instances[0].closed).toBe(true);

    const refused = setup([job('completed')]);
    const done = refused.client.waitForInsights('job1');
    for (let i = 0; i <= 3; i++) (await stream(i)).refuse();
    await expect(done).resolves.toMatchObject({ status: 'completed' });
    expect(FakeEventSource.instances).toHaveLength(4);
  }, 15_000);

  it('polls where there is no EventSource, and stops at once when aborted', async () => {
    const harness = fakeFetch({ 'GET /api/insights/jobs/job1': () => Response.json(envelope(job('processing'))) });
    const client = createInsightsClient({ baseUrl: BASE, fetch: harness.fetch, pollIntervalMs: 5 });
    const controller = new AbortController();
    const done = client.waitForInsights('job1', { signal: controller.signal });
    while (harness.seen.length < 3) await flush();
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    const polls = harness.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(harness.seen.length).toBe(polls);
  });
});

describe('questions: ask, waitForAnswer, askAndWait', () => {
  const answer = {
    kind: 'ask',
    version: 1,
    question: 'What do people say about exports?',
    answer: 'Exports time out for large projects [1], and CSV is missing columns [2].',
    citations: [
      { ref: 1, feedbackId: 'f1', quote: 'export times out', createdAt: '2026-11-02T10:00:00.000Z', sentiment: 'negative', rating: 1 },
      { ref: 2, feedbackId: 'f2', quote: 'CSV lacks the date', createdAt: '2026-11-03T10:00:00.000Z', sentiment: 'neutral', rating: 3 },
    ],
    counts: [{ label: 'entries about exports', count: 14, query: 'export' }],
    matched: 14,
    considered: 10,
    droppedCitations: 1,
    refusedEntries: 0,
    themes: [],
    model: 'glm-4.5',
    tokensUsed: 900,
    generatedAt: '2026-12-07T10:00:00.000Z',
  };
  const askJob = (status: Job['status'], extra: object = {}) => job(status, { kind: 'ask', ...extra } as Partial<Job>);
  const step = (stage: string, partialAnswer?: string) => ({
    jobId: 'job1',
    status: 'processing',
    stage,
    percent: 50,
    tokensUsed: 10,
    ...(partialAnswer === undefined ? {} : { partialAnswer }),
  });

  function setup(routes: Record<string, (url: URL) => Response | Promise<Response>> = {}) {
    FakeEventSource.instances = [];
    const bodies: unknown[] = [];
    const harness = fakeFetch({
      'POST /api/insights/jobs/job1/events/token': () => Response.json(envelope({ token: 't1', expiresIn: 120 }), { status: 201 }),
      ...routes,
    });
    const recording: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/insights/ask') bodies.push(await request.clone().json());
      return harness.fetch(request);
    };
    const client = createInsightsClient({ baseUrl: BASE, fetch: recording, EventSource: FakeEventSource, pollIntervalMs: 5, firstEventTimeoutMs: 50 });
    return { client, seen: harness.seen, bodies };
  }
  const stream = async () => {
    for (let i = 0; i < 500 && !FakeEventSource.instances[0]; i++) await flush();
    const es = FakeEventSource.instances[0];
    if (!es) throw new Error('no event stream was opened');
    return es;
  };

  it('posts the project, the question and only the filters given', async () => {
    const created = { jobId: 'job1', status: 'pending', cached: false, estimatedTime: 4, kind: 'ask' };
    const { client, seen, bodies } = setup({ 'POST /api/insights/ask': () => Response.json(envelope(created), { status: 202 }) });
    expect(await client.ask('p1', 'What do people say about exports?', { sentiment: 'negative', startDate: '', category: undefined, minRating: 1 })).toEqual(
      created,
    );
    await client.ask('p1', 'Why?');
    await client.ask('p1', 'Why?', { startDate: '' });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /api/insights/ask', 'POST /api/insights/ask', 'POST /api/insights/ask']);
    expect(bodies).toEqual([
      { projectId: 'p1', question: 'What do people say about exports?', filters: { sentiment: 'negative', minRating: 1 } },
      { projectId: 'p1', question: 'Why?' },
      { projectId: 'p1', question: 'Why?' },
    ]);
  });

  it('turns a refused question into InsightsApiError with the API’s reason', async () => {
    const { client } = setup({
      'POST /api/insights/ask': () =>
        Response.json({ success: false, statusCode: 400, code: 'VALIDATION_FAILED', message: 'question must be 3 to 500 characters' }, { status: 400 }),
    });
    await expect(client.ask('p1', 'ok')).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'question must be 3 to 500 characters' });
  });

  it('reports the answer as it grows over live events, then resolves with the answer', async () => {
    const { client, seen } = setup();
    const steps: [string, string | undefined][] = [];
    const done = client.waitForAnswer('job1', { onProgress: (p) => steps.push([p.stage, p.partialAnswer]) });
    const es = await stream();
    es.emit('progress', step('retrieving'), '1-0');
    es.emit('progress', step('answering', 'Exports time out'), '2-0');
    es.emit('progress', step('answering', 'Exports time out for large projects [1]'), '3-0');
    es.emit('progress', step('checking'), '4-0');
    es.emit('completed', askJob('completed', { result: answer }), '5-0');
    await expect(done).resolves.toEqual(answer);
    expect(steps).toEqual([
      ['retrieving', undefined],
      ['answering', 'Exports time out'],
      ['answering', 'Exports time out for large projects [1]'],
      ['checking', undefined],
    ]);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /api/insights/jobs/job1/events/token']);
  });

  it('carries the answer so far when it has to poll', async () => {
    const polled = [
      askJob('processing', { progressDetail: { stage: 'answering', percent: 40, tokensUsed: 5, partialAnswer: 'Exports' } }),
      askJob('completed', { result: answer }),
    ];
    const harness = fakeFetch({ 'GET /api/insights/jobs/job1': () => Response.json(envelope(polled.length > 1 ? polled.shift() : polled[0])) });
    const client = createInsightsClient({ baseUrl: BASE, fetch: harness.fetch, pollIntervalMs: 5 });
    const partials: (string | undefined)[] = [];
    await expect(client.waitForAnswer('job1', { onProgress: (p) => partials.push(p.partialAnswer) })).resolves.toEqual(answer);
    expect(partials).toEqual(['Exports']);
    expect(harness.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /api/insights/jobs/job1', 'GET /api/insights/jobs/job1']);
  });

  it('refuses a completed job that holds no answer (a generation’s id)', async () => {
    const { client } = setup();
    const done = client.waitForAnswer('job1');
    (await stream()).emit('completed', job('completed', { result: { summary: 'themes' } as never }), '1-0');
    await expect(done).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
  });

  it('askAndWait reads a cached answer at once: one post and one read, no event stream', async () => {
    const { client, seen } = setup({
      'POST /api/insights/ask': () => Response.json(envelope({ jobId: 'job1', status: 'completed', cached: true, estimatedTime: 0, kind: 'ask' })),
      'GET /api/insights/jobs/job1': () => Response.json(envelope(askJob('completed', { result: answer }))),
    });
    await expect(client.askAndWait('p1', 'What do people say about exports?')).resolves.toEqual(answer);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /api/insights/ask', 'GET /api/insights/jobs/job1']);
    expect(FakeEventSource.instances).toHaveLength(0);
  });

  it('askAndWait follows a queued answer job over its events', async () => {
    const { client, seen } = setup({
      'POST /api/insights/ask': () =>
        Response.json(envelope({ jobId: 'job1', status: 'pending', cached: false, estimatedTime: 3, kind: 'ask' }), { status: 202 }),
    });
    const partials: (string | undefined)[] = [];
    const done = client.askAndWait('p1', 'What do people say about exports?', undefined, { onProgress: (p) => partials.push(p.partialAnswer) });
    const es = await stream();
    es.emit('progress', step('answering', 'Exports time out'), '1-0');
    es.emit('completed', askJob('completed', { result: answer }), '2-0');
    await expect(done).resolves.toMatchObject({ answer: answer.answer, matched: 14 });
    expect(partials).toEqual(['Exports time out']);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /api/insights/ask', 'POST /api/insights/jobs/job1/events/token']);
  });
});

describe('feedback entries: search, one entry, similar entries', () => {
  it('asks for the entry, its similar entries and a search page', async () => {
    const hit = { id: 'f1', text: 'export times out', createdAt: '2026-11-02T10:00:00.000Z', category: 'bug', sentiment: 'negative', rating: 1, rank: 0 };
    const { fetch, seen } = fakeFetch({
      'GET /api/feedback/f1': () => Response.json(envelope(hit)),
      'GET /api/feedback/f1/similar': () => Response.json(envelope({ items: [{ ...hit, id: 'f2', rank: 0.4 }] })),
      'GET /api/feedback/search': () => Response.json(envelope({ items: [hit], nextCursor: null })),
    });
    const client = createInsightsClient({ baseUrl: BASE, fetch });
    expect(await client.feedbackEntry('f1')).toEqual(hit);
    expect((await client.similarFeedback('f1', { limit: 3 })).items.map((i) => i.id)).toEqual(['f2']);
    expect((await client.searchFeedback({ projectId: 'p1', q: 'export', limit: 5 })).items).toEqual([hit]);
    expect(seen.map((s) => s.url)).toEqual(['/api/feedback/f1', '/api/feedback/f1/similar?limit=3', '/api/feedback/search?projectId=p1&q=export&limit=5']);
  });
});
