import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createDatabase, InsightsJobsRepository, type DatabaseHandle, type NewInsightsJob } from '@insights/db';
import { createTestApp } from '../src/testing.js';
import { newUser } from '@insights/testkit';

type Headers = Record<string, string>;

describe('job history: GET /api/insights/jobs', () => {
  let app: NestFastifyApplication;
  let db: DatabaseHandle;
  let jobs: InsightsJobsRepository;
  const owner = newUser();
  const stranger = newUser();
  let projectA: string;
  let projectB: string;
  const written: { id: string; projectId: string | null; status: string; createdAt: Date }[] = [];

  const get = (headers: Headers, query = '') => app.inject({ method: 'GET', url: `/api/insights/jobs${query}`, headers });
  const project = async (headers: Headers) =>
    (await app.inject({ method: 'POST', url: '/api/projects', headers, payload: { name: 'h' } })).json().data.id as string;
  const userId = async (sub: string) => (await db.pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [sub])).rows[0]!.id;

  /** Every page from the first, following nextCursor. */
  async function allPages(headers: Headers, query: string, limit: number) {
    const pages: { jobId: string; status: string; result?: unknown; filters: object }[][] = [];
    let cursor: string | null = null;
    do {
      const response = await get(headers, `?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const { items, nextCursor } = response.json().data;
      pages.push(items);
      cursor = nextCursor;
    } while (cursor && pages.length < 50);
    return pages;
  }

  beforeAll(async () => {
    app = await createTestApp();
    db = createDatabase(process.env.DATABASE_URL!);
    jobs = new InsightsJobsRepository(db.db);
    [projectA, projectB] = [await project(owner.headers), await project(owner.headers)];
    const strangerProject = await project(stranger.headers);
    const [ownerId, strangerId] = [await userId(owner.sub), await userId(stranger.sub)];
    const base = Date.UTC(2026, 10, 1, 12);
    const statuses = ['completed', 'failed', 'pending', 'cancelled', 'completed'] as const;
    for (let i = 0; i < 23; i++) {
      // Groups of three share a timestamp (microseconds apart in real life, equal here): the id breaks ties.
      const createdAt = new Date(base + Math.floor(i / 3) * 60_000);
      const row: NewInsightsJob = {
        id: `hist${String(i).padStart(3, '0')}${owner.sub.slice(-6)}`,
        userId: ownerId,
        projectId: i === 22 ? null : i % 2 ? projectB : projectA,
        status: statuses[i % statuses.length],
        filters: { startDate: '2026-01-01' },
        result: statuses[i % statuses.length] === 'completed' ? { summary: 'large' } : null,
        createdAt,
      };
      await jobs.create(row);
      written.push({ id: row.id!, projectId: row.projectId ?? null, status: row.status!, createdAt });
    }
    await jobs.create({ id: `histstranger${stranger.sub.slice(-6)}`, userId: strangerId, projectId: strangerProject, status: 'completed' });
  });
  afterAll(async () => {
    await db?.close();
    await app?.close();
  });

  const newestFirst = (rows: typeof written) =>
    [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.id);

  it('pages through every job of the caller once, newest first, without results', async () => {
    const pages = await allPages(owner.headers, '', 10);
    expect(pages.map((page) => page.length)).toEqual([10, 10, 3]);
    const items = pages.flat();
    expect(items.map((item) => item.jobId)).toEqual(newestFirst(written));
    expect(items.every((item) => !('result' in item))).toBe(true);
    expect(items[0]).toMatchObject({ filters: { startDate: '2026-01-01' } });
  });

  it('filters by project and by status', async () => {
    const inB = (await allPages(owner.headers, `&projectId=${projectB}`, 4)).flat();
    expect(inB.map((item) => item.jobId)).toEqual(newestFirst(written.filter((r) => r.projectId === projectB)));
    const failedInA = (await allPages(owner.headers, `&projectId=${projectA}&status=failed`, 100)).flat();
    expect(failedInA.map((item) => item.jobId)).toEqual(newestFirst(written.filter((r) => r.projectId === projectA && r.status === 'failed')));
    expect(failedInA.length).toBeGreaterThan(0);
  });

  it('shows a stranger only their own jobs, and another user’s project as 404', async () => {
    const theirs = (await allPages(stranger.headers, '', 100)).flat();
    expect(theirs).toHaveLength(1);
    const foreign = await get(stranger.headers, `?projectId=${projectA}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });

  it('refuses a bad status, limit or cursor with a 400 naming it', async () => {
    for (const [query, field] of [
      ['?status=done', 'status'],
      ['?limit=0', 'limit'],
      ['?limit=many', 'limit'],
      ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['?projectId=nope', 'projectId'],
    ] as const) {
      const response = await get(owner.headers, query);
      expect({ query, status: response.statusCode }).toEqual({ query, status: 400 });
      expect(response.json().message).toContain(field);
    }
  });
});
