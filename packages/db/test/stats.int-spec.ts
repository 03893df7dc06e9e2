import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ChunkMemoRepository,
  createDatabase,
  FeedbackRepository,
  FeedbackStream,
  LlmCallsRepository,
  ProjectsRepository,
  StatsRepository,
  UsersRepository,
  type DatabaseHandle,
  type NewFeedback,
} from '../src/index.js';
import { demoFeedback } from '@insights/testkit';

type Row = Omit<NewFeedback, 'projectId'>;

/** The statistics recomputed in plain JavaScript from the rows the test wrote. */
function expected(rows: Row[]) {
  const n = rows.length;
  const count = (p: (r: Row) => boolean) => rows.filter(p).length;
  const rated = rows.filter((r) => (r.rating ?? 0) >= 1);
  const avg = rated.length ? rated.reduce((s, r) => s + (r.rating ?? 0), 0) / rated.length : 0;
  const byCategory = new Map<string, Row[]>();
  for (const r of rows) byCategory.set(r.category ?? 'general', [...(byCategory.get(r.category ?? 'general') ?? []), r]);
  return {
    totalFeedback: n,
    ratedFeedback: rated.length,
    averageRating: Math.round(avg * 100) / 100,
    positivePercentage: Math.round((count((r) => r.sentiment === 'positive') / n) * 1000) / 10,
    negativePercentage: Math.round((count((r) => r.sentiment === 'negative') / n) * 1000) / 10,
    ratingDistribution: Object.fromEntries([1, 2, 3, 4, 5].map((k) => [String(k), count((r) => r.rating === k)])),
    sentimentDistribution: {
      positive: count((r) => r.sentiment === 'positive'),
      neutral: count((r) => r.sentiment === 'neutral'),
      negative: count((r) => r.sentiment === 'negative'),
      pending: count((r) => r.sentiment === 'pending'),
    },
    categories: new Map([...byCategory].map(([c, rs]) => [c, rs.length])),
  };
}

describe('statistics, streaming, memo and ledger against Postgres', () => {
  let handle: DatabaseHandle;
  let projectId: string;
  let otherProjectId: string;
  let userId: string;
  const rows = [...demoFeedback({ count: 700, seed: 11, days: 200 })];
  const otherRows = [...demoFeedback({ count: 50, seed: 12 })];

  beforeAll(async () => {
    handle = createDatabase(process.env.DATABASE_URL!);
    const user = await new UsersRepository(handle.db).upsertByClerkId(`user_${randomUUID()}`);
    userId = user.id;
    const projects = new ProjectsRepository(handle.db);
    projectId = (await projects.create({ userId, name: 'a', hashedApiKey: randomUUID() })).id;
    otherProjectId = (await projects.create({ userId, name: 'b', hashedApiKey: randomUUID() })).id;
    const feedback = new FeedbackRepository(handle.db);
    await feedback.insertForProject(projectId, rows);
    await feedback.insertForProject(otherProjectId, otherRows);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('matches statistics computed independently from the same rows', async () => {
    const stats = await new StatsRepository(handle.db).compute({ projectId }, {});
    const want = expected(rows);
    expect(stats).toMatchObject({
      totalFeedback: want.totalFeedback,
      averageRating: want.averageRating,
      positivePercentage: want.positivePercentage,
      negativePercentage: want.negativePercentage,
      ratingDistribution: want.ratingDistribution,
      sentimentDistribution: want.sentimentDistribution,
    });
    expect(new Map(stats.categories.map((c) => [c.category, c.count]))).toEqual(want.categories);
    expect(stats.timeSeries.granularity).toBe('week');
    expect(stats.timeSeries.buckets.reduce((s, b) => s + b.count, 0)).toBe(700);
  });

  it('applies category and date filters, and covers every project of a user', async () => {
    const from = new Date('2026-09-01T00:00:00Z');
    const to = new Date('2026-10-15T23:59:59Z');
    const filtered = rows.filter((r) => r.category === 'bug' && r.createdAt! >= from && r.createdAt! <= to);
    const stats = await new StatsRepository(handle.db).compute({ projectId }, { category: 'bug', startDate: from, endDate: to });
    expect(stats.totalFeedback).toBe(filtered.length);
    expect(stats.ratingDistribution).toEqual(expected(filtered).ratingDistribution);
    expect(stats.timeSeries.granularity).toBe('day');

    const all = await new StatsRepository(handle.db).compute({ userId }, {});
    expect(all.totalFeedback).toBe(750);
  });

  it('counts feedback awaiting analysis without averaging its placeholder rating of 0', async () => {
    const projects = new ProjectsRepository(handle.db);
    const mixedId = (await projects.create({ userId, name: 'mixed', hashedApiKey: randomUUID() })).id;
    const analysed: Row[] = [
      { text: 'great', rating: 5, category: 'praise', sentiment: 'positive', sentimentScore: 0.9, processingStatus: 'completed' },
      { text: 'broken', rating: 2, category: 'bug', sentiment: 'negative', sentimentScore: -0.6, processingStatus: 'completed' },
    ];
    // As the existing backend stores feedback before its analysis runs.
    const pending: Row[] = [1, 2, 3].map((i) => ({
      text: `waiting ${i}`,
      rating: 0,
      category: 'general',
      sentiment: 'pending',
      sentimentScore: 0,
      processingStatus: 'pending',
    }));
    await new FeedbackRepository(handle.db).insertForProject(mixedId, [...analysed, ...pending]);
    const stats = await new StatsRepository(handle.db).compute({ projectId: mixedId }, {});
    const want = expected([...analysed, ...pending]);
    expect(stats).toMatchObject({
      totalFeedback: 5,
      ratedFeedback: 2,
      unratedFeedback: 3,
      pendingAnalysis: 3,
      averageRating: 3.5,
      sentimentDistribution: { positive: 1, negative: 1, neutral: 0, pending: 3 },
    });
    expect(stats.averageRating).toBe(want.averageRating);
    expect(stats.ratingBasis).toMatch(/2 rated entries.*3 unrated.*3 entries still awaiting analysis/);
    expect(stats.categories.find((c) => c.category === 'general')).toEqual({ category: 'general', count: 3, averageRating: 0 });
    const general = await new StatsRepository(handle.db).compute({ projectId: mixedId }, { category: 'general' });
    expect(general.totalFeedback).toBe(3);
  });

  it('returns zeros, not NaN, for an empty scope', async () => {
    const stats = await new StatsRepository(handle.db).compute({ projectId: randomUUID() }, {});
    expect(stats).toMatchObject({ totalFeedback: 0, averageRating: 0, positivePercentage: 0, categories: [] });
  });

  it('streams every entry exactly once, oldest first, one page at a time', async () => {
    const seen: { id: string; createdAt: Date }[] = [];
    let pages = 0;
    for await (const page of new FeedbackStream(handle.db, { projectId }, {}, 64).pages()) {
      expect(page.length).toBeLessThanOrEqual(64);
      seen.push(...page);
      pages++;
    }
    expect(seen).toHaveLength(700);
    expect(new Set(seen.map((s) => s.id)).size).toBe(700);
    expect(pages).toBe(11);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.createdAt >= seen[i - 1]!.createdAt).toBe(true);
  });

  it('memoises chunk answers by hash, first writer wins', async () => {
    const memo = new ChunkMemoRepository(handle.db);
    const hash = randomUUID().replaceAll('-', '');
    const other = randomUUID().replaceAll('-', '');
    expect(await memo.getMany([hash, other])).toEqual(new Map());
    await memo.set(hash, { themes: [{ name: 'first' }] }, { model: 'm', promptVersion: 'v1', tokens: 10 });
    await memo.set(hash, { themes: [{ name: 'second' }] }, { model: 'm', promptVersion: 'v1', tokens: 10 });
    expect(await memo.getMany([hash, other])).toEqual(new Map([[hash, { themes: [{ name: 'first' }] }]]));
  });

  it('records LLM calls and sums a project’s tokens since a time', async () => {
    const ledger = new LlmCallsRepository(handle.db);
    const jobId = randomUUID().replaceAll('-', '');
    const call = { jobId, projectId, stage: 'map', provider: 'glm', model: 'm', latencyMs: 5, outcome: 'ok' };
    await ledger.record({ ...call, promptTokens: 100, completionTokens: 20 });
    await ledger.record({ ...call, promptTokens: 50, completionTokens: 0, outcome: 'rate_limit', errorCode: '1302' });
    const rows = await handle.pool.query('select outcome from llm_calls where job_id = $1 order by id', [jobId]);
    expect(rows.rows.map((r) => r.outcome)).toEqual(['ok', 'rate_limit']);
    expect(await ledger.tokensSince(projectId, new Date(Date.now() - 60_000))).toBe(170);
  });
});
