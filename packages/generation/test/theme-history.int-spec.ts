import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createDatabase,
  InsightsCacheRepository,
  ProjectsRepository,
  ThemeEditsRepository,
  UsersRepository,
  type DatabaseHandle,
  type InsightsFilters,
} from '@insights/db';
import { buildInsightsResult, type InsightsResult, type ThemeDraft } from '@insights/engine';
import { resultDraft } from '@insights/testkit';
import { loadThemeHistory } from '../src/theme-history.js';

const theme = (id: string | undefined, name: string): ThemeDraft => ({
  ...(id ? { id } : {}),
  name,
  summary: '',
  kind: 'pain_point',
  count: 3,
  feedbackIds: [randomUUID(), randomUUID(), randomUUID()],
  quotes: [],
});
const result = (themes: ThemeDraft[], at: string): InsightsResult => buildInsightsResult(resultDraft({ themes, generatedAt: new Date(at) }));

/** What a run's themes are matched against and named after, read from Postgres. */
describe('loading theme history', () => {
  let db: DatabaseHandle;
  let userId: string;

  beforeAll(async () => {
    db = createDatabase(process.env.DATABASE_URL!);
    userId = (await new UsersRepository(db.db).upsertByClerkId(`user_${randomUUID()}`)).id;
  });
  afterAll(() => db.close());

  async function project(): Promise<string> {
    return (await new ProjectsRepository(db.db).create({ userId, name: 'history', hashedApiKey: randomUUID() })).id;
  }
  async function store(projectId: string, filters: InsightsFilters, stored: InsightsResult): Promise<void> {
    const key = randomUUID();
    await new InsightsCacheRepository(db.db).upsert({
      cacheKey: key,
      scopeKey: key.slice(0, 32),
      projectId,
      userId,
      filters,
      feedbackGeneration: 1,
      result: stored,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
  }

  it('gives a filtered scope with no previous result the project’s newest project-wide result, with owners’ renames and merges in the names', async () => {
    const projectId = await project();
    const wide = result(
      [theme('th_aaaaaaaaaa', 'Login crashes'), theme('th_bbbbbbbbbb', 'Sign-in fails'), theme('th_cccccccccc', 'Export')],
      '2026-11-01T00:00:00Z',
    );
    await store(projectId, {}, wide);
    // A filtered result stored later is not the project's.
    await store(projectId, { category: 'bug' }, result([theme('th_dddddddddd', 'Bugs')], '2026-11-02T00:00:00Z'));
    const edits = new ThemeEditsRepository(db.db);
    await edits.add({ projectId, action: 'rename', themeId: 'th_aaaaaaaaaa', name: 'Cannot log in' });
    await edits.add({ projectId, action: 'merge', themeId: 'th_bbbbbbbbbb', intoThemeId: 'th_aaaaaaaaaa' });
    // An undone rename is not the taxonomy.
    const undone = await edits.add({ projectId, action: 'rename', themeId: 'th_cccccccccc', name: 'Never mind' });
    await edits.undo(projectId, undone.id);

    const loaded = await loadThemeHistory(db.db, projectId, undefined);
    expect(loaded.history.previous).toBeUndefined();
    expect(loaded.history.base?.themes.map((t) => t.id)).toEqual(wide.themes.map((t) => t.id));
    expect(loaded.knownThemes.sort()).toEqual(['Cannot log in', 'Export']);
  });

  it('reads the project-wide result too when the previous one predates theme ids', async () => {
    const projectId = await project();
    const wide = result([theme('th_eeeeeeeeee', 'Slow pages')], '2026-11-01T00:00:00Z');
    await store(projectId, {}, wide);
    const old = result([theme(undefined, 'Slow')], '2026-11-03T00:00:00Z');
    const loaded = await loadThemeHistory(db.db, projectId, old);
    expect(loaded.history.previous).toBe(old);
    expect(loaded.history.base?.themes[0]?.id).toBe('th_eeeeeeeeee');
    expect(loaded.knownThemes).toEqual(['Slow pages']);
  });

  it('uses the scope’s previous result alone when it has ids', async () => {
    const projectId = await project();
    await store(projectId, {}, result([theme('th_ffffffffff', 'Project-wide')], '2026-11-01T00:00:00Z'));
    const previous = result([theme('th_gggggggggg', 'Own theme')], '2026-11-02T00:00:00Z');
    const loaded = await loadThemeHistory(db.db, projectId, previous);
    expect(loaded.history).toEqual({ previous });
    expect(loaded.knownThemes).toEqual(['Own theme']);
  });

  it('has nothing for a project with no results', async () => {
    const loaded = await loadThemeHistory(db.db, await project(), undefined);
    expect(loaded).toEqual({ history: {}, knownThemes: [] });
  });
});
