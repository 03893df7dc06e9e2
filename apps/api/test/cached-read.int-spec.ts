import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TwoTierInsightsCache } from '@insights/cache';
import { COMPACT_IDS, COMPACT_THEMES, type InsightsResult } from '@insights/engine';
import type { DatabaseHandle } from '@insights/db';
import { InsightsGenerator } from '@insights/generation';
import { DATABASE } from '@insights/platform';
import { demoFeedback, eventually, newUser } from '@insights/testkit';
import { InsightsReadService } from '../src/insights/insights-read.service.js';
import { ScopeIdentityService } from '../src/insights/scope-identity.service.js';
import { createTestApp } from '../src/testing.js';

/**
 * The dashboard's hot path: a fresh cached read is the stored body (compact), with no database
 * statement; writes made anywhere (this API or the existing backend's own SQL) reach it through
 * Postgres notices; the evidence behind a theme is paged from its own endpoint.
 */
describe('the cached read', () => {
  let app: NestFastifyApplication;
  let handle: DatabaseHandle;
  const owner = newUser();
  const stranger = newUser();
  let projectId: string;
  let result: InsightsResult;
  let statements = 0;

  const read = (headers = owner.headers, id = projectId) => app.inject({ method: 'GET', url: `/api/insights?projectId=${id}`, headers });
  const evidence = (query: string, headers = owner.headers) => app.inject({ method: 'GET', url: `/api/insights/${projectId}/evidence?${query}`, headers });
  /** Statements the API sent to Postgres while `action` ran (every query goes through the pool). */
  const counted = async <T>(action: () => Promise<T>): Promise<[T, number]> => {
    const before = statements;
    const value = await action();
    return [value, statements - before];
  };

  async function store(): Promise<string> {
    const userId = (await handle.pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [owner.sub])).rows[0]!.id;
    const identity = await app.get(ScopeIdentityService).resolve(userId, projectId, {});
    result = await app.get(InsightsGenerator).generate({ userId, projectId, filters: {} });
    await app.get(TwoTierInsightsCache).put({ ...identity, feedbackGeneration: identity.generation, result });
    return identity.cacheKey;
  }

  beforeAll(async () => {
    // A stale read queues a refresh: on a queue of its own, so no other suite's worker (with
    // another provider, naming themes differently) runs it and replaces the result stored here.
    app = await createTestApp((config) => ({ ...config, redis: { ...config.redis, keyPrefix: `${config.redis.keyPrefix}-cached-read` } }));
    handle = app.get<DatabaseHandle>(DATABASE);
    const query = handle.pool.query.bind(handle.pool) as (...args: unknown[]) => unknown;
    (handle.pool as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      statements++;
      return query(...args);
    };
    const created = await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'Hot path' } });
    projectId = created.json().data.id;
    const items = [...demoFeedback({ count: 600, seed: 21 })].map((f) => ({ text: f.text, rating: f.rating }));
    await app.inject({ method: 'POST', url: `/api/projects/${projectId}/feedback/bulk`, headers: owner.headers, payload: { items } });
    await store();
  });
  afterAll(() => app?.close());

  it('answers a fresh hit with the compact result, before the controller and with no database statement', async () => {
    // The first reads learn the project's owner and generation (once the notice channel is up).
    await eventually(async () => (await counted(() => read()))[1] === 0, 10_000, 'a read without statements');
    const controllerReads = jest.spyOn(app.get(InsightsReadService), 'read');
    const [responses, used] = await counted(() => Promise.all(Array.from({ length: 20 }, () => read())));
    expect(used).toBe(0);
    expect(controllerReads).not.toHaveBeenCalled();
    // Any other query is the controller's, and answers the same bytes.
    const withOption = await app.inject({ method: 'GET', url: `/api/insights?projectId=${projectId}&forceRefresh=false`, headers: owner.headers });
    expect(controllerReads).toHaveBeenCalledTimes(1);
    controllerReads.mockRestore();
    expect(withOption.body).toBe(responses[0]!.body);
    expect(withOption.headers['content-type']).toBe(responses[0]!.headers['content-type']);
    // The early answer carries the same security headers as any other.
    for (const name of ['x-content-type-options', 'strict-transport-security', 'x-frame-options', 'cross-origin-resource-policy']) {
      expect([name, responses[0]!.headers[name]]).toEqual([name, withOption.headers[name]]);
      expect(responses[0]!.headers[name]).toBeTruthy();
    }
    const body = responses[0]!.json();
    expect(responses.every((r) => r.statusCode === 200 && r.body === responses[0]!.body)).toBe(true);
    expect(body).toMatchObject({ success: true, cached: true, stale: false, data: { cached: true, stale: false } });
    expect(body.data.compact.themesTotal).toBe(result.themes.length);
    expect(body.data.themes.map((t: { name: string }) => t.name)).toEqual(result.themes.slice(0, COMPACT_THEMES).map((t) => t.name));
    expect(body.data.themes.every((t: { feedbackIds: string[] }) => t.feedbackIds.length <= COMPACT_IDS)).toBe(true);
    expect(body.data).not.toHaveProperty('painPoints');
    expect(Buffer.byteLength(responses[0]!.body)).toBeLessThan(JSON.stringify(result).length / 2);
  });

  it('leaves another user’s project, a bad token and a malformed id to the controller’s errors', async () => {
    const foreign = await read(stranger.headers);
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'PROJECT_NOT_FOUND']);
    const badToken = await read({ authorization: 'Bearer not.a.token' });
    expect([badToken.statusCode, badToken.json().code]).toEqual([401, 'AUTH_TOKEN_INVALID']);
    const malformed = await read(owner.headers, 'not-a-uuid');
    expect([malformed.statusCode, malformed.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('sees a feedback write made outside the API (the existing backend’s own SQL) and serves the result as stale', async () => {
    await handle.pool.query(`insert into feedback (project_id, text, rating) values ($1, 'Written by the widget directly', 2)`, [projectId]);
    const stale = await eventually(
      async () => {
        const body = (await read()).json();
        return body.stale === true ? body : undefined;
      },
      10_000,
      'the stale read',
    );
    expect(stale.data.compact.themesTotal).toBe(result.themes.length);
  });

  it('pages the evidence behind a theme, all of it once, in the result’s order', async () => {
    await store();
    const theme = result.themes.find((t) => t.feedbackIds.length > 5)!;
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await evidence(`theme=${encodeURIComponent(theme.name)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      const data = page.json().data as { feedbackIds: string[]; nextCursor: string | null; count: number; listed: number };
      expect(data.feedbackIds.length).toBeLessThanOrEqual(2);
      expect(data).toMatchObject({ count: theme.count, listed: theme.feedbackIds.length });
      ids.push(...data.feedbackIds);
      cursor = data.nextCursor;
      pages++;
    } while (cursor);
    expect(ids).toEqual(theme.feedbackIds);
    expect(pages).toBe(Math.ceil(theme.feedbackIds.length / 2));
  });

  it('says what is wrong with an evidence request: unknown theme, bad cursor, another user, a regenerated result', async () => {
    const theme = result.themes.find((t) => t.feedbackIds.length > 2)!;
    const unknown = await evidence('theme=No%20such%20theme');
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'THEME_NOT_FOUND']);
    const missing = await evidence('limit=2');
    expect([missing.statusCode, missing.json().message]).toEqual([400, expect.stringContaining('theme')]);
    const badCursor = await evidence(`theme=${encodeURIComponent(theme.name)}&cursor=bm90LWEtY3Vyc29y`);
    expect([badCursor.statusCode, badCursor.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await evidence(`theme=${encodeURIComponent(theme.name)}`, stranger.headers)).statusCode).toBe(404);

    const first = (await evidence(`theme=${encodeURIComponent(theme.name)}&limit=1`)).json().data as { nextCursor: string };
    await handle.pool.query(`insert into feedback (project_id, text, rating) values ($1, 'One more entry', 5)`, [projectId]);
    await eventually(async () => (await read()).json().stale === true, 10_000, 'the new generation');
    await store();
    const later = await evidence(`theme=${encodeURIComponent(theme.name)}&cursor=${first.nextCursor}`);
    expect([later.statusCode, later.json().code]).toEqual([409, 'SNAPSHOT_CHANGED']);
  });

  it('forgets a project the existing backend deleted', async () => {
    await handle.pool.query('delete from projects where id = $1', [projectId]);
    await eventually(async () => (await read()).statusCode === 404, 10_000, 'the 404');
  });
});
