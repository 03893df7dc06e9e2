import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import {
  createDatabase,
  FeedbackRepository,
  InsightsJobsRepository,
  ProjectsRepository,
  runMigrations,
  UsersRepository,
  type DatabaseHandle,
} from '../src/index.js';
import { demoFeedback } from '@insights/testkit';

describe('database package', () => {
  let handle: DatabaseHandle;
  let users: UsersRepository;
  let projects: ProjectsRepository;
  let feedback: FeedbackRepository;

  beforeAll(() => {
    handle = createDatabase(process.env.DATABASE_URL!);
    users = new UsersRepository(handle.db);
    projects = new ProjectsRepository(handle.db);
    feedback = new FeedbackRepository(handle.db);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('applies migrations idempotently', async () => {
    await runMigrations(process.env.DATABASE_URL!);
    await runMigrations(process.env.DATABASE_URL!);
    const tables = await handle.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['users', 'projects', 'feedback', 'insights_jobs', 'insights_cache']));
    const index = await handle.db.execute<{ indexdef: string }>(sql`select indexdef from pg_indexes where indexname = 'idx_feedback_project_created'`);
    expect(index.rows[0]?.indexdef).toContain('(project_id, created_at)');
  });

  it('creates a user once under concurrent first sight', async () => {
    const clerkId = `user_${randomUUID()}`;
    const rows = await Promise.all(Array.from({ length: 10 }, () => users.upsertByClerkId(clerkId)));
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
  });

  it('finds a project only for its owner', async () => {
    const owner = await users.upsertByClerkId(`user_${randomUUID()}`);
    const other = await users.upsertByClerkId(`user_${randomUUID()}`);
    const project = await projects.create({ userId: owner.id, name: 'p', hashedApiKey: randomUUID() });
    expect(await projects.findOwned(project.id, owner.id)).toMatchObject({ id: project.id });
    expect(await projects.findOwned(project.id, other.id)).toBeUndefined();
    expect(await projects.deleteOwned(project.id, other.id)).toBe(false);
  });

  it('bumps the generation with each insert and rolls both back together', async () => {
    const owner = await users.upsertByClerkId(`user_${randomUUID()}`);
    const project = await projects.create({ userId: owner.id, name: 'p', hashedApiKey: randomUUID() });
    const rows = [...demoFeedback({ count: 3, seed: 1 })];
    expect((await feedback.insertForProject(project.id, rows)).generation).toBe(1);
    expect((await feedback.insertForProject(project.id, rows.slice(0, 1))).generation).toBe(2);
    const bad = [{ ...rows[0]!, text: null as unknown as string }];
    await expect(feedback.insertForProject(project.id, bad)).rejects.toThrow();
    expect((await projects.findOwned(project.id, owner.id))?.feedbackGeneration).toBe(2);
    const page = await feedback.page({ projectId: project.id }, {}, 100);
    expect(page.items).toHaveLength(4);
  });

  it('pages rows that differ only in microseconds without repeats or gaps', async () => {
    const owner = await users.upsertByClerkId(`user_${randomUUID()}`);
    const project = await projects.create({ userId: owner.id, name: 'p', hashedApiKey: randomUUID() });
    const [row] = [...demoFeedback({ count: 1, seed: 3 })];
    await feedback.insertForProject(
      project.id,
      Array.from({ length: 5 }, () => row!),
    );
    // Same millisecond, distinct microseconds: what now() produces under load.
    await handle.db.execute(sql`
      update feedback set created_at = '2026-05-01 10:00:00.123'::timestamp + (random() * interval '900 microseconds')
      where project_id = ${project.id}`);
    const seen: string[] = [];
    let after: Awaited<ReturnType<typeof feedback.page>>['nextCursor'] = null;
    do {
      const page = await feedback.page({ projectId: project.id }, {}, 1, after ?? undefined);
      seen.push(...page.items.map((f) => f.id));
      after = page.nextCursor;
    } while (after && seen.length < 20);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('lets an operator retry reopen a failed job row, but never a cancelled or completed one', async () => {
    const owner = await users.upsertByClerkId(`user_${randomUUID()}`);
    const jobs = new InsightsJobsRepository(handle.db);
    const [failed, cancelled, completed] = [randomUUID(), randomUUID(), randomUUID()].map((id) => id.replaceAll('-', ''));
    for (const id of [failed, cancelled, completed]) await jobs.create({ id, userId: owner.id, filters: {} });
    await jobs.fail(failed!, 'server: boom', 3);
    await jobs.cancel(cancelled!);
    await jobs.complete(completed!, {
      result: {},
      processingTime: 1,
      tokensUsed: 0,
      progress: { stage: 'done', percent: 100, chunksDone: 0, chunksTotal: 0, tokensUsed: 0 },
    });
    expect(await jobs.markProcessing(failed!, 1, 'no-result-for-this-scope')).toEqual({
      previousResultJson: null,
      projectResultJson: null,
      themeEditsJson: '[]',
    });
    expect(await jobs.findById(failed!)).toMatchObject({ status: 'processing', error: null });
    expect(await jobs.markProcessing(cancelled!, 1)).toBeUndefined();
    expect(await jobs.markProcessing(completed!, 1)).toBeUndefined();
  });

  it('generates the same demo data for the same seed', () => {
    const a = [...demoFeedback({ count: 200, seed: 7 })];
    const b = [...demoFeedback({ count: 200, seed: 7 })];
    const c = [...demoFeedback({ count: 200, seed: 8 })];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a.map((f) => f.category)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(a.map((f) => f.rating)).size).toBe(5);
  });
});
