import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { DatabaseHandle } from '@insights/db';
import { demoFeedback, eventually, newUser, type ApiProcess } from '@insights/testkit';
import { screenshot } from './support/chromium.js';
import { startPageStack, type PageStack } from './support/page-stack.js';
import type { WebPreview } from './support/web-preview.js';

interface WeekCount {
  week: string;
  count: number;
}
interface ThemeItem {
  id: string;
  name: string;
  kind: string;
  count: number;
  weekly: WeekCount[];
}
interface ThemeEdit {
  id: string;
  action: string;
  themeId: string;
}
interface ThemesAnswer {
  themes: ThemeItem[];
  hidden: { id: string; name: string; count: number }[];
  edits: ThemeEdit[];
}
interface Job {
  jobId: string;
  status: string;
  result?: { themes: { id?: string; name: string; count: number }[]; themeSets?: { themes: string[]; count: number }[] };
}
interface EditRow {
  action: string;
  themeId: string;
  intoThemeId: string | null;
  name: string | null;
  undone: boolean;
}

const JOB_TIMEOUT_MS = 30_000;

/**
 * Editing a project's themes on the insights page in Chromium against the real stack (the page
 * built and served by `vite preview`, one API and one worker process, Postgres, Redis, the fake
 * GLM server): rename, merge, hide and their undo, the weekly charts, and the alert and digest
 * settings. What the page shows is checked against what the API answers and the rows the edits
 * wrote. The steps run in order, as one owner would take them.
 */
describe('theme editing on the insights page', () => {
  let stack: PageStack | undefined;
  let api: ApiProcess;
  let preview: WebPreview;
  let page: Page;
  let db: DatabaseHandle;
  const owner = newUser();
  let projectId = '';
  let job: Job;

  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...owner.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, data: ((await response.json()) as { data: T }).data };
  };
  const themesFromApi = async () => {
    const answer = await call<ThemesAnswer>('GET', `/api/projects/${projectId}/themes`);
    expect(answer.status).toBe(200);
    return answer.data;
  };
  /** The project's edit rows, oldest first: what the page's clicks did. */
  const editRows = async (): Promise<EditRow[]> =>
    (
      await db.pool.query<EditRow>(
        `select action, theme_id as "themeId", into_theme_id as "intoThemeId", name, undone_at is not null as undone
           from insights_theme_edits where project_id = $1 order by created_at, id`,
        [projectId],
      )
    ).rows;

  const byTestId = (id: string) => page.getByTestId(id);
  const text = async (id: string) => ((await byTestId(id).textContent()) ?? '').trim();
  const card = (themeId: string) => page.locator(`[data-testid="managed-theme"][data-theme-id="${themeId}"]`);
  const cardsOnPage = async () =>
    (await page.evaluate(
      `[...document.querySelectorAll('[data-testid="managed-theme"]')].map((c) => ({
         id: c.getAttribute('data-theme-id'),
         name: c.querySelector('[data-testid="managed-theme-name"]')?.textContent?.trim(),
         count: Number(c.querySelector('[data-testid="managed-theme-count"]')?.textContent),
       }))`,
    )) as { id: string; name: string; count: number }[];
  /** The bars of a theme's weekly chart: [week, count, height] each, left to right. */
  const barsOf = async (themeId: string) =>
    (await page.evaluate(
      `[...document.querySelectorAll('[data-testid="managed-theme"][data-theme-id="${themeId}"] [data-testid="weekly-bar"]')]
         .map((r) => [r.getAttribute('data-week'), Number(r.getAttribute('data-count')), Number(r.getAttribute('height'))])`,
    )) as [string, number, number][];
  /** Waits until the cards on the page are the ones the API lists, names and counts alike. */
  const waitForCards = async (expected: { id: string; name: string; count: number }[]) => {
    const want = JSON.stringify(expected.map(({ id, name, count }) => ({ id, name, count })));
    await eventually(async () => JSON.stringify(await cardsOnPage()) === want, 10_000, `the cards ${want}`).catch(async (error: unknown) => {
      throw new Error(`the page shows ${JSON.stringify(await cardsOnPage())}`, { cause: error });
    });
  };
  const openPage = async () => {
    await page.goto(`${preview.url}/?project=${projectId}`);
    await byTestId('managed-theme').first().waitFor({ timeout: JOB_TIMEOUT_MS });
  };

  beforeAll(async () => {
    stack = await startPageStack({ name: 'web-themes', token: owner.headers.authorization.slice('Bearer '.length) });
    ({ api, preview, page, db } = stack);

    const created = await call<{ id: string }>('POST', '/api/projects', { name: 'Themes' });
    expect(created.status).toBe(201);
    projectId = created.data.id;
    const items = [...demoFeedback({ count: 160, seed: 2424 })].map((f) => ({ text: f.text, rating: f.rating!, createdAt: f.createdAt!.toISOString() }));
    expect((await call('POST', `/api/projects/${projectId}/feedback/bulk`, { items })).status).toBe(201);
    // The project's insights, made before the page opens: the page reads them from the cache.
    const queued = await call<{ jobId: string }>('POST', '/api/insights/jobs', { projectId });
    expect([201, 202]).toContain(queued.status);
    job = await eventually(
      async () => {
        const read = await call<Job>('GET', `/api/insights/jobs/${queued.data.jobId}`);
        return read.data.status === 'completed' && read.data;
      },
      JOB_TIMEOUT_MS,
      'the project’s insights',
    );
    expect(job.result!.themes.length).toBeGreaterThanOrEqual(3);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists the project’s themes as the API does, each with a bar a week and the weeks in words', async () => {
    await openPage();
    const answer = await themesFromApi();
    // The themes are the job's themes, by id.
    expect(answer.themes.map((t) => t.id).sort()).toEqual(job.result!.themes.map((t) => t.id).sort());
    await waitForCards(answer.themes);

    let weeksDrawn = 0;
    for (const theme of answer.themes) {
      expect(theme.weekly.length).toBeGreaterThan(0);
      const chart = card(theme.id).getByTestId('weekly-chart');
      const bars = await barsOf(theme.id);
      expect(bars).toHaveLength(theme.weekly.length);
      expect(bars.map(([week, count]) => [week, count])).toEqual(theme.weekly.map((w) => [w.week, w.count]));
      // Taller bars for busier weeks.
      const heights = bars.map(([, , height]) => height);
      const busiest = theme.weekly.reduce((best, w, i) => (w.count > theme.weekly[best]!.count ? i : best), 0);
      expect(Math.max(...heights)).toBe(heights[busiest]);
      expect(await chart.getAttribute('role')).toBe('img');
      const label = (await chart.getAttribute('aria-label')) ?? '';
      expect(label).toContain(theme.name);
      expect(label.match(/week of /g)).toHaveLength(theme.weekly.length);
      weeksDrawn += theme.weekly.length;
    }
    expect(await byTestId('weekly-bar').count()).toBe(weeksDrawn);
    await card(answer.themes[0]!.id).scrollIntoViewIfNeeded();
    await screenshot(page, 'theme-editing');
  }, 60_000);

  it('a rename shows at once, is kept after a reload, and Escape leaves the name as it was', async () => {
    const [first, second] = (await themesFromApi()).themes;
    const before = (await editRows()).length;

    // Escape: nothing sent, nothing changed.
    await card(second!.id).getByTestId('rename').click();
    await card(second!.id).getByTestId('rename-input').fill('Not this name');
    await card(second!.id).getByTestId('rename-input').press('Escape');
    expect(await card(second!.id).getByTestId('managed-theme-name').textContent()).toBe(second!.name);

    const renamed = `Renamed ${first!.name}`.slice(0, 80);
    await card(first!.id).getByTestId('rename').click();
    const input = card(first!.id).getByTestId('rename-input');
    expect(await page.evaluate(`document.activeElement?.getAttribute('data-testid')`)).toBe('rename-input');
    await input.fill(renamed);
    // "At once": the new name shows while the server has not answered yet. The rename request is
    // held until the page has shown it (read until it renders, which a loaded machine can delay).
    let answer = () => {};
    const held = new Promise<void>((resolve) => (answer = resolve));
    const passing: Promise<void>[] = [];
    const rename = `**/themes/${first!.id}/rename`;
    await page.route(rename, (route) => {
      const passed = held.then(() => route.continue());
      passing.push(passed);
      return passed;
    });
    await input.press('Enter');
    const shown = await eventually(
      async () => (await card(first!.id).getByTestId('managed-theme-name').textContent()) === renamed,
      10_000,
      'the new name on the card before the server answers',
    ).catch(() => false);
    answer();
    await Promise.all(passing);
    await page.unroute(rename);
    expect(shown).toBe(true);

    const rows = await eventually(async () => {
      const all = await editRows();
      return all.length > before && all;
    });
    expect(rows.slice(before)).toEqual([{ action: 'rename', themeId: first!.id, intoThemeId: null, name: renamed, undone: false }]);

    await page.reload();
    await byTestId('managed-theme').first().waitFor();
    expect(await card(first!.id).getByTestId('managed-theme-name').textContent()).toBe(renamed);
    expect((await themesFromApi()).themes.find((t) => t.id === first!.id)!.name).toBe(renamed);
  }, 60_000);

  it('a refused rename goes back to the old name and says why at the field', async () => {
    const [, theme] = (await themesFromApi()).themes;
    const before = (await editRows()).length;
    let refused = 0;
    await page.route('**/api/projects/*/themes/*/rename', async (route) => {
      refused++;
      await route.fulfill({
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ success: false, statusCode: 400, code: 'VALIDATION_FAILED', message: 'name: that name is taken' }),
      });
    });
    try {
      await card(theme!.id).getByTestId('rename').click();
      await card(theme!.id).getByTestId('rename-input').fill('Taken');
      await card(theme!.id).getByTestId('rename-input').press('Enter');
      const error = card(theme!.id).getByTestId('rename-error');
      await error.waitFor();
      expect(refused).toBe(1);
      expect((await error.textContent())?.trim()).toBe('name: that name is taken');
      expect(await card(theme!.id).getByTestId('rename-input').inputValue()).toBe('Taken');
      await card(theme!.id).getByTestId('rename-input').press('Escape');
      expect(await card(theme!.id).getByTestId('managed-theme-name').textContent()).toBe(theme!.name);
      expect(await editRows()).toHaveLength(before);
    } finally {
      await page.unroute('**/api/projects/*/themes/*/rename');
    }
  }, 30_000);

  it('a merge leaves one card counting the entries of both, and Undo brings the two back', async () => {
    const before = await themesFromApi();
    const [into, from] = before.themes.slice(-2);
    // Entries either theme cites, each once: from the job's theme sets, not from the API's answer.
    const expected = job.result!.themeSets!.filter((s) => s.themes.includes(into!.id) || s.themes.includes(from!.id)).reduce((sum, s) => sum + s.count, 0);
    expect(expected).toBeGreaterThanOrEqual(Math.max(into!.count, from!.count));

    await card(from!.id).getByTestId('merge-select').selectOption(into!.id);
    await card(from!.id).getByTestId('merge').click();
    await card(from!.id).waitFor({ state: 'detached' });
    await eventually(async () => Number(await card(into!.id).getByTestId('managed-theme-count').textContent()) === expected, 10_000, 'the merged count');
    expect(await byTestId('managed-theme').count()).toBe(before.themes.length - 1);
    const after = await themesFromApi();
    expect(after.themes.find((t) => t.id === into!.id)!.count).toBe(expected);
    const merged = (await editRows()).at(-1)!;
    expect(merged).toEqual({ action: 'merge', themeId: from!.id, intoThemeId: into!.id, name: null, undone: false });
    // The merged card's weeks are both themes' weeks.
    expect((await barsOf(into!.id)).length).toBe(new Set([...into!.weekly, ...from!.weekly].map((w) => w.week)).size);

    const edit = page.locator('[data-testid="theme-edit"][data-action="merge"]');
    await edit.getByTestId('undo-edit').click();
    await waitForCards(before.themes);
    expect((await editRows()).at(-1)!.undone).toBe(true);
  }, 60_000);

  it('Hide takes a theme out of the list into the hidden ones, and Show puts it back', async () => {
    const before = await themesFromApi();
    const theme = before.themes.at(-1)!;
    await card(theme.id).getByTestId('hide').click();
    await card(theme.id).waitFor({ state: 'detached' });
    const hidden = page.locator(`[data-testid="hidden-theme"][data-theme-id="${theme.id}"]`);
    await hidden.waitFor();
    expect((await hidden.textContent())?.trim()).toContain(theme.name);
    await eventually(async () => (await themesFromApi()).hidden.some((h) => h.id === theme.id), 10_000, 'the theme hidden');
    expect((await editRows()).at(-1)).toEqual({ action: 'hide', themeId: theme.id, intoThemeId: null, name: null, undone: false });

    await page.reload();
    await hidden.waitFor();
    expect(await card(theme.id).count()).toBe(0);

    await eventually(async () => hidden.getByTestId('show-theme').isEnabled(), 5_000, 'Show enabled');
    await hidden.getByTestId('show-theme').click();
    await hidden.waitFor({ state: 'detached' });
    await waitForCards(before.themes);
    expect((await editRows()).at(-1)!.undone).toBe(true);
    expect((await themesFromApi()).hidden).toEqual([]);
  }, 60_000);

  it('the undo of a rename gives the model’s name back', async () => {
    const renames = page.locator('[data-testid="theme-edit"][data-action="rename"]');
    expect(await renames.count()).toBe(1);
    const row = (await editRows()).find((r) => r.action === 'rename' && !r.undone)!;
    const modelName = job.result!.themes.find((t) => t.id === row.themeId)!.name;
    await renames.getByTestId('undo-edit').click();
    await eventually(async () => (await card(row.themeId).getByTestId('managed-theme-name').textContent()) === modelName, 10_000, 'the model’s name');
    expect(await byTestId('theme-edit').count()).toBe(0);
    expect((await editRows()).every((r) => r.undone)).toBe(true);
  }, 30_000);

  it('alert settings persist across a reload, and the digest preview shows the text the API builds', async () => {
    const settings = async () =>
      (
        await db.pool.query<{ alertsEnabled: boolean; digestEnabled: boolean; minNewThemeSize: number }>(
          `select alerts_enabled as "alertsEnabled", digest_enabled as "digestEnabled", min_new_theme_size as "minNewThemeSize"
             from insights_theme_alert_settings where project_id = $1`,
          [projectId],
        )
      ).rows;
    const alerts = byTestId('alerts-enabled');
    await alerts.waitFor();
    expect(await alerts.isChecked()).toBe(false);
    expect(await byTestId('digest-enabled').isChecked()).toBe(false);
    // Alerts go to the project's own Slack webhook, which the product sets: none yet, nothing to turn on.
    expect(await byTestId('webhook-missing').count()).toBe(1);
    expect(await alerts.isDisabled()).toBe(true);
    expect(await byTestId('digest-enabled').isDisabled()).toBe(true);
    await db.pool.query('update projects set slack_webhook_url = $1 where id = $2', ['https://hooks.slack.example/T/B/x', projectId]);
    await page.reload();
    await alerts.waitFor();
    expect(await byTestId('webhook-missing').count()).toBe(0);
    expect(await alerts.isEnabled()).toBe(true);

    // A refused change goes back, saying why.
    await page.route('**/api/projects/*/theme-alerts', async (route) => {
      if (route.request().method() !== 'PUT') return route.fallback();
      await route.fulfill({
        status: 503,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ success: false, statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'the database is not answering' }),
      });
    });
    try {
      await alerts.click();
      await byTestId('settings-error').waitFor();
      expect((await text('settings-error')).endsWith('the database is not answering')).toBe(true);
      await eventually(async () => !(await alerts.isChecked()), 5_000, 'the switch back off');
      expect(await settings()).toEqual([]);
    } finally {
      await page.unroute('**/api/projects/*/theme-alerts');
    }

    await alerts.check();
    await eventually(async () => (await settings())[0]?.alertsEnabled === true, 10_000, 'alerts stored on');
    expect(await byTestId('settings-error').count()).toBe(0);
    await byTestId('min-new-theme-size').fill('4');
    await byTestId('save-min-size').click();
    await eventually(async () => (await settings())[0]?.minNewThemeSize === 4, 10_000, 'the size stored');

    await page.reload();
    await byTestId('alerts-enabled').waitFor();
    expect(await byTestId('alerts-enabled').isChecked()).toBe(true);
    expect(await byTestId('digest-enabled').isChecked()).toBe(false);
    expect(await byTestId('min-new-theme-size').inputValue()).toBe('4');
    expect(await settings()).toEqual([{ alertsEnabled: true, digestEnabled: false, minNewThemeSize: 4 }]);

    await byTestId('digest-preview-button').click();
    const shown = byTestId('digest-preview');
    await shown.waitFor({ timeout: 10_000 });
    const { data } = await call<{ text: string }>('GET', `/api/projects/${projectId}/digest/preview`);
    expect(data.text.length).toBeGreaterThan(0);
    expect((await shown.textContent())?.trim()).toBe(data.text.trim());
    await byTestId('theme-alerts').scrollIntoViewIfNeeded();
    await screenshot(page, 'theme-alerts');
  }, 60_000);
});
