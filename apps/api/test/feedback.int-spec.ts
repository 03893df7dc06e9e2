import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../src/testing.js';
import { newUser } from '@insights/testkit';

interface Created {
  id: string;
  apiKey: string;
}

describe('feedback', () => {
  let app: NestFastifyApplication;
  const owner = newUser();
  const stranger = newUser();
  let project: Created;

  const createProject = async (headers: Record<string, string>): Promise<Created> =>
    (await app.inject({ method: 'POST', url: '/api/projects', headers, payload: { name: 'P' } })).json().data;
  const submit = (apiKey: string | undefined, payload: object) =>
    app.inject({ method: 'POST', url: '/api/feedback', headers: apiKey ? { 'x-api-key': apiKey } : {}, payload });
  const bulk = (projectId: string, items: object[], headers: Record<string, string> = owner.headers) =>
    app.inject({ method: 'POST', url: `/api/projects/${projectId}/feedback/bulk`, headers, payload: { items } });
  const list = (query: string, headers: Record<string, string> = owner.headers) => app.inject({ method: 'GET', url: `/api/feedback?${query}`, headers });
  const generation = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/projects/${id}`, headers: owner.headers })).json().data.feedbackGeneration;

  beforeAll(async () => {
    app = await createTestApp();
    project = await createProject(owner.headers);
  });
  afterAll(async () => {
    await app.close();
  });

  it('accepts widget feedback with the project API key, scores sentiment and bumps the generation', async () => {
    const before = await generation(project.id);
    const res = await submit(project.apiKey, { text: 'I love the new charts, great work', rating: 5, category: 'praise' });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({ projectId: project.id, rating: 5, category: 'praise', sentiment: 'positive' });
    expect(await generation(project.id)).toBe(before + 1);
  });

  it('refuses a missing or unknown API key with 401', async () => {
    expect((await submit(undefined, { text: 'x', rating: 3 })).json().code).toBe('API_KEY_MISSING');
    const res = await submit('fik_' + 'a'.repeat(43), { text: 'x', rating: 3 });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('API_KEY_INVALID');
  });

  it.each([
    ['a rating below 1', { text: 'ok', rating: 0 }, 'rating'],
    ['a rating above 5', { text: 'ok', rating: 6 }, 'rating'],
    ['a fractional rating', { text: 'ok', rating: 2.5 }, 'rating'],
    ['empty text', { text: '', rating: 3 }, 'text'],
    ['blank text', { text: '   \n ', rating: 3 }, 'text'],
    ['huge text', { text: 'x'.repeat(10_001), rating: 3 }, 'text'],
    ['an unknown category', { text: 'ok', rating: 3, category: 'rant' }, 'category'],
    ['an unknown field', { text: 'ok', rating: 3, admin: true }, 'admin'],
    ['a bad email', { text: 'ok', rating: 3, userEmail: 'nope' }, 'userEmail'],
    ['oversized metadata', { text: 'ok', rating: 3, metadata: { blob: 'x'.repeat(9000) } }, 'metadata'],
  ])('refuses %s with a 400 naming the field', async (_case, payload, field) => {
    const res = await submit(project.apiKey, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json().message).toContain(field);
  });

  it('imports up to 1,000 items in one transaction', async () => {
    const target = await createProject(owner.headers);
    const items = Array.from({ length: 1000 }, (_, i) => ({ text: `entry ${i}`, rating: (i % 5) + 1 }));
    const res = await bulk(target.id, items);
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toEqual({ inserted: 1000, feedbackGeneration: 1 });
  });

  it('writes nothing when one item is bad, and names it', async () => {
    const target = await createProject(owner.headers);
    const items = [
      { text: 'fine', rating: 4 },
      { text: 'fine too', rating: 3 },
      { text: 'broken', rating: 9 },
    ];
    const res = await bulk(target.id, items);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('items.2.rating');
    expect((await list(`projectId=${target.id}`)).json().data.items).toHaveLength(0);
    expect(await generation(target.id)).toBe(0);
  });

  it('refuses more than 1,000 items, an empty list and future dates', async () => {
    const tooMany = await bulk(
      project.id,
      Array.from({ length: 1001 }, () => ({ text: 'x', rating: 3 })),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().message).toContain('items');
    expect((await bulk(project.id, [])).statusCode).toBe(400);
    const future = await bulk(project.id, [{ text: 'x', rating: 3, createdAt: '2999-01-01T00:00:00Z' }]);
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toContain('items.0.createdAt');
  });

  it("returns 404 for bulk import into or listing another user's project", async () => {
    const res = await bulk(project.id, [{ text: 'sneaky', rating: 1 }], stranger.headers);
    expect(res.statusCode).toBe(404);
    expect((await list(`projectId=${project.id}`, stranger.headers)).statusCode).toBe(404);
    const strangersAll = (await list('', stranger.headers)).json().data.items;
    expect(strangersAll).toHaveLength(0);
  });

  it('pages with a keyset cursor through every matching entry exactly once', async () => {
    const target = await createProject(owner.headers);
    const sameInstant = '2026-03-01T12:00:00.000Z';
    const items = Array.from({ length: 45 }, (_, i) => ({
      text: `entry ${i}`,
      rating: (i % 5) + 1,
      category: i % 3 === 0 ? 'bug' : 'praise',
      // a third of the entries share one timestamp, so the id tiebreak is exercised
      createdAt: i % 3 === 1 ? sameInstant : new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    }));
    expect((await bulk(target.id, items)).statusCode).toBe(201);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`projectId=${target.id}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page: { items: { id: string; createdAt: string }[]; nextCursor: string | null } = res.json().data;
      seen.push(...page.items.map((f) => f.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);

    const bugs = (await list(`projectId=${target.id}&category=bug&limit=100`)).json().data.items;
    expect(bugs).toHaveLength(15);
    const ranged = (await list(`projectId=${target.id}&startDate=2026-01-01&endDate=2026-01-10&limit=100`)).json().data.items;
    expect(ranged.every((f: { createdAt: string }) => f.createdAt >= '2026-01-01' && f.createdAt < '2026-01-11')).toBe(true);
    expect(ranged.length).toBeGreaterThan(0);
  });

  it('pages through entries stamped by the database clock (microseconds) without repeats or gaps', async () => {
    const target = await createProject(owner.headers);
    for (let i = 0; i < 6; i++) await submit(target.apiKey, { text: `widget entry ${i}`, rating: 3 });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`projectId=${target.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      const page: { items: { text: string }[]; nextCursor: string | null } = res.json().data;
      seen.push(...page.items.map((f) => f.text));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 20);
    expect(seen).toEqual([5, 4, 3, 2, 1, 0].map((i) => `widget entry ${i}`));
  });

  it.each([
    ['a bad cursor', 'cursor=garbage', 'cursor'],
    ['a malformed date', 'startDate=yesterday', 'startDate'],
    ['an inverted range', 'startDate=2026-02-01&endDate=2026-01-01', 'startDate'],
    ['a bad limit', 'limit=0', 'limit'],
    ['a non-numeric limit', 'limit=ten', 'limit'],
    ['a bad project id', 'projectId=123', 'projectId'],
    ['an unknown sentiment', 'sentiment=angry', 'sentiment'],
    ['an unknown parameter', 'sort=desc', 'sort'],
  ])('refuses %s in the listing with a 400 naming it', async (_case, query, field) => {
    const res = await list(query);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(field);
  });
});
