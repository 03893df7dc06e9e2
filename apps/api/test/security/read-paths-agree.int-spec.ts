import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TwoTierInsightsCache } from '@insights/cache';
import type { DatabaseHandle } from '@insights/db';
import { InsightsGenerator } from '@insights/generation';
import { DATABASE } from '@insights/platform';
import { demoFeedback, eventually, bearer, newUser, tokenFor } from '@insights/testkit';
import { ScopeIdentityService } from '../../src/insights/scope-identity.service.js';
import { clip } from './support.js';
import { createTestApp } from '../../src/testing.js';

interface Answer {
  status: number;
  type: string;
  body: string;
}

/**
 * The cached read has two doors: the dashboard's plain `GET /api/insights?projectId=<id>`, which
 * a Fastify hook answers from Redis before Nest, and the same request with any other query
 * parameter, which the controller answers. Whatever the request (a token that expired, a token
 * for another origin, another user's project, an id spelled in upper case, a project deleted or
 * given to someone else by the existing backend's own SQL), both doors must give the same
 * status and the same bytes, and that answer must be the right one.
 */
describe('the two doors of the cached read', () => {
  let app: NestFastifyApplication;
  let handle: DatabaseHandle;
  const owner = newUser();
  const stranger = newUser();
  const problems: string[] = [];

  const get = async (url: string, headers: Record<string, string>): Promise<Answer> => {
    const res = await app.inject({ method: 'GET', url, headers });
    return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body };
  };
  /** The fast path's request, then the controller's (forceRefresh=false changes nothing but the door). */
  const bothDoors = async (projectId: string, headers: Record<string, string>): Promise<[Answer, Answer]> => [
    await get(`/api/insights?projectId=${projectId}`, headers),
    await get(`/api/insights?projectId=${projectId}&forceRefresh=false`, headers),
  ];
  const jobRows = async (projectId: string): Promise<number> =>
    Number((await handle.pool.query<{ n: string }>('select count(*) as n from insights_jobs where project_id = $1', [projectId])).rows[0]!.n);

  /** Both doors for one case: equal to each other, and to the expected status, code or body. */
  async function check(
    label: string,
    projectId: string,
    headers: Record<string, string>,
    expected: { status: number; code?: string; body?: string },
  ): Promise<void> {
    const [fast, controller] = await bothDoors(projectId, headers);
    const seen = `fast ${fast.status} ${clip(fast.body, 120)} | controller ${controller.status} ${clip(controller.body, 120)}`;
    if (fast.status !== controller.status || fast.body !== controller.body || fast.type !== controller.type)
      problems.push(`${label}: the doors differ: ${seen}`);
    if (fast.status !== expected.status) problems.push(`${label}: expected ${expected.status}: ${seen}`);
    if (expected.code && !fast.body.includes(`"code":"${expected.code}"`)) problems.push(`${label}: expected code ${expected.code}: ${seen}`);
    if (expected.body !== undefined && fast.body !== expected.body) problems.push(`${label}: not the stored answer: ${seen}`);
  }
  const assertAgreed = () => {
    const found = problems.splice(0);
    if (found.length) throw new Error(`${found.length} disagreement(s):\n  ${found.join('\n  ')}`);
  };

  async function cachedProject(name: string): Promise<{ id: string; body: string }> {
    const created = await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name } });
    const id = created.json().data.id as string;
    const items = [...demoFeedback({ count: 60, seed: 7 })].map((f) => ({ text: f.text, rating: f.rating }));
    await app.inject({ method: 'POST', url: `/api/projects/${id}/feedback/bulk`, headers: owner.headers, payload: { items } });
    const userId = (await handle.pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [owner.sub])).rows[0]!.id;
    const identity = await app.get(ScopeIdentityService).resolve(userId, id, {});
    const result = await app.get(InsightsGenerator).generate({ userId, projectId: id, filters: {} });
    await app.get(TwoTierInsightsCache).put({ ...identity, feedbackGeneration: identity.generation, result });
    const hit = await eventually(
      async () => {
        const answer = await get(`/api/insights?projectId=${id}`, owner.headers);
        return answer.status === 200 ? answer : undefined;
      },
      10_000,
      'the cached read',
    );
    return { id, body: hit.body };
  }

  beforeAll(async () => {
    app = await createTestApp();
    handle = app.get<DatabaseHandle>(DATABASE);
    // The stranger exists as a user, so ownership can be handed over in SQL.
    await app.inject({ method: 'GET', url: '/api/projects', headers: stranger.headers });
  });
  afterAll(() => app?.close());

  it('agrees on tokens: expired, expired while remembered, issued for another origin', async () => {
    const { id, body } = await cachedProject('Tokens');
    await check('owner', id, owner.headers, { status: 200, body });
    await check('expired token', id, bearer(tokenFor({ sub: owner.sub, expiresIn: -120 })), { status: 401, code: 'AUTH_TOKEN_EXPIRED' });
    await check('other authorised party', id, bearer(tokenFor({ sub: owner.sub, azp: 'https://evil.example' })), {
      status: 401,
      code: 'AUTH_TOKEN_WRONG_PARTY',
    });
    // A token both doors accepted (and remembered) must stop working when it expires.
    const shortLived = bearer(tokenFor({ sub: owner.sub, expiresIn: 2 }));
    await check('short-lived token, still valid', id, shortLived, { status: 200, body });
    // Clerk's verification allows 5 s of clock skew past exp.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    await check('short-lived token, expired since', id, shortLived, { status: 401, code: 'AUTH_TOKEN_EXPIRED' });
    assertAgreed();
  });

  it('agrees on another user’s project and on an id spelled in upper case, and queues nothing for it', async () => {
    const { id, body } = await cachedProject('Spelling');
    const rowsBefore = await jobRows(id);
    await check('foreign project', id, stranger.headers, { status: 404, code: 'PROJECT_NOT_FOUND' });
    await check('foreign project, upper case', id.toUpperCase(), stranger.headers, { status: 404, code: 'PROJECT_NOT_FOUND' });
    await check('upper-case id', id.toUpperCase(), owner.headers, { status: 200, body });
    const mixed = id.replace(/[a-f]/g, (c, at: number) => (at % 2 ? c.toUpperCase() : c));
    await check('mixed-case id', mixed, owner.headers, { status: 200, body });
    expect(await jobRows(id)).toBe(rowsBefore);
    assertAgreed();
  });

  it('agrees once the existing backend hands the project to another user in SQL', async () => {
    const { id, body } = await cachedProject('Handed over');
    // Both spellings are remembered before the change.
    await check('before, upper case', id.toUpperCase(), owner.headers, { status: 200, body });
    await handle.pool.query('update projects set user_id = (select id from users where clerk_user_id = $1), updated_at = now() where id = $2', [
      stranger.sub,
      id,
    ]);
    await eventually(async () => (await get(`/api/insights?projectId=${id}`, owner.headers)).status === 404, 10_000, 'the change to reach the API');
    for (const spelling of [id, id.toUpperCase()]) {
      await check(`former owner (${spelling === id ? 'lower' : 'upper'} case)`, spelling, owner.headers, { status: 404, code: 'PROJECT_NOT_FOUND' });
      await check(`new owner (${spelling === id ? 'lower' : 'upper'} case)`, spelling, stranger.headers, { status: 200, body });
    }
    assertAgreed();
  });

  it('agrees that a project deleted by the existing backend’s SQL is not found, in any spelling, and queues nothing', async () => {
    const { id, body } = await cachedProject('Deleted in SQL');
    await check('before, upper case', id.toUpperCase(), owner.headers, { status: 200, body });
    await handle.pool.query('delete from projects where id = $1', [id]);
    await eventually(async () => (await get(`/api/insights?projectId=${id}`, owner.headers)).status === 404, 10_000, 'the deletion to reach the API');
    for (const spelling of [id, id.toUpperCase()]) {
      await check(`deleted (${spelling === id ? 'lower' : 'upper'} case)`, spelling, owner.headers, { status: 404, code: 'PROJECT_NOT_FOUND' });
    }
    expect(await jobRows(id)).toBe(0);
    assertAgreed();
  });

  it('agrees that a project deleted through the API is not found at once, in any spelling', async () => {
    const { id, body } = await cachedProject('Deleted by the API');
    await check('before, upper case', id.toUpperCase(), owner.headers, { status: 200, body });
    const deleted = await app.inject({ method: 'DELETE', url: `/api/projects/${id.toUpperCase()}`, headers: owner.headers });
    expect(deleted.statusCode).toBeLessThan(300);
    for (const spelling of [id, id.toUpperCase()]) {
      await check(`deleted (${spelling === id ? 'lower' : 'upper'} case)`, spelling, owner.headers, { status: 404, code: 'PROJECT_NOT_FOUND' });
    }
    expect(await jobRows(id)).toBe(0);
    assertAgreed();
  });
});
