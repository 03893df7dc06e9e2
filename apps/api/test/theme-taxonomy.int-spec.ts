import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse } from 'csv-parse/sync';
import { TwoTierInsightsCache, type ResultOverlay } from '@insights/cache';
import type { InsightsResult } from '@insights/engine';
import { InsightsCacheRepository, type DatabaseHandle } from '@insights/db';
import { InsightsGenerator } from '@insights/generation';
import { DATABASE } from '@insights/platform';
import { demoFeedback, eventually, newUser } from '@insights/testkit';
import { InsightsReadService } from '../src/insights/insights-read.service.js';
import { ScopeIdentityService } from '../src/insights/scope-identity.service.js';
import { createTestApp } from '../src/testing.js';

interface ThemeView {
  id: string;
  name: string;
  count: number;
  edited?: { modelName?: string; mergedIds?: string[] };
}

/**
 * A project's taxonomy through the API: its owner renames, merges and hides themes of the latest
 * result and undoes each; every read shows the edit at once (the hot tier's body, a completed
 * job's answer held in memory, the export), and bad requests say what is wrong.
 */
describe('a project’s taxonomy', () => {
  let app: NestFastifyApplication;
  let handle: DatabaseHandle;
  const owner = newUser();
  const stranger = newUser();
  let projectId: string;
  let result: InsightsResult;
  const ids: string[] = [];

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers = owner.headers) =>
    app.inject({ method, url: `/api/projects/${projectId}${url}`, headers, ...(payload ? { payload } : {}) });
  const read = () => app.inject({ method: 'GET', url: `/api/insights?projectId=${projectId}`, headers: owner.headers });
  const names = (themes: { name: string }[]) => themes.map((t) => t.name);

  beforeAll(async () => {
    app = await createTestApp((config) => ({ ...config, redis: { ...config.redis, keyPrefix: `${config.redis.keyPrefix}-taxonomy` } }));
    handle = app.get<DatabaseHandle>(DATABASE);
    projectId = (await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'Taxonomy' } })).json().data.id;
    const items = [...demoFeedback({ count: 200, seed: 12 })].map((f) => ({ text: f.text, rating: f.rating }));
    await app.inject({ method: 'POST', url: `/api/projects/${projectId}/feedback/bulk`, headers: owner.headers, payload: { items } });
    const userId = (await handle.pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [owner.sub])).rows[0]!.id;
    const identity = await app.get(ScopeIdentityService).resolve(userId, projectId, {});
    const generated = await app.get(InsightsGenerator).generate({ userId, projectId, filters: {} });
    // Ids as a result with theme identity carries them.
    result = { ...generated, themes: generated.themes.map((t, i) => ({ ...t, id: `th_${String(i).padStart(10, '0')}` })) };
    result.painPoints = result.themes.filter((t) => t.kind === 'pain_point');
    result.featureRequests = result.themes.filter((t) => t.kind === 'feature_request');
    result.praise = result.themes.filter((t) => t.kind === 'praise');
    ids.push(...result.themes.map((t) => t.id!));
    expect(ids.length).toBeGreaterThanOrEqual(4);
    await app.get(TwoTierInsightsCache).put({ ...identity, feedbackGeneration: identity.generation, result });
  });
  afterAll(() => app?.close());

  async function ownerId(): Promise<string> {
    return (await handle.pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [owner.sub])).rows[0]!.id;
  }

  it('lists the latest result’s themes with their ids, and no edits yet', async () => {
    const listed = await api('GET', '/themes');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data).toMatchObject({ generatedAt: result.generatedAt, hidden: [], edits: [] });
    expect(listed.json().data.themes.map((t: ThemeView) => [t.id, t.name, t.count])).toEqual(result.themes.map((t) => [t.id, t.name, t.count]));
  });

  it('renames a theme in the cached read at once, served again from the hot tier, and in a completed job’s answer', async () => {
    const job = await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: owner.headers, payload: { projectId } });
    const jobId = job.json().data.jobId as string;
    const poll = () => app.inject({ method: 'GET', url: `/api/insights/jobs/${jobId}`, headers: owner.headers });
    // Both answers are held before the edit: the hot tier's body, the job's bytes in memory.
    expect(names((await read()).json().data.themes)[0]).toBe(result.themes[0]!.name);
    expect(names((await poll()).json().data.result.themes)[0]).toBe(result.themes[0]!.name);
    expect(names((await poll()).json().data.result.themes)[0]).toBe(result.themes[0]!.name);

    const renamed = await api('POST', `/themes/${ids[0]}/rename`, { name: '  Checkout failures ' });
    expect(renamed.statusCode).toBe(201);
    expect(renamed.json().data).toMatchObject({ action: 'rename', themeId: ids[0], name: 'Checkout failures', intoThemeId: null, undoneAt: null });

    const first = (await read()).json();
    expect(first.data.themes[0]).toMatchObject({ id: ids[0], name: 'Checkout failures', edited: { modelName: result.themes[0]!.name } });
    expect(first.data.keyThemes[0]).toBe('Checkout failures');
    // The rebuilt body is in the hot tier again: the next read is answered before the controller.
    const controllerReads = jest.spyOn(app.get(InsightsReadService), 'read');
    const again = await read();
    expect(controllerReads).not.toHaveBeenCalled();
    controllerReads.mockRestore();
    expect(again.body).toBe(JSON.stringify(first));
    expect(names((await poll()).json().data.result.themes)[0]).toBe('Checkout failures');
  });

  it('merges one theme into another and hides a third, in the list, the cached read and the export', async () => {
    const merged = await api('POST', `/themes/${ids[2]}/merge`, { intoThemeId: ids[1] });
    expect(merged.statusCode).toBe(201);
    const hidden = await api('POST', `/themes/${ids[3]}/hide`);
    expect(hidden.statusCode).toBe(201);

    const listed = (await api('GET', '/themes')).json().data;
    expect(listed.themes.map((t: ThemeView) => t.id)).not.toContain(ids[2]);
    expect(listed.themes.map((t: ThemeView) => t.id)).not.toContain(ids[3]);
    expect(listed.themes.find((t: ThemeView) => t.id === ids[1]).edited).toEqual({ mergedIds: [ids[2]] });
    expect(listed.hidden).toEqual([{ id: ids[3], name: result.themes[3]!.name, count: result.themes[3]!.count }]);
    expect(listed.edits.map((e: { action: string }) => e.action)).toEqual(['rename', 'merge', 'hide']);

    const body = (await read()).json().data;
    expect(body.themes.map((t: ThemeView) => t.id)).not.toContain(ids[3]);
    expect(body.hiddenThemes).toEqual(listed.hidden);
    expect(body.insights.map((i: { title: string }) => i.title)).not.toContain(result.themes[3]!.name);
    expect(body.compact.themesTotal).toBe(result.themes.length - 2);

    const csv = await app.inject({ method: 'GET', url: `/api/insights/${projectId}/export?format=csv`, headers: owner.headers });
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    const exported = rows.map((r) => r.name);
    expect(exported).toContain('Checkout failures');
    expect(exported).not.toContain(result.themes[3]!.name);
    expect(exported).not.toContain(result.themes[2]!.name);
  });

  it('refuses bad edits, naming what is wrong', async () => {
    const message = async (method: 'POST' | 'DELETE', url: string, payload?: object) => {
      const response = await api(method, url, payload);
      return [response.statusCode, response.json().code, response.json().message];
    };
    expect(await message('POST', `/themes/${ids[0]}/rename`, { name: '   ' })).toEqual([
      400,
      'VALIDATION_FAILED',
      expect.stringContaining('name must be 1 to 80'),
    ]);
    expect(await message('POST', `/themes/${ids[0]}/rename`, { name: 'x'.repeat(81) })).toEqual([
      400,
      'VALIDATION_FAILED',
      expect.stringContaining('name must be 1 to 80'),
    ]);
    expect(await message('POST', `/themes/${ids[0]}/rename`, { name: 'bell\u0007' })).toEqual([
      400,
      'VALIDATION_FAILED',
      expect.stringContaining('control characters'),
    ]);
    expect(await message('POST', `/themes/${ids[0]}/rename`, {})).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining('name')]);
    expect(await message('POST', `/themes/${ids[0]}/merge`, { intoThemeId: ids[0] })).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining('itself')]);
    expect(await message('POST', `/themes/${ids[0]}/merge`, { intoThemeId: 'th_zzzzzzzzzz' })).toEqual([
      400,
      'VALIDATION_FAILED',
      expect.stringContaining('intoThemeId th_zzzzzzzzzz is not a theme'),
    ]);
    expect(await message('POST', `/themes/${ids[0]}/merge`, { intoThemeId: 'nope' })).toEqual([
      400,
      'VALIDATION_FAILED',
      expect.stringContaining('intoThemeId must be a theme id'),
    ]);
    expect(await message('POST', `/themes/${ids[0]}/merge`, { intoThemeId: ids[3] })).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining('hidden')]);
    expect(await message('POST', `/themes/${ids[1]}/merge`, { intoThemeId: ids[2] })).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining('circle')]);
    expect(await message('POST', `/themes/${ids[2]}/hide`)).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining(`merged into ${ids[1]}`)]);
    expect(await message('POST', `/themes/${ids[3]}/hide`)).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining('already hidden')]);
    expect(await message('POST', '/themes/not-a-theme/hide')).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining('themeId must be a theme id')]);
    expect(await message('POST', '/themes/th_zzzzzzzzzz/hide')).toEqual([404, 'THEME_NOT_FOUND', expect.stringContaining('th_zzzzzzzzzz')]);
    expect(await message('DELETE', '/theme-edits/00000000-0000-4000-8000-000000000000')).toEqual([404, 'THEME_EDIT_NOT_FOUND', expect.any(String)]);
    expect(await message('DELETE', '/theme-edits/nope')).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining('editId')]);
  });

  it('answers 404 to another user for every theme endpoint, and changes nothing', async () => {
    const edits = (await api('GET', '/themes')).json().data.edits as { id: string }[];
    const calls = [
      api('GET', '/themes', undefined, stranger.headers),
      api('POST', `/themes/${ids[0]}/rename`, { name: 'Mine now' }, stranger.headers),
      api('POST', `/themes/${ids[4] ?? ids[0]}/hide`, undefined, stranger.headers),
      api('POST', `/themes/${ids[0]}/merge`, { intoThemeId: ids[1] }, stranger.headers),
      api('DELETE', `/theme-edits/${edits[0]!.id}`, undefined, stranger.headers),
    ];
    for (const response of await Promise.all(calls)) expect([response.statusCode, response.json().code]).toEqual([404, 'PROJECT_NOT_FOUND']);
    expect((await api('GET', '/themes')).json().data.edits).toEqual(edits);
  });

  it('drops a held job answer when another process edits the taxonomy (the Postgres notice)', async () => {
    const job = await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: owner.headers, payload: { projectId } });
    const poll = async () =>
      (await app.inject({ method: 'GET', url: `/api/insights/jobs/${job.json().data.jobId}`, headers: owner.headers })).json().data.result;
    const before = await poll();
    expect((await poll()).themes.find((t: ThemeView) => t.id === ids[1]).name).toBe(before.themes.find((t: ThemeView) => t.id === ids[1]).name);
    // Another API process's edit: its row, then its notice; nothing of this process is called.
    const { rows } = await handle.pool.query<{ id: string }>(
      `insert into insights_theme_edits (project_id, action, theme_id, name) values ($1, 'rename', $2, 'Renamed elsewhere') returning id`,
      [projectId, ids[1]],
    );
    await handle.pool.query(`select pg_notify('insights_project_taxonomy', $1)`, [projectId]);
    await eventually(async () => (await poll()).themes.find((t: ThemeView) => t.id === ids[1])?.name === 'Renamed elsewhere', 10_000, 'the renamed theme');
    await handle.pool.query(`update insights_theme_edits set undone_at = now() where id = $1`, [rows[0]!.id]);
    await handle.pool.query(`select pg_notify('insights_project_taxonomy', $1)`, [projectId]);
    await eventually(async () => (await poll()).themes.find((t: ThemeView) => t.id === ids[1])?.name === result.themes[1]!.name, 10_000, 'the model’s name');
  });

  it('takes back a hot-tier body written across an edit (the edits in force changed while it was built)', async () => {
    // The app's cache-manager instance (the token @nestjs/cache-manager registers it under).
    const redis = app.get<ConstructorParameters<typeof TwoTierInsightsCache>[0]>('CACHE_MANAGER');
    const repo = app.get(InsightsCacheRepository);
    const identity = { ...(await app.get(ScopeIdentityService).resolve(await ownerId(), projectId, {})) };
    let stamps = 0;
    const racing: ResultOverlay = {
      apply: (_projectId, stored) => Promise.resolve(stored),
      applyJson: (_projectId, json) => Promise.resolve(json),
      // An edit commits between the read before the body is built and the read after it is written.
      stamp: () => Promise.resolve(String(stamps++)),
    };
    const steady: ResultOverlay = { ...racing, stamp: () => Promise.resolve('same') };
    const entry = { ...identity, cacheKey: `${identity.cacheKey}-race`, feedbackGeneration: identity.generation, result };
    await new TwoTierInsightsCache(redis, repo, 60_000, steady).put(entry);
    expect(await redis.get(entry.cacheKey)).toBeDefined();
    await new TwoTierInsightsCache(redis, repo, 60_000, racing).put(entry);
    expect(stamps).toBe(2);
    expect(await redis.get(entry.cacheKey)).toBeUndefined();
  });

  it('undoes each edit, restoring the model’s themes in every read', async () => {
    const edits = (await api('GET', '/themes')).json().data.edits as { id: string; action: string }[];
    for (const edit of edits) {
      const undone = await api('DELETE', `/theme-edits/${edit.id}`);
      expect(undone.statusCode).toBe(200);
      expect(undone.json().data).toMatchObject({ id: edit.id, action: edit.action, undoneAt: expect.any(String) });
    }
    const again = await api('DELETE', `/theme-edits/${edits[0]!.id}`);
    expect([again.statusCode, again.json().code]).toEqual([404, 'THEME_EDIT_NOT_FOUND']);
    const listed = (await api('GET', '/themes')).json().data;
    expect(listed).toMatchObject({ hidden: [], edits: [] });
    expect(listed.themes.map((t: ThemeView) => [t.id, t.name, t.count, t.edited])).toEqual(result.themes.map((t) => [t.id, t.name, t.count, undefined]));
    const body = (await read()).json().data;
    expect(names(body.themes)).toEqual(names(result.themes).slice(0, body.themes.length));
    expect(body).not.toHaveProperty('hiddenThemes');
  });
});
