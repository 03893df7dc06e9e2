import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createDatabase,
  InsightsCacheRepository,
  InsightsJobsRepository,
  ProjectsRepository,
  ThemeEditsRepository,
  UsersRepository,
  type DatabaseHandle,
  type InsightsFilters,
} from '@insights/db';
import { buildInsightsResult, type InsightsResult, type ThemeDraft } from '@insights/engine';
import { resultDraft } from '@insights/testkit';
import { themeHistoryFrom } from '../src/theme-history.js';

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

/** What a job's claim returns for theme identity, read from Postgres in the claim's one statement. */
describe('theme history from the claim of a job', () => {
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
  async function store(projectId: string, scopeKey: string, filters: InsightsFilters, stored: InsightsResult): Promise<void> {
    await new InsightsCacheRepository(db.db).upsert({
      cacheKey: randomUUID(),
      scopeKey,
      projectId,
      userId,
      filters,
      feedbackGeneration: 1,
      result: stored,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
  }
  /** Claims a new job of the project for `scopeKey`, counting the statements it takes. */
  async function claim(projectId: string, scopeKey: string) {
    const jobs = new InsightsJobsRepository(db.db);
    const id = randomUUID().replaceAll('-', '');
    await jobs.create({ id, userId, projectId, filters: {} });
    const before = db.statements();
    const claimed = (await jobs.markProcessing(id, 1, scopeKey))!;
    return { claimed, statements: db.statements() - before };
  }

  it('gives a filtered scope with no previous result the project’s newest project-wide result with ids, with owners’ renames and merges in the names', async () => {
    const projectId = await project();
    const wide = result(
      [theme('th_aaaaaaaaaa', 'Login crashes'), theme('th_bbbbbbbbbb', 'Sign-in fails'), theme('th_cccccccccc', 'Export')],
      '2026-11-01T00:00:00Z',
    );
    await store(projectId, 'wide-scope', {}, wide);
    // Stored later, neither is the project's: one is filtered, the other predates theme ids.
    await store(projectId, 'bug-scope', { category: 'bug' }, result([theme('th_dddddddddd', 'Bugs')], '2026-11-02T00:00:00Z'));
    await store(projectId, 'old-wide-scope', {}, result([theme(undefined, 'Old')], '2026-11-03T00:00:00Z'));
    const edits = new ThemeEditsRepository(db.db);
    await edits.add({ projectId, action: 'rename', themeId: 'th_aaaaaaaaaa', name: 'Cannot log in' });
    await edits.add({ projectId, action: 'merge', themeId: 'th_bbbbbbbbbb', intoThemeId: 'th_aaaaaaaaaa' });
    // An undone rename is not the taxonomy.
    const undone = await edits.add({ projectId, action: 'rename', themeId: 'th_cccccccccc', name: 'Never mind' });
    await edits.undo(projectId, undone.id);

    const { claimed, statements } = await claim(projectId, 'feature-scope');
    expect(statements).toBe(1);
    const loaded = themeHistoryFrom(claimed);
    expect(loaded.history.previous).toBeUndefined();
    expect(loaded.history.base?.themes.map((t) => t.id)).toEqual(wide.themes.map((t) => t.id));
    expect(loaded.knownThemes.sort()).toEqual(['Cannot log in', 'Export']);
  });

  it('sends the project-wide result too when the previous one predates theme ids', async () => {
    const projectId = await project();
    await store(projectId, 'wide-scope', {}, result([theme('th_eeeeeeeeee', 'Slow pages')], '2026-11-01T00:00:00Z'));
    await store(projectId, 'own-scope', { category: 'bug' }, result([theme(undefined, 'Slow')], '2026-11-03T00:00:00Z'));
    const loaded = themeHistoryFrom((await claim(projectId, 'own-scope')).claimed);
    expect(loaded.history.previous?.themes[0]?.name).toBe('Slow');
    expect(loaded.history.base?.themes[0]?.id).toBe('th_eeeeeeeeee');
    expect(loaded.knownThemes).toEqual(['Slow pages']);
  });

  it('does not send the project-wide result when the scope’s previous result has ids', async () => {
    const projectId = await project();
    await store(projectId, 'wide-scope', {}, result([theme('th_ffffffffff', 'Project-wide')], '2026-11-01T00:00:00Z'));
    await store(projectId, 'own-scope', { category: 'bug' }, result([theme('th_gggggggggg', 'Own theme')], '2026-11-02T00:00:00Z'));
    const { claimed } = await claim(projectId, 'own-scope');
    expect(claimed.projectResultJson).toBeNull();
    const loaded = themeHistoryFrom(claimed);
    expect(loaded.history.base).toBeUndefined();
    expect(loaded.history.previous?.themes[0]?.id).toBe('th_gggggggggg');
    expect(loaded.knownThemes).toEqual(['Own theme']);
  });

  it('has nothing for a project with no results', async () => {
    const { claimed } = await claim(await project(), 'any-scope');
    expect(claimed).toEqual({ previousResultJson: null, projectResultJson: null, themeEditsJson: '[]' });
    expect(themeHistoryFrom(claimed)).toEqual({ history: {}, knownThemes: [] });
  });
});
