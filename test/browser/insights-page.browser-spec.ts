import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { DatabaseHandle } from '@insights/db';
import type { FakeGlm } from '@insights/fake-glm';
import { demoFeedback, eventually, newUser, type ApiProcess } from '@insights/testkit';
import { screenshot } from './support/chromium.js';
import { startPageStack, type PageStack } from './support/page-stack.js';
import { clickTimings, isRealProgress, readProbe, type ProgressSample } from './support/probe.js';
import type { WebPreview } from './support/web-preview.js';

interface Theme {
  name: string;
  kind: string;
  count: number;
  quotes: string[];
}
interface Result {
  stats: { totalFeedback: number; averageRating: number };
  themes: Theme[];
  painPoints: Theme[];
  featureRequests: Theme[];
  praise: Theme[];
  recommendationsDetailed: unknown[];
}
interface Job {
  jobId: string;
  status: string;
  error?: string;
  projectId: string | null;
  result?: Result;
  progressDetail: { chunksTotal: number };
}
interface JobRow {
  id: string;
  status: string;
  dedupKey: string;
  hasResult: boolean;
}
type Item = { text: string; rating: number; createdAt: string };

const INITIAL_FEEDBACK = 150;
// Slow enough that every stage and chunk stays on screen for a few frames; with 800-token chunks
// and one call at a time, 150 entries take several map calls.
const GLM_LATENCY_MS = 200;
const JOB_TIMEOUT_MS = 30_000;
const DAY_MS = 86_400_000;

const items = (count: number, seed: number): Item[] =>
  [...demoFeedback({ count, seed })].map((f) => ({ text: f.text, rating: f.rating!, createdAt: f.createdAt!.toISOString() }));

/** Entries a YYYY-MM-DD range covers: from the start of the first day to the end of the last. */
const inRange = (all: Item[], from: string, to: string) =>
  all.filter((f) => Date.parse(f.createdAt) >= Date.parse(`${from}T00:00:00Z`) && Date.parse(f.createdAt) < Date.parse(`${to}T00:00:00Z`) + DAY_MS).length;

/**
 * The insights page in Chromium against the real stack: the page built and served by
 * `vite preview`, its proxy to one API process, one worker process, Postgres, Redis and a fake
 * GLM server slow enough for progress to be seen. The steps run in order, as one user would take them.
 */
describe('insights page in a browser', () => {
  let stack: PageStack | undefined;
  let fake: FakeGlm;
  let api: ApiProcess;
  let preview: WebPreview;
  let page: Page;
  let db: DatabaseHandle;
  const owner = newUser();
  const feedback: Item[] = [];
  let projectId = '';
  const projectName = 'Mobile app';

  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...owner.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, data: ((await response.json()) as { data: T }).data };
  };
  const addFeedback = async (added: Item[]) => {
    expect((await call('POST', `/api/projects/${projectId}/feedback/bulk`, { items: added })).status).toBe(201);
    feedback.push(...added);
  };
  const getJob = async (jobId: string) => (await call<Job>('GET', `/api/insights/jobs/${jobId}`)).data;

  /** The database clock, so "jobs created since" compares like with like. */
  const dbNow = async () => (await db.pool.query<{ now: Date }>('select clock_timestamp() as now')).rows[0]!.now;
  /** The owner's job rows created after `since`, oldest first: what the system did, not what the page says. */
  const jobsSince = async (since: Date): Promise<JobRow[]> =>
    (
      await db.pool.query<JobRow>(
        `select j.id, j.status, j.dedup_key as "dedupKey", j.result is not null as "hasResult"
           from insights_jobs j join users u on u.id = j.user_id
          where u.clerk_user_id = $1 and j.created_at > $2 order by j.created_at`,
        [owner.sub, since],
      )
    ).rows;

  /** The owner's jobs still pending or processing. */
  const openJobs = async () =>
    (
      await db.pool.query<{ id: string }>(
        `select j.id from insights_jobs j join users u on u.id = j.user_id
          where u.clerk_user_id = $1 and j.status in ('pending', 'processing')`,
        [owner.sub],
      )
    ).rows.map((r) => r.id);

  const byTestId = (id: string) => page.getByTestId(id);
  const text = async (id: string) => ((await byTestId(id).textContent()) ?? '').trim();
  /** Earlier generations answered chunks these ranges share: without this the map would be all memo hits. */
  const forgetChunkAnswers = () => db.pool.query('delete from insights_chunk_memo');
  /** Waits until the job is in the map stage with at least `chunks` chunks answered. */
  const waitForMapChunks = (chunks: number) =>
    page
      .waitForFunction(
        `document.querySelector('[data-testid="progress-stage"]')?.getAttribute('data-stage') === 'map' &&
       parseInt(document.querySelector('[data-testid="progress-chunks"]')?.textContent ?? '0', 10) >= ${chunks}`,
        undefined,
        { timeout: JOB_TIMEOUT_MS },
      )
      .catch(async (error: unknown) => {
        const seen = (await readProbe(page)).progress.map((s) => `${s.stage ?? '-'} ${s.chunks ?? ''}`).join(' | ');
        throw new Error(`never in the map stage with ${chunks} chunks answered; the page showed: ${seen.slice(-1_500)}`, { cause: error });
      });
  /** The results of a finished job: the progress bar gone, the figures showing `total`. */
  const waitForResultTotal = (total: number) =>
    page.waitForFunction(
      `!document.querySelector('[data-testid="progress"]') &&
       document.querySelector('[data-testid="total-feedback"]')?.textContent?.trim() === '${total}'`,
      undefined,
      { timeout: JOB_TIMEOUT_MS },
    );
  const themesOnPage = async () => {
    const [names, counts] = await Promise.all([byTestId('theme-name').allTextContents(), byTestId('theme-count').allTextContents()]);
    return names.map((name, i) => ({ name: name.trim(), count: Number(counts[i]) }));
  };
  const storedJobIds = async () =>
    (await page.evaluate(
      `Object.fromEntries(Object.keys(sessionStorage).filter((k) => k.startsWith('insights:job:')).map((k) => [k, sessionStorage.getItem(k)]))`,
    )) as Record<string, string>;
  const pageUrl = (query: Record<string, string> = {}) => `${preview.url}/?${new URLSearchParams({ project: projectId, ...query }).toString()}`;

  beforeAll(async () => {
    stack = await startPageStack({
      name: 'web',
      token: owner.headers.authorization.slice('Bearer '.length),
      fake: { latencyMs: GLM_LATENCY_MS },
      // Small map calls, one at a time: the map moves in steps a person (and this test) can see.
      env: { GLM_CONCURRENCY: '1', GLM_MAP_ENTRIES_PER_CALL: '40', INSIGHTS_CHUNK_TOKENS: '500' },
    });
    ({ fake, api, preview, page, db } = stack);

    const created = await call<{ id: string }>('POST', '/api/projects', { name: projectName });
    expect(created.status).toBe(201);
    projectId = created.data.id;
    await addFeedback(items(INITIAL_FEEDBACK, 4242));
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('opens signed in on the project and follows the generation its first read queued, the progress moving', async () => {
    const since = await dbNow();
    await page.goto(preview.url);

    // Signed in from the preview server's local session; the only project is picked and lands in the address.
    await page.waitForFunction(`document.querySelector('[data-testid="project-select"]')?.value === '${projectId}'`);
    expect(await byTestId('sign-in').count()).toBe(0);
    expect(await byTestId('project-select').inputValue()).toBe(projectId);
    expect((await byTestId('project-select').locator('option').allTextContents()).map((t) => t.trim())).toEqual([projectName]);
    await page.waitForFunction(`new URLSearchParams(location.search).get('project') === '${projectId}'`, undefined, { timeout: 5_000 });

    // Nothing cached: the read queued a job, and the page shows its progress without being asked.
    await byTestId('progress').waitFor({ timeout: JOB_TIMEOUT_MS });
    await waitForMapChunks(2);
    await screenshot(page, 'progress');
    await waitForResultTotal(INITIAL_FEEDBACK);

    const shown = (await readProbe(page)).progress.filter((s) => s.shown);
    const percents = shown.map((s) => s.percent!);
    expect(new Set(percents).size).toBeGreaterThanOrEqual(4);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(shown.map((s) => s.stage)).toContain('map');
    const chunkSteps = new Set(shown.filter((s) => s.stage === 'map').map((s) => s.chunks));
    expect(chunkSteps.size).toBeGreaterThanOrEqual(3);

    const jobs = await jobsSince(since);
    expect(jobs.map((j) => j.status)).toEqual(['completed']);
    // The last count the page showed is the job's whole run. (The step for the last chunk may
    // share a frame with the next stage, so it is read from the last sample, whatever its stage.)
    const { chunksTotal } = (await getJob(jobs[0]!.id)).progressDetail;
    expect(chunksTotal).toBeGreaterThan(2);
    expect(shown.at(-1)!.chunks).toBe(`${chunksTotal} / ${chunksTotal} chunks`);
  }, 60_000);

  it('shows the result with the counts the API holds: totals, themes per group, quotes and charts', async () => {
    const [row] = await jobsSince(new Date(0));
    const job = await getJob(row!.id);
    const result = job.result!;
    expect(job.status).toBe('completed');
    expect(result.themes.length).toBeGreaterThan(0);

    expect(await text('total-feedback')).toBe(String(INITIAL_FEEDBACK));
    expect(result.stats.totalFeedback).toBe(INITIAL_FEEDBACK);
    expect(await text('average-rating')).toBe(result.stats.averageRating.toFixed(2));
    expect(await text('theme-total')).toBe(String(result.themes.length));
    expect(await themesOnPage()).toEqual(result.themes.map((t) => ({ name: t.name, count: t.count })));
    expect(await byTestId('recommendation').count()).toBe(result.recommendationsDetailed.length);
    for (const chart of ['chart-rating', 'chart-sentiment', 'chart-timeseries']) {
      expect(await byTestId(chart).locator('svg.recharts-surface').count()).toBeGreaterThan(0);
    }
    await screenshot(page, 'results');

    const groups: [string, Theme[]][] = [
      ['tab-pain-points', result.painPoints],
      ['tab-feature-requests', result.featureRequests],
      ['tab-praise', result.praise],
      ['tab-all', result.themes],
    ];
    for (const [tab, themes] of groups) {
      await byTestId(tab).click();
      expect(await byTestId(tab).getAttribute('aria-selected')).toBe('true');
      expect(await themesOnPage()).toEqual(themes.map((t) => ({ name: t.name, count: t.count })));
    }

    // Drill-down: the quotes under a theme are the job result's quotes for it.
    const index = result.themes.findIndex((t) => t.quotes.length > 1);
    expect(index).toBeGreaterThanOrEqual(0);
    const card = byTestId('theme').nth(index);
    await card.getByTestId('theme-toggle').click();
    expect(await card.getByTestId('theme-toggle').getAttribute('aria-expanded')).toBe('true');
    const quotes = (await card.getByTestId('theme-quote').allTextContents()).map((q) => q.trim());
    expect(quotes).toEqual(result.themes[index]!.quotes);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'theme-quotes');
  }, 30_000);

  it('Generate after new feedback queues one job, shows its progress and counts the new entries', async () => {
    await addFeedback(items(12, 5151));
    const since = await dbNow();
    expect(await byTestId('generate').isEnabled()).toBe(true);
    await byTestId('generate').click();
    await waitForResultTotal(feedback.length);

    const record = await readProbe(page);
    const timings = clickTimings(record, 'generate', feedback.length);
    const click = record.clicks.filter((c) => c.testId === 'generate').at(-1)!;
    const steps = record.progress.filter((s) => s.at >= click.at && isRealProgress(s));
    expect(new Set(steps.map((s) => `${s.stage} ${s.percent} ${s.chunks}`)).size).toBeGreaterThanOrEqual(3);
    expect(timings.firstProgressMs).toBeLessThan(timings.resultMs);
    console.log(
      `Generate click → progress bar ${timings.barMs.toFixed(0)} ms, → first progress ${timings.firstProgressMs.toFixed(0)} ms ` +
        `(${progressText(timings.firstProgress)}), → result ${timings.resultMs.toFixed(0)} ms`,
    );

    const jobs = await jobsSince(since);
    expect(jobs.map((j) => j.status)).toEqual(['completed']);
    expect((await getJob(jobs[0]!.id)).result!.stats.totalFeedback).toBe(feedback.length);
  }, 60_000);

  it('a reload while a job runs follows the same job to its result instead of starting another', async () => {
    const range = { from: '2026-08-01', to: '2026-10-15' };
    await forgetChunkAnswers();
    const since = await dbNow();
    await page.goto(pageUrl(range));
    await waitForMapChunks(2);
    const stored = Object.entries(await storedJobIds())
      .filter(([key]) => key.includes(`startDate=${range.from}`))
      .map(([, jobId]) => jobId);
    expect(stored).toHaveLength(1);
    const before = (await readProbe(page)).progress.filter((s) => s.shown).at(-1)!;

    await page.reload();
    // The bar is back at once (the id survived in sessionStorage), then resumes where the job is.
    await byTestId('progress').waitFor({ timeout: 5_000 });
    const expected = inRange(feedback, range.from, range.to);
    await waitForResultTotal(expected);
    // Resumed mid-run, not from the queue: the first progress after the reload is already past
    // the stage the job was in. (Its figures come from the job row, which the worker writes at
    // most every 250 ms within a stage, so they may trail what the live events showed before.)
    const after = (await readProbe(page)).progress.filter(isRealProgress);
    expect(['map', 'reduce', 'finalize', 'done']).toContain(after[0]!.stage);
    expect(Math.max(...after.map((s) => s.percent!))).toBeGreaterThan(before.percent!);

    const jobs = await jobsSince(since);
    expect(jobs.map((j) => [j.id, j.status])).toEqual([[stored[0], 'completed']]);
    expect((await getJob(stored[0]!)).result!.stats.totalFeedback).toBe(expected);
    expect(expected).toBeLessThan(feedback.length);
    expect(await storedJobIds()).toEqual({});
  }, 60_000);

  it('cancel stops the job: the page says so, the API reports it cancelled, the worker writes no result', async () => {
    await forgetChunkAnswers();
    const since = await dbNow();
    await page.goto(pageUrl({ from: '2026-07-01', to: '2026-09-30' }));
    await waitForMapChunks(1);
    // The fake GLM's call count below is this job's alone only while nothing else runs.
    const [running] = await jobsSince(since);
    expect(await openJobs()).toEqual([running!.id]);
    await byTestId('cancel').click();
    await byTestId('cancelled').waitFor();
    expect(await byTestId('progress').count()).toBe(0);
    expect(await text('cancelled')).toContain('No new insights were generated');
    await screenshot(page, 'cancelled');

    const [row, ...others] = await jobsSince(since);
    expect(others).toHaveLength(0);
    const cancelledAt = Date.now();
    let job = await getJob(row!.id);
    while (job.status !== 'cancelled' && Date.now() - cancelledAt < 5_000) {
      await new Promise((r) => setTimeout(r, 50));
      job = await getJob(row!.id);
    }
    expect(job.status).toBe('cancelled');
    const callsAtCancel = fake.stats().calls;

    // Long enough for the rest of the job (several more calls) had the worker gone on.
    await new Promise((r) => setTimeout(r, 4 * GLM_LATENCY_MS + 500));
    const later = await getJob(row!.id);
    expect(later.status).toBe('cancelled');
    expect(later.result).toBeUndefined();
    const [final] = await jobsSince(since);
    expect(final).toMatchObject({ status: 'cancelled', hasResult: false });
    const cached = await db.pool.query('select 1 from insights_cache where cache_key = $1', [row!.dedupKey]);
    expect(cached.rowCount).toBe(0);
    // At most the one call already in flight when the cancel landed.
    expect(fake.stats().calls - callsAtCancel).toBeLessThanOrEqual(1);
    expect(await byTestId('results').count()).toBe(0);
    expect(await byTestId('generate').isEnabled()).toBe(true);
    expect(await storedJobIds()).toEqual({});
  }, 60_000);

  it('new feedback shows the stale banner after a reload; refresh brings a result that counts it', async () => {
    await page.goto(pageUrl());
    await waitForResultTotal(feedback.length);
    expect(await byTestId('stale-banner').count()).toBe(0);

    const countBefore = feedback.length;
    await addFeedback(items(9, 6161));
    const since = await dbNow();
    await page.reload();
    await byTestId('stale-banner').waitFor();
    expect(await text('total-feedback')).toBe(String(countBefore));
    await screenshot(page, 'stale');

    await byTestId('refresh').click();
    await waitForResultTotal(feedback.length);
    expect(await byTestId('stale-banner').count()).toBe(0);
    const timings = clickTimings(await readProbe(page), 'refresh', feedback.length);
    console.log(`Refresh click → first progress ${timings.firstProgressMs.toFixed(0)} ms, → result ${timings.resultMs.toFixed(0)} ms`);

    // The stale read queued the refresh; the click joined it rather than queueing a second one.
    const jobs = await jobsSince(since);
    expect(jobs.map((j) => j.status)).toEqual(['completed']);
  }, 60_000);

  it('picking dates asks for nothing until the range is applied, then for that range only', async () => {
    await page.goto(pageUrl());
    await byTestId('results').waitFor({ timeout: JOB_TIMEOUT_MS });
    const since = await dbNow();
    await byTestId('start-date').fill('2026-09-01');
    await byTestId('end-date').fill('2026-09-30');
    await byTestId('apply-dates').waitFor();
    // Half-picked and fully picked but unapplied ranges queue nothing.
    await page.waitForTimeout(500);
    expect(await jobsSince(since)).toHaveLength(0);
    await byTestId('apply-dates').click();
    await page.waitForURL(/from=2026-09-01&to=2026-09-30/);
    const [row, ...others] = await eventually(
      async () => {
        const rows = await jobsSince(since);
        return rows.length > 0 && rows;
      },
      JOB_TIMEOUT_MS,
      'the applied range’s job',
    );
    expect(others).toHaveLength(0);
    const job = await getJob(row!.id);
    expect(job.projectId).toBe(projectId);
    expect(await byTestId('apply-dates').count()).toBe(0);
  }, 60_000);

  it('a failed job shows the reason the API gives for it', async () => {
    fake.addFaults([{ type: 'auth', times: 100 }]);
    try {
      const since = await dbNow();
      await page.goto(pageUrl({ from: '2026-10-01', to: '2026-10-31' }));
      await page.locator('[data-testid="error"][data-code="JOB_FAILED"]').waitFor({ timeout: JOB_TIMEOUT_MS });
      const [row, ...others] = await jobsSince(since);
      expect(others).toHaveLength(0);
      const job = await getJob(row!.id);
      expect(job.status).toBe('failed');
      expect(job.error).toBeTruthy();
      expect(await text('error-title')).toBe('Generating insights failed');
      expect(await text('error-message')).toBe(job.error);
      expect(await byTestId('progress').count()).toBe(0);
      await screenshot(page, 'failed');
    } finally {
      fake.reset();
    }
  }, 60_000);

  it('a 429 counts down Retry-After with retry held back, and the retry afterwards succeeds', async () => {
    // The API's own limit would have to be tiny for the whole run; answer one request the way it does.
    let refused = 0;
    await page.route('**/api/insights/jobs', async (route) => {
      if (route.request().method() !== 'POST' || refused > 0) return route.fallback();
      refused++;
      await route.fulfill({
        status: 429,
        headers: { 'retry-after': '3', 'content-type': 'application/json' },
        body: JSON.stringify({ success: false, statusCode: 429, code: 'RATE_LIMITED', message: 'too many new insight jobs; try again in 3 s' }),
      });
    });
    try {
      await byTestId('retry').click();
      await page.locator('[data-testid="error"][data-code="RATE_LIMITED"]').waitFor();
      expect(refused).toBe(1);
      const first = Number(await text('retry-countdown'));
      expect(first).toBeGreaterThanOrEqual(2);
      expect(first).toBeLessThanOrEqual(3);
      expect(await byTestId('retry').isDisabled()).toBe(true);
      await screenshot(page, 'rate-limited');
      await page.waitForFunction(`document.querySelector('[data-testid="retry-countdown"]')?.textContent === '${first - 1}'`, undefined, {
        timeout: 2_000,
      });
      await byTestId('retry-countdown').waitFor({ state: 'detached', timeout: 4_000 });
      expect(await byTestId('retry').isEnabled()).toBe(true);

      const since = await dbNow();
      await byTestId('retry').click();
      await waitForResultTotal(inRange(feedback, '2026-10-01', '2026-10-31'));
      expect(await byTestId('error').count()).toBe(0);
      expect((await jobsSince(since)).map((j) => j.status)).toEqual(['completed']);
    } finally {
      await page.unroute('**/api/insights/jobs');
    }
  }, 60_000);
});

function progressText(sample: ProgressSample): string {
  return `${sample.stage} ${sample.percent}%, ${sample.chunks}`;
}
