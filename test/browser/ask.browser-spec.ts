import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { DatabaseHandle } from '@insights/db';
import { decodeModelDefaults, type FakeGlm } from '@insights/fake-glm';
import { eventually, newUser, type ApiProcess } from '@insights/testkit';
import { screenshot } from './support/chromium.js';
import { startPageStack, type PageStack } from './support/page-stack.js';
import type { WebPreview } from './support/web-preview.js';

interface Citation {
  ref: number;
  feedbackId: string;
  quote: string;
}
interface Answer {
  answer: string;
  citations: Citation[];
  counts: { label: string; count: number; query: string }[];
  matched: number;
  considered: number;
  droppedCitations: number;
}
interface AskJob {
  jobId: string;
  status: string;
  kind: string;
  result?: Answer;
}
interface Hit {
  id: string;
  text: string;
  createdAt: string;
  sentiment: string;
  rating: number;
}
/** What the page showed while a question was answered, recorded in the page as the DOM changed. */
interface AskRecord {
  partials: { at: number; text: string; answerShown: boolean }[];
  answerAt: number | null;
}

const JOB_TIMEOUT_MS = 30_000;
const QUESTION = 'How many entries complain about CSV export?';
// A project whose words are known: which entries the question matches is worked out below in SQL.
const TEXTS = [
  'CSV export fails every time I try it.',
  'The CSV export button does nothing at all.',
  'CSV export is broken <img src=x onerror="window.__injected=1"> since the update.',
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
 * Records, in the page, each text the streaming answer showed and when the final answer appeared
 * (a MutationObserver callback runs right after the DOM changed, before the frame is painted).
 */
const RECORD_ASK = `(() => {
  const record = { partials: [], answerAt: null };
  window.__askRecord = record;
  const byTestId = (id) => document.querySelector('[data-testid="' + id + '"]');
  let last = '';
  new MutationObserver(() => {
    const partial = byTestId('ask-partial')?.textContent ?? '';
    const answerShown = Boolean(byTestId('ask-answer'));
    if (partial && partial !== last) record.partials.push({ at: performance.now(), text: partial, answerShown });
    last = partial;
    if (answerShown && record.answerAt === null) record.answerAt = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

/**
 * Asking a question on the insights page in Chromium against the real stack (the page built and
 * served by `vite preview`, one API and one worker process, Postgres, Redis, the fake GLM
 * streaming its answer at a hosted model's pace): the answer shows as it is written, then with
 * its citations, each opening the entry it cites; what the page shows is checked against the job
 * the API stored and the rows of the project.
 */
describe('asking a question on the insights page', () => {
  let stack: PageStack | undefined;
  let fake: FakeGlm;
  let api: ApiProcess;
  let preview: WebPreview;
  let page: Page;
  let db: DatabaseHandle;
  const owner = newUser();
  let projectId = '';

  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...owner.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, data: ((await response.json()) as { data: T }).data };
  };
  /** The project's question jobs, newest first. */
  const askJobs = async () => (await call<{ items: AskJob[] }>('GET', `/api/insights/jobs?projectId=${projectId}&kind=ask`)).data.items;
  const byTestId = (id: string) => page.getByTestId(id);
  const text = async (id: string) => ((await byTestId(id).first().textContent()) ?? '').trim();
  const focused = () => page.evaluate(`document.activeElement?.getAttribute('data-testid') ?? null`);

  beforeAll(async () => {
    stack = await startPageStack({ name: 'web-ask', token: owner.headers.authorization.slice('Bearer '.length) });
    ({ fake, api, preview, page, db } = stack);
    await page.addInitScript({ content: RECORD_ASK });

    const created = await call<{ id: string }>('POST', '/api/projects', { name: 'Support inbox' });
    expect(created.status).toBe(201);
    projectId = created.data.id;
    const items = TEXTS.map((t, i) => ({ text: t, rating: /love|great|quick/i.test(t) ? 5 : 2, createdAt: new Date(Date.UTC(2026, 2, 1 + i)).toISOString() }));
    expect((await call('POST', `/api/projects/${projectId}/feedback/bulk`, { items })).status).toBe(201);
    // The project's insights, made before the page opens, so no generation runs beside the question.
    const queued = await call<{ jobId: string }>('POST', '/api/insights/jobs', { projectId });
    await eventually(
      async () => (await call<{ status: string }>('GET', `/api/insights/jobs/${queued.data.jobId}`)).data.status === 'completed',
      JOB_TIMEOUT_MS,
      'the project’s insights',
    );
    // From here the model writes at a hosted model's pace, streaming: most of a second to the first token, then 15 tokens a second.
    fake.setTiming({ ...decodeModelDefaults(), timeToFirstTokenMs: 300, decodeTokensPerSecond: 15 });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows the answer as it is written, then the answer the job stored with its citations as buttons', async () => {
    await page.goto(`${preview.url}/?project=${projectId}`);
    const input = page.getByLabel('Question', { exact: true });
    await input.waitFor({ timeout: JOB_TIMEOUT_MS });
    await input.fill(QUESTION);
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    // Nothing more can be asked until this question is answered or cancelled.
    expect(await input.isDisabled()).toBe(true);
    expect(await byTestId('ask-submit').isDisabled()).toBe(true);

    await byTestId('ask-answer').waitFor({ timeout: JOB_TIMEOUT_MS });
    const record = (await page.evaluate('JSON.parse(JSON.stringify(window.__askRecord))')) as AskRecord;
    // Several growing pieces of the answer were on screen before the answer itself.
    const streamed = record.partials.filter((p) => !p.answerShown && record.answerAt !== null && p.at < record.answerAt);
    expect(streamed.length).toBeGreaterThanOrEqual(2);
    expect(streamed.at(-1)!.text.length).toBeGreaterThan(streamed[0]!.text.length);
    expect(await byTestId('ask-partial').count()).toBe(0);
    expect(await input.isDisabled()).toBe(false);

    const [job] = await askJobs();
    expect(job).toMatchObject({ kind: 'ask', status: 'completed' });
    const answer = (await call<AskJob>('GET', `/api/insights/jobs/${job!.jobId}`)).data.result!;
    // The page shows the stored answer word for word, each marker a button.
    expect(await text('ask-answer')).toBe(answer.answer);
    const markers = answer.answer.match(/\[\d+\]/g) ?? [];
    expect(markers.length).toBeGreaterThan(0);
    const buttons = byTestId('ask-answer').getByTestId('citation');
    expect(await buttons.count()).toBe(markers.length);
    const refs = await page.evaluate(
      `[...document.querySelectorAll('[data-testid="ask-answer"] [data-testid="citation"]')].map((e) => e.getAttribute('data-ref'))`,
    );
    expect((refs as string[]).map((ref) => `[${ref}]`)).toEqual(markers);
    expect(await byTestId('ask-citation').count()).toBe(answer.citations.length);

    // The figures are the answer's, and matched is what SQL counts among the project's rows.
    const { rows } = await db.pool.query<{ n: number }>(
      "select count(*)::int as n from feedback where project_id = $1 and text ~* '\\mcsv\\M' and text ~* '\\mexport'",
      [projectId],
    );
    expect(answer.matched).toBe(rows[0]!.n);
    expect(await byTestId('ask-matched').getAttribute('data-count')).toBe(String(rows[0]!.n));
    expect(await byTestId('ask-dropped').getAttribute('data-count')).toBe(String(answer.droppedCitations));
    expect(await byTestId('ask-count').count()).toBe(answer.counts.length);
    // Feedback is text on the page: markup in an entry is never an element.
    expect(await page.evaluate('window.__injected')).toBeUndefined();
    expect(await page.locator('[data-testid="ask"] img').count()).toBe(0);
    await page.evaluate(`document.querySelector('[data-testid="ask"]').scrollIntoView({ block: 'center' })`);
    await screenshot(page, 'ask-answer');
  }, 90_000);

  it('a citation opens its entry in a dialog, with its date, sentiment, rating and similar entries', async () => {
    const answer = (await call<AskJob>('GET', `/api/insights/jobs/${(await askJobs())[0]!.jobId}`)).data.result!;
    const first = answer.citations[0]!;
    const button = byTestId('ask-answer').locator(`[data-testid="citation"][data-ref="${first.ref}"]`).first();
    await button.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('data-feedback-id')).toBe(first.feedbackId);
    await byTestId('entry-text').waitFor();

    const { rows } = await db.pool.query<{ text: string; sentiment: string; rating: number; createdAt: Date }>(
      'select text, sentiment, rating, created_at as "createdAt" from feedback where id = $1 and project_id = $2',
      [first.feedbackId, projectId],
    );
    const row = rows[0]!;
    expect(await text('entry-text')).toBe(row.text);
    expect((await text('entry-sentiment')).toLowerCase()).toBe(row.sentiment);
    expect(await text('entry-rating')).toBe(`${row.rating} of 5`);
    expect(await text('entry-date')).toBe(row.createdAt.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }));
    // The quote the answer shows comes from that entry.
    expect(row.text).toContain(first.quote.replace(/…$/, ''));

    // Similar entries: the ones the API lists for that entry, in its order.
    await byTestId('similar-entries').or(byTestId('similar-none')).waitFor();
    const similar = (await call<{ items: Hit[] }>('GET', `/api/feedback/${first.feedbackId}/similar?limit=5`)).data.items;
    const shown = (await page.evaluate(
      `[...document.querySelectorAll('[data-testid="similar-entry"]')].map((e) => e.getAttribute('data-feedback-id'))`,
    )) as string[];
    expect(shown).toEqual(similar.map((s) => s.id));
    expect(similar.length).toBeGreaterThan(0);
    expect(shown).not.toContain(first.feedbackId);
    expect(await page.evaluate('window.__injected')).toBeUndefined();
    await screenshot(page, 'ask-entry');

    // A similar entry opens in the same dialog.
    await byTestId('similar-entry').first().click();
    await eventually(async () => (await dialog.getAttribute('data-feedback-id')) === similar[0]!.id, 10_000, 'the similar entry');
    await eventually(async () => (await text('entry-text')) === similar[0]!.text, 10_000, 'the similar entry’s text');

    // Escape closes it and gives focus back to the citation that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused()).toBe('citation');
  }, 60_000);

  it('Cancel stops a question being answered and cancels its job', async () => {
    const input = page.getByLabel('Question', { exact: true });
    await input.fill('What do people say about the dashboard?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await byTestId('ask-stage').waitFor();
    const jobId = await eventually(async () => (await askJobs()).find((j) => j.status === 'pending' || j.status === 'processing')?.jobId, 10_000, 'the job');
    await byTestId('ask-cancel').click();
    expect(await input.isDisabled()).toBe(false);
    expect(await byTestId('ask-stage').count()).toBe(0);
    const cancelled = await eventually(
      async () => {
        const job = (await call<AskJob>('GET', `/api/insights/jobs/${jobId}`)).data;
        return ['cancelled', 'completed'].includes(job.status) && job;
      },
      JOB_TIMEOUT_MS,
      'the job to end',
    );
    expect(cancelled.status).toBe('cancelled');
    expect(await byTestId('ask-answer').count()).toBe(0);
  }, 60_000);

  it('shows the API’s reason for a question it refuses', async () => {
    await page.getByLabel('Question', { exact: true }).fill('hi');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const error = byTestId('ask-error');
    await error.waitFor();
    expect(await error.getAttribute('data-status')).toBe('400');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await text('ask-error-message')).toContain('question must be at least 3 characters');
  }, 30_000);
});
