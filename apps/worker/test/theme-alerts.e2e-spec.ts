import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AppConfig } from '@insights/config';
import { InsightsCacheRepository, ProjectsRepository, ThemeAlertsRepository } from '@insights/db';
import type { BullInsightsQueue } from '@insights/queue';
import { demoFeedback, eventually, newUser, plantedResult, sleep, SPAWNED_TIMINGS, storeProjectResult } from '@insights/testkit';
import { GlmStack, openQueue } from '@insights/testkit/stack';
import { ThemeAlertsService } from '../src/insights/theme-alerts.service.js';

const SECRET = 'theme-alert-secret-0123';
const HOSTILE_QUOTE = 'Refund still missing <!channel> see <https://evil.example|here> @everyone';

interface Delivery {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function startReceiver() {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      deliveries.push({ path: req.url ?? '/', headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, deliveries, close: () => new Promise((resolve) => server.close(resolve)) };
}

const signed = (delivery: Delivery) => {
  const timestamp = String(delivery.headers['x-insights-timestamp']);
  return delivery.headers['x-insights-signature'] === `v1=${createHmac('sha256', SECRET).update(`${timestamp}.${delivery.body}`).digest('hex')}`;
};

/** Eight ordinary weeks of a theme, then a jump in the current week; another theme steady throughout. */
const spikeThemes = () => [
  { id: 'th_refunds001', name: 'Refund delays', weeks: [6, 5, 7, 6, 5, 6, 7, 6, 30], quotes: [HOSTILE_QUOTE, 'Waited three weeks'] },
  { id: 'th_steady0001', name: 'Dark mode', weeks: [20, 22, 19, 21, 20, 23, 18, 21, 22], quotes: ['Please add dark mode'] },
];

/**
 * Theme alerts and the weekly digest through the real stack: API, worker process, Postgres,
 * BullMQ, and a webhook receiver on loopback.
 */
describe('theme alerts and the weekly digest', () => {
  let stack: GlmStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let queue: BullInsightsQueue;
  let alerts: ThemeAlertsService;
  const owner = newUser();
  const headers = { ...owner.headers, 'content-type': 'application/json' };

  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await GlmStack.start('alerts', {
      env: {
        NOTIFY_WEBHOOK_SECRET: SECRET,
        // Failure notices would go here; theme alerts never do.
        NOTIFY_WEBHOOK_URL: `${receiver.url}/fallback`,
        WEBHOOK_ALLOW_LOOPBACK: 'true',
        // A digest every two seconds, so a run is seen within the test.
        THEME_DIGEST_CRON: '*/2 * * * * *',
        ...SPAWNED_TIMINGS.quickNotifyRetry,
      },
    });
    queue = openQueue(`${process.env.REDIS_KEY_PREFIX}-alerts`);
    const { db } = stack.db;
    // The same check the worker runs, from this process, on the stack's database and queue.
    alerts = new ThemeAlertsService(
      { notify: { retryDelayMs: 200 } } as AppConfig,
      new ThemeAlertsRepository(db),
      new InsightsCacheRepository(db),
      new ProjectsRepository(db),
      queue,
    );
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    await stack?.stop();
    await receiver?.close();
  });

  async function project(name: string, hookPath: string, demo = true): Promise<string> {
    const { api, db } = stack;
    const created = await fetch(`${api.url}/api/projects`, { method: 'POST', headers, body: JSON.stringify({ name }) });
    const id = ((await created.json()) as { data: { id: string } }).data.id;
    const items = [...demoFeedback({ count: 12, seed: 3 })].map((f) => ({ text: f.text, rating: f.rating }));
    if (demo) await fetch(`${api.url}/api/projects/${id}/feedback/bulk`, { method: 'POST', headers, body: JSON.stringify({ items }) });
    await db.pool.query('update projects set slack_webhook_url = $1 where id = $2', [`${receiver.url}${hookPath}`, id]);
    return id;
  }

  async function settings(projectId: string, body: object): Promise<number> {
    const res = await fetch(`${stack.api.url}/api/projects/${projectId}/theme-alerts`, { method: 'PUT', headers, body: JSON.stringify(body) });
    return res.status;
  }

  /** A project-wide generation through the API, to its end: the worker checks alerts after it. */
  async function generate(projectId: string): Promise<void> {
    const created = await fetch(`${stack.api.url}/api/insights/jobs`, { method: 'POST', headers, body: JSON.stringify({ projectId }) });
    const { jobId } = ((await created.json()) as { data: { jobId: string } }).data;
    await eventually(
      async () => {
        const { rows } = await stack.db.pool.query<{ status: string }>('select status from insights_jobs where id = $1', [jobId]);
        return rows[0]?.status === 'completed';
      },
      30_000,
      'the generation to complete',
    );
  }

  const alertRows = async (projectId: string) =>
    (await stack.db.pool.query<{ theme_id: string; kind: string }>('select theme_id, kind from insights_theme_alerts where project_id = $1', [projectId])).rows;

  it('posts exactly one signed alert for a planted spike, after a generation and however often the check runs again', async () => {
    const projectId = await project('Billing app', '/alerts');
    expect(await settings(projectId, { alertsEnabled: true })).toBe(200);
    // Stored as the newest project-wide result for the next hour: the generation's own result
    // (the fake model's themes, no weekly counts) is older, so the check reads this one.
    await storeProjectResult(stack.db, projectId, plantedResult(spikeThemes()), new Date(Date.now() + 3_600_000));

    await generate(projectId);
    const [delivery] = await eventually(
      async () => {
        const got = receiver.deliveries.filter((d) => d.path === '/alerts');
        return got.length > 0 && got;
      },
      15_000,
      'the alert',
    );
    // The check again, twice, as a later assignment or generation would run it.
    for (let run = 0; run < 2; run++) expect((await alerts.check(projectId)).queued).toEqual([]);
    await sleep(1_500);

    expect(receiver.deliveries.filter((d) => d.path === '/alerts')).toHaveLength(1);
    expect(signed(delivery!)).toBe(true);
    const message = JSON.parse(delivery!.body) as { text: string; blocks: unknown[]; insights: Record<string, unknown> };
    expect(message.insights).toMatchObject({ event: 'theme.spike', projectId, themeId: 'th_refunds001', kind: 'spike', count: 30 });
    expect(message.text).toContain('Refund delays');
    const shown = JSON.stringify({ text: message.text, blocks: message.blocks });
    expect(shown).toContain('Waited three weeks');
    expect(shown).not.toContain('<!channel>');
    expect(shown).not.toContain('<https://');
    expect(shown).not.toMatch(/@everyone\b/);
    expect(await alertRows(projectId)).toEqual([{ theme_id: 'th_refunds001', kind: 'spike' }]);
    expect(receiver.deliveries.filter((d) => d.path === '/fallback')).toHaveLength(0);
  });

  it('alerts on a spike planted in the feedback itself: dated entries, a real generation, the weekly counts it makes', async () => {
    const projectId = await project('Exports app', '/feedback-spike', false);
    expect(await settings(projectId, { alertsEnabled: true })).toBe(200);
    const { api, db } = stack;
    const numbered = (text: string, count: number, from: number) => Array.from({ length: count }, (_, i) => ({ text: `${text} ${from + i}`, rating: 1 }));
    // Eight earlier weeks of two export complaints and ten chart compliments each, then a week
    // of twenty export complaints beside the usual ten.
    const weeks: { week: number; items: { text: string; rating: number }[] }[] = [];
    for (let w = 8; w >= 1; w--)
      weeks.push({ week: w, items: [...numbered('The export fails every single time', 2, w * 100), ...numbered('The charts look wonderful', 10, w * 100)] });
    weeks.push({ week: 0, items: [...numbered('The export fails every single time', 20, 0), ...numbered('The charts look wonderful', 10, 50)] });
    for (const { week, items } of weeks) {
      const res = await fetch(`${api.url}/api/projects/${projectId}/feedback/bulk`, { method: 'POST', headers, body: JSON.stringify({ items }) });
      expect(res.status).toBe(201);
      // Written now; the earlier weeks' entries are moved back to noon on Monday of their week.
      if (week > 0)
        await db.pool.query(
          `update feedback set created_at = date_trunc('week', now() at time zone 'utc') + interval '12 hours' - make_interval(weeks => $2)
           where project_id = $1 and created_at > (now() at time zone 'utc') - interval '1 minute'`,
          [projectId, week],
        );
    }
    await generate(projectId);
    const got = await eventually(
      async () => {
        const list = receiver.deliveries.filter((d) => d.path === '/feedback-spike');
        return list.length > 0 && list;
      },
      15_000,
      'the alert',
    );
    await sleep(1_000);
    expect(receiver.deliveries.filter((d) => d.path === '/feedback-spike')).toHaveLength(1);
    const { insights } = JSON.parse(got[0]!.body) as { insights: { event: string; themeName: string; count: number; details: { baselineMean: number } } };
    expect(insights).toMatchObject({ event: 'theme.spike', count: 20, details: { baselineMean: 2 } });
    expect(insights.themeName).toMatch(/export/i);
  });

  it('announces a new theme past its minimum size once, when two checks race', async () => {
    const projectId = await project('Invoices app', '/new');
    expect(await settings(projectId, { alertsEnabled: true, minNewThemeSize: 8 })).toBe(200);
    await storeProjectResult(
      stack.db,
      projectId,
      plantedResult([
        { id: 'th_invoice001', name: 'Invoice PDF broken', weeks: [0, 0, 0, 9], quotes: ['The PDF is blank'], status: 'new' },
        { id: 'th_small00001', name: 'Typo on pricing page', weeks: [0, 0, 0, 2], status: 'new' },
        { id: 'th_steady0001', name: 'Dark mode', weeks: [20, 22, 19, 21] },
      ]),
    );
    const [first, second] = await Promise.all([alerts.check(projectId), alerts.check(projectId)]);
    // Both found it; between them one recorded it and queued its message.
    expect(first!.found.map((a) => [a.themeId, a.kind])).toEqual([['th_invoice001', 'new']]);
    expect(second!.found.map((a) => [a.themeId, a.kind])).toEqual([['th_invoice001', 'new']]);
    expect(first!.queued.length + second!.queued.length).toBe(1);
    const [delivery] = await eventually(
      async () => {
        const got = receiver.deliveries.filter((d) => d.path === '/new');
        return got.length > 0 && got;
      },
      15_000,
      'the new theme alert',
    );
    await sleep(1_500);
    expect(receiver.deliveries.filter((d) => d.path === '/new')).toHaveLength(1);
    expect(signed(delivery!)).toBe(true);
    expect(JSON.parse(delivery!.body)).toMatchObject({ insights: { event: 'theme.new', themeId: 'th_invoice001', count: 9 } });
    expect(await alertRows(projectId)).toEqual([{ theme_id: 'th_invoice001', kind: 'new' }]);
  });

  it('posts nothing for a project whose alerts are off', async () => {
    const projectId = await project('Quiet app', '/off');
    await storeProjectResult(stack.db, projectId, plantedResult(spikeThemes()), new Date(Date.now() + 3_600_000));
    await generate(projectId);
    expect(await alerts.check(projectId)).toMatchObject({ queued: [], skipped: 'alerts-off' });
    await sleep(1_500);
    expect(receiver.deliveries.filter((d) => d.path === '/off')).toHaveLength(0);
    expect(await alertRows(projectId)).toEqual([]);
  });

  it('posts the weekly digest on its job scheduler while it is on, signed, with movers and quotes, and stops when it is turned off', async () => {
    const projectId = await project('Digest app', '/digest');
    await storeProjectResult(
      stack.db,
      projectId,
      plantedResult([
        { id: 'th_checkout01', name: 'Checkout errors', weeks: [3, 21, 2], quotes: ['Payment page froze', 'Card declined twice', 'third'] },
        { id: 'th_login00001', name: 'Login', weeks: [9, 9, 9] },
      ]),
    );
    expect(await settings(projectId, { digestEnabled: true })).toBe(200);
    const [delivery] = await eventually(
      async () => {
        const got = receiver.deliveries.filter((d) => d.path === '/digest');
        return got.length > 0 && got;
      },
      15_000,
      'a digest run',
    );
    expect(signed(delivery!)).toBe(true);
    const digest = JSON.parse(delivery!.body) as {
      text: string;
      insights: { event: string; movers: { themeId: string; lastWeek: number; weekBefore: number }[] };
    };
    expect(digest.insights.event).toBe('themes.digest');
    expect(digest.insights.movers.map((m) => [m.themeId, m.lastWeek, m.weekBefore])).toEqual([['th_checkout01', 21, 3]]);
    expect(digest.text).toContain('Card declined twice');

    expect(await settings(projectId, { digestEnabled: false })).toBe(200);
    // A run already started may still land; none after it.
    await sleep(2_500);
    const settled = receiver.deliveries.filter((d) => d.path === '/digest').length;
    await sleep(4_500);
    expect(receiver.deliveries.filter((d) => d.path === '/digest')).toHaveLength(settled);
  });
});
