import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createDatabase,
  FeedbackRepository,
  FeedbackSearchRepository,
  ProjectsRepository,
  SearchCursorError,
  UsersRepository,
  type DatabaseHandle,
  type NewFeedback,
  type SearchFilters,
  type SearchHit,
} from '../src/index.js';

type Row = Omit<NewFeedback, 'projectId'>;

const day = (d: number, minute = 0) => new Date(Date.UTC(2026, 5, d, 12, minute));
const entry = (text: string, over: Partial<Row> = {}): Row => ({
  text,
  rating: 3,
  category: 'bug',
  sentiment: 'negative',
  sentimentScore: -0.5,
  processingStatus: 'completed',
  createdAt: day(1),
  ...over,
});

describe('feedback search against Postgres', () => {
  let handle: DatabaseHandle;
  let search: FeedbackSearchRepository;
  let projectId: string;
  let otherProjectId: string;
  /** Ids by a name each test uses, in the order inserted. */
  const ids = new Map<string, string>();
  let otherId: string;

  const named: [string, Row][] = [
    ['loginCrash', entry('The login page crashes every time I open it', { createdAt: day(2), rating: 1 })],
    ['loginFails', entry('Login fails after the update', { createdAt: day(3), rating: 2 })],
    ['german', entry('Die Anmeldungen schlagen ständig fehl', { metadata: { language: 'de' }, createdAt: day(4), rating: 2 })],
    ['russian', entry('Приложение постоянно падает при запуске', { createdAt: day(5), rating: 1 })],
    ['exportBoth', entry('Export to CSV is broken: the CSV export never finishes', { category: 'export', createdAt: day(6), rating: 2 })],
    [
      'exportOne',
      entry('I would like an export to PDF as well, but overall the reporting works', {
        category: 'feature',
        sentiment: 'neutral',
        createdAt: day(7),
        rating: 4,
      }),
    ],
    ['unrated', entry('Export button missing on mobile', { category: 'export', rating: 0, sentiment: 'pending', createdAt: day(8) })],
    ['praise', entry('Love the new dashboard, export is fast now', { category: 'praise', sentiment: 'positive', rating: 5, createdAt: day(9) })],
    ['darkTarget', entry('Dark mode toggle resets after every restart of the desktop client', { category: 'ui', createdAt: day(10) })],
    ['darkTwin', entry('The dark mode toggle keeps resetting when the desktop client restarts', { category: 'ui', createdAt: day(11) })],
    ['darkCousin', entry('Dark mode is too dark for me', { category: 'ui', createdAt: day(12) })],
    ['restartOnly', entry('The client needs a restart after updates', { category: 'ui', createdAt: day(13) })],
  ];

  beforeAll(async () => {
    handle = createDatabase(process.env.DATABASE_URL!);
    search = new FeedbackSearchRepository(handle.db);
    const user = await new UsersRepository(handle.db).upsertByClerkId(`user_${randomUUID()}`);
    const projects = new ProjectsRepository(handle.db);
    projectId = (await projects.create({ userId: user.id, name: 'search', hashedApiKey: randomUUID() })).id;
    otherProjectId = (await projects.create({ userId: user.id, name: 'other', hashedApiKey: randomUUID() })).id;
    const repo = new FeedbackRepository(handle.db);
    const { rows } = await repo.insertForProject(
      projectId,
      named.map(([, r]) => r),
    );
    named.forEach(([name], i) => ids.set(name, rows[i]!.id));
    // The same words in another project: never found from this one.
    const other = await repo.insertForProject(otherProjectId, [
      entry('The login page crashes every time I open it'),
      entry('Dark mode toggle resets after every restart of the desktop client'),
    ]);
    otherId = other.rows[1]!.id;
  });
  afterAll(async () => {
    await handle.close();
  });

  const namesOf = (hits: SearchHit[]) => hits.map((h) => [...ids].find(([, id]) => id === h.id)?.[0] ?? h.id);
  const find = async (q: string, filters: SearchFilters = {}) => namesOf((await search.search(projectId, q, filters, { limit: 50 })).items);

  it('finds entries by stem, best match first, within the project only', async () => {
    // "exports" and "export" share the English stem; the entry naming both words, close together, ranks first.
    expect(await find('csv exports')).toEqual(['exportBoth']);
    const exportHits = await find('export');
    expect(exportHits.sort()).toEqual(['exportBoth', 'exportOne', 'praise', 'unrated']);
    const ranked = (await search.search(projectId, 'export', {}, { limit: 50 })).items;
    expect(namesOf(ranked)[0]).toBe('exportBoth');
    for (let i = 1; i < ranked.length; i++) expect(ranked[i]!.rank).toBeLessThanOrEqual(ranked[i - 1]!.rank);
    expect(ranked[0]!.rank).toBeGreaterThan(0);
    expect(ranked[0]!.rank).toBeLessThan(1);
    const hit = ranked[0]!;
    expect(hit).toEqual({
      id: ids.get('exportBoth'),
      text: 'Export to CSV is broken: the CSV export never finishes',
      createdAt: '2026-06-06T12:00:00.000Z',
      category: 'export',
      sentiment: 'negative',
      rating: 2,
      rank: hit.rank,
    });
    expect(Object.keys(hit).sort()).toEqual(['category', 'createdAt', 'id', 'rank', 'rating', 'sentiment', 'text']);
  });

  it('finds a German-tagged entry by another inflection of its German word', async () => {
    // German stems "Anmeldungen" and "Anmeldung" alike; English and simple readings would not.
    expect(await find('Anmeldung')).toEqual(['german']);
    expect(await find('anmeldungen')).toEqual(['german']);
  });

  it('finds Cyrillic text by another Russian inflection', async () => {
    expect(await find('приложения')).toEqual(['russian']);
    expect(await find('падает при запуске')).toEqual(['russian']);
  });

  it('understands phrases, or, and negated words whatever their inflection', async () => {
    expect(await find('"login page"')).toEqual(['loginCrash']);
    expect((await find('login')).sort()).toEqual(['loginCrash', 'loginFails']);
    expect(await find('login -crash')).toEqual(['loginFails']);
    // The simple reading of "crashes" keeps the word whole; the entry must still be excluded.
    expect(await find('login -crashes')).toEqual(['loginFails']);
    expect((await find('anmeldung or приложение')).sort()).toEqual(['german', 'russian']);
    expect(await find('-login')).toEqual([]);
    expect(await find('!!! ???')).toEqual([]);
    expect(await find('nothingmatchesthis')).toEqual([]);
  });

  it('applies date, category, sentiment and rating filters; unrated entries are in no rating range', async () => {
    expect((await find('export', { category: 'export' })).sort()).toEqual(['exportBoth', 'unrated']);
    expect(await find('export', { sentiment: 'positive' })).toEqual(['praise']);
    expect((await find('export', { maxRating: 2 })).sort()).toEqual(['exportBoth']);
    expect((await find('export', { minRating: 4 })).sort()).toEqual(['exportOne', 'praise']);
    expect(await find('export', { minRating: 3, maxRating: 4 })).toEqual(['exportOne']);
    // A bare end date covers its whole day.
    expect((await find('export', { startDate: '2026-06-06', endDate: '2026-06-07' })).sort()).toEqual(['exportBoth', 'exportOne']);
    expect(await find('export', { startDate: '2026-06-08T12:00:00Z', endDate: '2026-06-08T12:00:00Z' })).toEqual(['unrated']);
    expect(await search.count(projectId, 'export', { maxRating: 2 })).toBe(1);
    expect(await search.count(projectId, '', { category: 'ui' })).toBe(4);
  });

  it('lists newest first for an empty query', async () => {
    const { items } = await search.search(projectId, '   ', {}, { limit: 3 });
    expect(namesOf(items)).toEqual(['restartOnly', 'darkCousin', 'darkTwin']);
    expect(items.every((i) => i.rank === 0)).toBe(true);
  });

  it('rejects cursors it did not hand out, or handed out for another search', async () => {
    const first = await search.search(projectId, 'export', {}, { limit: 1 });
    expect(first.nextCursor).not.toBeNull();
    await expect(search.search(projectId, 'export', {}, { limit: 1, cursor: 'not a cursor' })).rejects.toThrow(SearchCursorError);
    await expect(search.search(projectId, 'export', {}, { limit: 1, cursor: Buffer.from('{"k":"r"}').toString('base64url') })).rejects.toThrow(
      SearchCursorError,
    );
    await expect(search.search(projectId, 'login', {}, { limit: 1, cursor: first.nextCursor })).rejects.toThrow(/another query/);
    await expect(search.search(projectId, 'export', { category: 'bug' }, { limit: 1, cursor: first.nextCursor })).rejects.toThrow(/another query/);
    await expect(search.search(projectId, '', {}, { limit: 1, cursor: first.nextCursor })).rejects.toThrow(SearchCursorError);
    // A well-formed cursor naming a day that does not exist: refused, not handed to Postgres.
    const decoded = JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString('utf8')) as Record<string, string>;
    const badDay = Buffer.from(JSON.stringify({ ...decoded, c: '2026-02-30 10:00:00' })).toString('base64url');
    await expect(search.search(projectId, 'export', {}, { limit: 1, cursor: badDay })).rejects.toThrow(SearchCursorError);
    const badRank = Buffer.from(JSON.stringify({ ...decoded, r: 'e5' })).toString('base64url');
    await expect(search.search(projectId, 'export', {}, { limit: 1, cursor: badRank })).rejects.toThrow(SearchCursorError);
    const next = await search.search(projectId, 'export', {}, { limit: 1, cursor: first.nextCursor });
    expect(next.items[0]!.id).not.toBe(first.items[0]!.id);
  });

  describe('keyset pages', () => {
    let pagedProject: string;
    const expected = new Set<string>();

    beforeAll(async () => {
      const user = await new UsersRepository(handle.db).upsertByClerkId(`user_${randomUUID()}`);
      pagedProject = (await new ProjectsRepository(handle.db).create({ userId: user.id, name: 'paged', hashedApiKey: randomUUID() })).id;
      // 73 matching entries: many share both rank and created_at (ties broken by id), the
      // rest differ in how often and how close the words come; 20 entries do not match.
      const rows: Row[] = [];
      for (let i = 0; i < 73; i++) {
        const repeat = i % 4 === 0 ? 'sync sync conflict' : i % 4 === 1 ? 'sync conflict after editing offline' : 'sync';
        rows.push(entry(`${repeat} report ${i}`, { createdAt: day(1 + (i % 3), i % 2) }));
      }
      for (let i = 0; i < 20; i++) rows.push(entry(`unrelated note ${i}`, { createdAt: day(2) }));
      const { rows: inserted } = await new FeedbackRepository(handle.db).insertForProject(pagedProject, rows);
      inserted.slice(0, 73).forEach((r) => expected.add(r.id));
    });

    const walk = async (q: string, limit: number) => {
      const seen: SearchHit[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await search.search(pagedProject, q, {}, { limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      return { seen, pages };
    };

    it.each([['sync conflict'], ['sync'], ['']])('walks %p in pages with no duplicate and no gap', async (q) => {
      const whole = (await search.search(pagedProject, q, {}, { limit: 100 })).items;
      const { seen, pages } = await walk(q, 7);
      expect(seen.map((h) => h.id)).toEqual(whole.map((h) => h.id));
      expect(new Set(seen.map((h) => h.id)).size).toBe(seen.length);
      const total = q === 'sync conflict' ? 37 : q === 'sync' ? 73 : 93;
      expect(seen).toHaveLength(total);
      expect(pages).toBe(Math.ceil(total / 7));
      expect(await search.count(pagedProject, q, {})).toBe(total);
      if (q === 'sync') expect(new Set(seen.map((h) => h.id))).toEqual(expected);
      for (let i = 1; i < seen.length; i++) {
        const [a, b] = [seen[i - 1]!, seen[i]!];
        const order = b.rank - a.rank || b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
        expect(order).toBeLessThan(0);
      }
    });
  });

  it('finds entries like one entry: the closest first, never itself, never another project’s', async () => {
    const similar = await search.similar(projectId, ids.get('darkTarget')!, 10);
    expect(similar).not.toBeNull();
    const names = namesOf(similar!);
    expect(names[0]).toBe('darkTwin');
    expect(names).not.toContain('darkTarget');
    expect(names).toEqual(expect.arrayContaining(['darkTwin', 'darkCousin', 'restartOnly']));
    expect(similar!.map((h) => h.id)).not.toContain(otherId);
    expect(similar![0]!.rank).toBeGreaterThan(similar![1]!.rank);
    expect(await search.similar(projectId, otherId, 10)).toBeNull();
    expect(await search.similar(projectId, randomUUID(), 10)).toBeNull();
    expect(await search.similar(projectId, 'not-a-uuid', 10)).toBeNull();
    expect(await search.similar(projectId, ids.get('darkTarget')!, 1)).toHaveLength(1);
  });

  it('hands rows out without their search vector: feedback inserts and pages', async () => {
    const repo = new FeedbackRepository(handle.db);
    const { rows } = await repo.insertForProject(otherProjectId, [entry('Vectors stay in the database')]);
    const page = await repo.page({ projectId: otherProjectId }, {}, 10);
    for (const row of [...rows, ...page.items]) {
      expect(Object.keys(row)).not.toContain('searchVector');
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['id', 'text', 'createdAt', 'metadata']));
    }
    // The column is there and filled, only not handed out.
    const { rows: stored } = await handle.pool.query<{ v: string }>('select search_vector::text as v from feedback where id = $1', [rows[0]!.id]);
    expect(stored[0]!.v).toBe("'databas':5 'stay':2 'vector':1");
  });

  it('finds the project of an entry only for its owner', async () => {
    const owner = (await handle.pool.query<{ user_id: string }>('select user_id from projects where id = $1', [projectId])).rows[0]!.user_id;
    expect(await search.ownedProjectOf(owner, ids.get('german')!)).toBe(projectId);
    const stranger = await new UsersRepository(handle.db).upsertByClerkId(`user_${randomUUID()}`);
    expect(await search.ownedProjectOf(stranger.id, ids.get('german')!)).toBeNull();
    expect(await search.ownedProjectOf(owner, randomUUID())).toBeNull();
    expect(await search.ownedProjectOf(owner, 'nope')).toBeNull();
  });

  it('takes a word Postgres counts in over 10,000 entries as common without counting it per project', async () => {
    const projects = new ProjectsRepository(handle.db);
    const user = await new UsersRepository(handle.db).upsertByClerkId(`user_${randomUUID()}`);
    const big = (await projects.create({ userId: user.id, name: 'big', hashedApiKey: randomUUID() })).id;
    const small = (await projects.create({ userId: user.id, name: 'small', hashedApiKey: randomUUID() })).id;
    await handle.pool.query(`insert into feedback (project_id, text) select $1, 'Omnipresent complaint number ' || g from generate_series(1, 12000) g`, [big]);
    await handle.pool.query('analyze feedback');
    const { rows } = await new FeedbackRepository(handle.db).insertForProject(small, [
      entry('Omnipresent zebracorn glitch'),
      entry('Omnipresent zebracorn'),
      entry('Omnipresent issue'),
    ]);
    const [target, sharesRare, sharesCommon] = rows.map((r) => r.id);
    // "omnipres" is in all three of the small project's entries, but the table's statistics
    // put it in 12,000: common, so only the entry sharing the rare "zebracorn" comes back.
    // Counted in the small project alone, it would have been distinctive and found both.
    expect((await search.similar(small, target!, 10))!.map((h) => h.id)).toEqual([sharesRare]);
    expect(sharesCommon).toBeDefined();
  });

  it('returns entries by id in the order asked, leaving out other projects’ ids', async () => {
    const asked = [ids.get('praise')!, otherId, ids.get('german')!, randomUUID(), ids.get('praise')!.toUpperCase()];
    const hits = await search.entries(projectId, asked);
    expect(namesOf(hits)).toEqual(['praise', 'german', 'praise']);
    expect(hits[0]).toEqual({
      id: ids.get('praise'),
      text: 'Love the new dashboard, export is fast now',
      createdAt: '2026-06-09T12:00:00.000Z',
      category: 'praise',
      sentiment: 'positive',
      rating: 5,
      rank: 0,
    });
    expect(await search.entries(projectId, [])).toEqual([]);
  });
});
