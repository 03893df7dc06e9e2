import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createInsightsClient, InsightsApiError, type InsightsClient } from '../src/index.js';
import { ApiProcess, newUser } from '@insights/testkit';

type Json = Record<string, any>;

/** Search, one entry and similar entries over HTTP against the built API, through the typed client too. */
describe('feedback search over HTTP', () => {
  let api: ApiProcess;
  let client: InsightsClient;
  const owner = newUser();
  const stranger = newUser();
  let projectId: string;
  let strangerProjectId: string;
  let strangerEntryId: string;
  const ids: Record<string, string> = {};

  const call = async (path: string, as: Record<string, string> = owner.headers, init: RequestInit = {}) => {
    const response = await fetch(`${api.url}${path}`, { ...init, headers: { ...as, 'content-type': 'application/json' } });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const post = (path: string, body: unknown, as: Record<string, string> = owner.headers) => call(path, as, { method: 'POST', body: JSON.stringify(body) });

  const entries = [
    { name: 'csv', text: 'Export to CSV is broken: the CSV export never finishes', rating: 1, category: 'bug', createdAt: '2026-03-01T10:00:00Z' },
    { name: 'pdf', text: 'Please add an export to PDF', rating: 4, category: 'feature', createdAt: '2026-03-02T10:00:00Z' },
    {
      name: 'german',
      text: 'Die Exporte nach Excel dauern sehr lange',
      rating: 2,
      category: 'complaint',
      createdAt: '2026-03-03T10:00:00Z',
      metadata: { locale: 'de-DE' },
    },
    { name: 'russian', text: 'Экспорт в Excel работает медленно', rating: 2, category: 'complaint', createdAt: '2026-03-04T10:00:00Z' },
    { name: 'csvTwin', text: 'The CSV export hangs and never finishes', rating: 2, category: 'bug', createdAt: '2026-03-05T10:00:00Z' },
    { name: 'praise', text: 'Great dashboard, thank you', rating: 5, category: 'praise', createdAt: '2026-03-06T10:00:00Z' },
  ];

  beforeAll(async () => {
    api = await ApiProcess.start();
    client = createInsightsClient({ baseUrl: api.url, getToken: () => owner.headers.authorization!.replace(/^Bearer /, '') });
    projectId = (await post('/api/projects', { name: 'search' })).body.data.id;
    const items = entries.map(({ name: _name, ...item }) => item);
    expect((await post(`/api/projects/${projectId}/feedback/bulk`, { items })).status).toBe(201);
    const listed = (await call(`/api/feedback?projectId=${projectId}&limit=100`)).body.data.items as { id: string; text: string }[];
    for (const e of entries) ids[e.name] = listed.find((l) => l.text === e.text)!.id;
    strangerProjectId = (await post('/api/projects', { name: 'theirs' }, stranger.headers)).body.data.id;
    await post(`/api/projects/${strangerProjectId}/feedback/bulk`, { items: [{ text: 'The CSV export never finishes either', rating: 1 }] }, stranger.headers);
    strangerEntryId = (await call(`/api/feedback?projectId=${strangerProjectId}`, stranger.headers)).body.data.items[0].id;
  }, 60_000);
  afterAll(() => api?.stop());

  const nameOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;

  it('searches a project: stems, each entry’s language, best match first, filters', async () => {
    const res = await call(`/api/feedback/search?projectId=${projectId}&q=${encodeURIComponent('csv exports')}`);
    expect(res.status).toBe(200);
    expect(res.body.data.nextCursor).toBeNull();
    expect(res.body.data.items.map((i: Json) => nameOf(i.id))).toEqual(['csv', 'csvTwin']);
    const first = res.body.data.items[0];
    expect(first).toEqual({
      id: ids.csv,
      text: 'Export to CSV is broken: the CSV export never finishes',
      createdAt: '2026-03-01T10:00:00.000Z',
      category: 'bug',
      sentiment: first.sentiment,
      rating: 1,
      rank: first.rank,
    });
    expect(first.rank).toBeGreaterThan(res.body.data.items[1].rank);

    // A German inflection finds the German-tagged entry; a Russian one the Cyrillic entry.
    const german = await client.searchFeedback({ projectId, q: 'Export' });
    expect(german.items.map((i) => nameOf(i.id)).sort()).toEqual(['csv', 'csvTwin', 'german', 'pdf']);
    expect((await client.searchFeedback({ projectId, q: 'экспорта' })).items.map((i) => nameOf(i.id))).toEqual(['russian']);

    const filtered = await client.searchFeedback({ projectId, q: 'export', minRating: 2, maxRating: 4, endDate: '2026-03-03' });
    expect(filtered.items.map((i) => nameOf(i.id)).sort()).toEqual(['german', 'pdf']);
    expect((await client.searchFeedback({ projectId, q: 'export', category: 'feature' })).items.map((i) => nameOf(i.id))).toEqual(['pdf']);
  });

  it('pages with a cursor bound to its search', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<InsightsClient['searchFeedback']>> = await client.searchFeedback({ projectId, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => nameOf(i.id)));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['praise', 'csvTwin', 'russian', 'german', 'pdf', 'csv']);

    const first = await client.searchFeedback({ projectId, q: 'export', limit: 1 });
    const other = await call(`/api/feedback/search?projectId=${projectId}&q=csv&cursor=${first.nextCursor}`);
    expect(other.status).toBe(400);
    expect(other.body.message).toMatch(/cursor/);
  });

  it.each([
    ['a missing projectId', '', 'projectId'],
    ['a bad projectId', 'projectId=nope', 'projectId'],
    ['a long q', `q=${'a'.repeat(201)}`, 'q'],
    ['a bad sentiment', 'sentiment=angry', 'sentiment'],
    ['minRating 0', 'minRating=0', 'minRating'],
    ['maxRating 6', 'maxRating=6', 'maxRating'],
    ['minRating above maxRating', 'minRating=4&maxRating=2', 'minRating'],
    ['a limit over 100', 'limit=101', 'limit'],
    ['a bad date', 'startDate=yesterday', 'startDate'],
    ['a garbled cursor', 'cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['an unknown field', 'colour=red', 'colour'],
  ])('refuses %s with a 400 naming the field', async (_case, query, field) => {
    const withProject = field === 'projectId' ? query : `projectId=${projectId}&${query}`;
    const res = await call(`/api/feedback/search?${withProject}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toContain(field);
  });

  it('reads one entry and the entries like it', async () => {
    const entry = await client.feedbackEntry(ids.csv!);
    expect(entry).toMatchObject({ id: ids.csv, text: entries[0]!.text, rating: 1, category: 'bug', rank: 0, createdAt: '2026-03-01T10:00:00.000Z' });
    const similar = await client.similarFeedback(ids.csv!, { limit: 3 });
    expect(similar.items[0]!.id).toBe(ids.csvTwin);
    expect(similar.items.map((i) => i.id)).not.toContain(ids.csv);
    expect(similar.items.map((i) => i.id)).not.toContain(strangerEntryId);
    expect(similar.items.length).toBeLessThanOrEqual(3);
    expect((await call(`/api/feedback/${ids.csv}/similar?limit=51`)).body.message).toContain('limit');
    expect((await call('/api/feedback/not-a-uuid')).body.message).toContain('feedbackId');
  });

  it('answers 404 for another user’s project and entries, as for unknown ones', async () => {
    const search = await call(`/api/feedback/search?projectId=${strangerProjectId}&q=csv`);
    expect(search.status).toBe(404);
    expect(search.body.code).toBe('PROJECT_NOT_FOUND');
    for (const path of [`/api/feedback/${strangerEntryId}`, `/api/feedback/${strangerEntryId}/similar`, '/api/feedback/00000000-0000-4000-8000-000000000000']) {
      const res = await call(path);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('FEEDBACK_NOT_FOUND');
    }
    await expect(client.feedbackEntry(strangerEntryId)).rejects.toBeInstanceOf(InsightsApiError);
    // The owner sees it.
    expect((await call(`/api/feedback/${strangerEntryId}`, stranger.headers)).status).toBe(200);
  });

  it('never lets the search vector out through the existing feedback answers', async () => {
    const listed = (await call(`/api/feedback?projectId=${projectId}`)).body.data.items as Json[];
    const project = (await call(`/api/projects/${projectId}`)).body.data as Json;
    const created = await fetch(`${api.url}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': (await post('/api/projects', { name: 'widget' })).body.data.apiKey },
      body: JSON.stringify({ text: 'Search vectors stay inside', rating: 3 }),
    });
    expect(created.status).toBe(201);
    const bodies = [JSON.stringify(listed), JSON.stringify(project), await created.text()];
    for (const body of bodies) {
      expect(body).not.toMatch(/searchVector|search_vector/);
      // A tsvector's text form: 'lexeme':1,2
      expect(body).not.toMatch(/'[^']+':\d/);
    }
    expect(Object.keys(listed[0]!)).not.toContain('searchVector');
  });
});
