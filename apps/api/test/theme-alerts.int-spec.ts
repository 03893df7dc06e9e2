import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DatabaseHandle } from '@insights/db';
import { DATABASE } from '@insights/platform';
import { newUser, plantedResult, QueueAdmin, storeProjectResult } from '@insights/testkit';
import { createTestApp } from '../src/testing.js';

const HOSTILE = '<!channel> Refunds <https://evil.example|click> @here';

describe('theme alert settings and the digest preview', () => {
  let app: NestFastifyApplication;
  let db: DatabaseHandle;
  let queue: QueueAdmin;
  const alice = newUser();
  const bob = newUser();

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get<DatabaseHandle>(DATABASE);
    queue = QueueAdmin.of(app);
  });
  afterAll(async () => {
    await app.close();
  });

  const inject = (method: 'GET' | 'PUT' | 'DELETE', url: string, headers = alice.headers, payload?: object) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function project(name: string, webhook = true, headers = alice.headers): Promise<string> {
    const id = (await app.inject({ method: 'POST', url: '/api/projects', headers, payload: { name } })).json().data.id as string;
    // The existing product sets this column; the service only reads it.
    if (webhook) await db.pool.query('update projects set slack_webhook_url = $1 where id = $2', ['https://hooks.slack.example/T/B/x', id]);
    return id;
  }

  const digestSchedulers = async (projectId: string) => (await queue.schedulers()).filter((s) => s.id === `weekly-digest-${projectId}`);

  it('starts with both off, saves the fields given, and says whether the project has a webhook', async () => {
    const id = await project('Shop');
    const initial = await inject('GET', `/api/projects/${id}/theme-alerts`);
    expect(initial.statusCode).toBe(200);
    expect(initial.json()).toEqual({ success: true, data: { alertsEnabled: false, digestEnabled: false, minNewThemeSize: 10, webhookConfigured: true } });

    const updated = await inject('PUT', `/api/projects/${id}/theme-alerts`, alice.headers, { alertsEnabled: true, minNewThemeSize: 25 });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().data).toEqual({ alertsEnabled: true, digestEnabled: false, minNewThemeSize: 25, webhookConfigured: true });
    const again = await inject('PUT', `/api/projects/${id}/theme-alerts`, alice.headers, { alertsEnabled: false });
    expect(again.json().data).toEqual({ alertsEnabled: false, digestEnabled: false, minNewThemeSize: 25, webhookConfigured: true });
    expect((await inject('GET', `/api/projects/${id}/theme-alerts`)).json().data.minNewThemeSize).toBe(25);
  });

  it('refuses to turn alerts or the digest on without a webhook, with a 400 that says so', async () => {
    const id = await project('No hook', false);
    for (const field of ['alertsEnabled', 'digestEnabled']) {
      const res = await inject('PUT', `/api/projects/${id}/theme-alerts`, alice.headers, { [field]: true });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'WEBHOOK_NOT_CONFIGURED', details: [{ field }] });
      expect(res.json().message).toContain(field);
      expect(res.json().message).toContain('webhook');
    }
    expect((await inject('GET', `/api/projects/${id}/theme-alerts`)).json().data).toMatchObject({
      alertsEnabled: false,
      digestEnabled: false,
      webhookConfigured: false,
    });
    expect(await digestSchedulers(id)).toEqual([]);
    // Turning them off, or the size alone, needs no webhook.
    expect((await inject('PUT', `/api/projects/${id}/theme-alerts`, alice.headers, { alertsEnabled: false, minNewThemeSize: 3 })).statusCode).toBe(200);
  });

  it.each([
    ['a size of zero', { minNewThemeSize: 0 }, 'minNewThemeSize'],
    ['a fractional size', { minNewThemeSize: 2.5 }, 'minNewThemeSize'],
    ['a string for a flag', { alertsEnabled: 'yes' }, 'alertsEnabled'],
    ['an unknown field', { webhookUrl: 'https://x.example' }, 'webhookUrl'],
  ])('refuses %s with a 400 naming the field', async (_case, payload, field) => {
    const id = await project('Bad input');
    const res = await inject('PUT', `/api/projects/${id}/theme-alerts`, alice.headers, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json().message).toContain(field);
  });

  it("answers 404 for another user's project and an unknown one, on every endpoint", async () => {
    const bobs = await project('Not yours', true, bob.headers);
    for (const projectId of [bobs, randomUUID()]) {
      for (const [method, path, body] of [
        ['GET', 'theme-alerts', undefined],
        ['PUT', 'theme-alerts', { alertsEnabled: true }],
        ['GET', 'digest/preview', undefined],
      ] as const) {
        const res = await inject(method, `/api/projects/${projectId}/${path}`, alice.headers, body);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
      }
    }
    expect((await inject('GET', `/api/projects/${bobs}/theme-alerts`, bob.headers)).json().data.alertsEnabled).toBe(false);
    expect(await digestSchedulers(bobs)).toEqual([]);
  });

  it('keeps a weekly digest job scheduler while the digest is on, and removes it when turned off or the project is deleted', async () => {
    const id = await project('Digest');
    expect(await digestSchedulers(id)).toEqual([]);
    expect((await inject('PUT', `/api/projects/${id}/theme-alerts`, alice.headers, { digestEnabled: true })).statusCode).toBe(200);
    expect(await digestSchedulers(id)).toEqual([{ id: `weekly-digest-${id}`, name: 'weekly-digest', pattern: '0 9 * * 1', every: undefined, tz: 'UTC' }]);
    // Saving it on again keeps one.
    await inject('PUT', `/api/projects/${id}/theme-alerts`, alice.headers, { digestEnabled: true });
    expect(await digestSchedulers(id)).toHaveLength(1);

    await inject('PUT', `/api/projects/${id}/theme-alerts`, alice.headers, { digestEnabled: false });
    expect(await digestSchedulers(id)).toEqual([]);

    await inject('PUT', `/api/projects/${id}/theme-alerts`, alice.headers, { digestEnabled: true });
    expect(await digestSchedulers(id)).toHaveLength(1);
    expect((await inject('DELETE', `/api/projects/${id}`)).statusCode).toBe(200);
    expect(await digestSchedulers(id)).toEqual([]);
  });

  it('renders the digest preview from the latest project-wide result: movers, new themes, two quotes each, escaped', async () => {
    const id = await project('Preview');
    // Three weeks: two full ones before the current week, which the digest leaves out.
    await storeProjectResult(
      db,
      id,
      plantedResult([
        { id: 'th_checkout01', name: 'Checkout errors', weeks: [3, 21, 2], quotes: ['Payment page froze', 'Card declined twice', 'A third quote'] },
        { id: 'th_search0001', name: 'Slow search', weeks: [14, 4, 1], quotes: ['Search takes ages'] },
        { id: 'th_login00001', name: 'Login', weeks: [9, 9, 9] },
        { id: 'th_hostile001', name: HOSTILE, weeks: [0, 8, 1], quotes: [HOSTILE], status: 'new' },
      ]),
    );
    const res = await inject('GET', `/api/projects/${id}/digest/preview`);
    expect(res.statusCode).toBe(200);
    const digest = res.json().data;
    expect(digest.movers.map((m: { themeId: string; lastWeek: number; weekBefore: number }) => [m.themeId, m.lastWeek, m.weekBefore])).toEqual([
      ['th_checkout01', 21, 3],
      ['th_search0001', 4, 14],
    ]);
    expect(digest.movers[0].quotes).toEqual(['Payment page froze', 'Card declined twice']);
    expect(digest.newThemes.map((t: { themeId: string }) => t.themeId)).toEqual(['th_hostile001']);
    expect(digest.newThemes[0].name).toBe(HOSTILE);
    expect(digest.text).toContain('Checkout errors');
    expect(digest.text).toContain('Card declined twice');
    expect(digest.text).toContain('Search takes ages');
    const rendered = JSON.stringify({ text: digest.text, blocks: digest.blocks });
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<https://');
    expect(rendered).not.toMatch(/@here\b/);
    expect(digest.blocks.length).toBeGreaterThan(1);
  });

  it('renders an empty digest for a project without a result', async () => {
    const id = await project('Empty');
    const digest = (await inject('GET', `/api/projects/${id}/digest/preview`)).json().data;
    expect(digest).toMatchObject({ movers: [], newThemes: [] });
    expect(digest.text).toContain('No new themes');
  });
});
