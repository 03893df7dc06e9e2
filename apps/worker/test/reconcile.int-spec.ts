import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { loadConfig } from '@insights/config';
import { createDatabase, FeedbackRepository, InsightsJobsRepository, ProjectsRepository, UsersRepository, type DatabaseHandle } from '@insights/db';
import { JobIdentity, JobSizer } from '@insights/generation';
import { BullInsightsQueue, newJobId, type InsightsQueueSettings } from '@insights/queue';
import { QueueAdmin } from '@insights/testkit';
import { ReconcileJobsHandler } from '../src/insights/reconcile-jobs.handler.js';

describe('reconciling job rows whose queue job is gone', () => {
  let db: DatabaseHandle;
  let queue: BullInsightsQueue;
  let settings: InsightsQueueSettings;
  let jobs: InsightsJobsRepository;
  let handler: ReconcileJobsHandler;
  let userId: string;
  let projectId: string;

  beforeAll(async () => {
    const config = loadConfig();
    db = createDatabase(config.database.url);
    settings = { redisUrl: config.redis.url, clusterNodes: config.redis.clusterNodes, keyPrefix: `${config.redis.keyPrefix}-reconcile`, role: 'worker' };
    queue = BullInsightsQueue.open(settings);
    jobs = new InsightsJobsRepository(db.db);
    const projects = new ProjectsRepository(db.db);
    handler = new ReconcileJobsHandler(
      jobs,
      projects,
      queue,
      new JobIdentity(config),
      new JobSizer(new FeedbackRepository(db.db), config.insights.largeJobMinFeedback),
      config,
    );
    userId = (await new UsersRepository(db.db).upsertByClerkId(`user_${randomUUID()}`)).id;
    projectId = (await projects.create({ userId, name: 'r', hashedApiKey: randomUUID() })).id;
  });
  afterAll(async () => {
    const admin = QueueAdmin.open(settings);
    await admin.obliterate();
    await admin.close();
    await queue.close();
    await db.close();
  });

  async function row(
    status: 'pending' | 'processing',
    attempts: number,
    minutesOld: number,
    id = newJobId(),
    kind: 'insights' | 'ask' = 'insights',
  ): Promise<string> {
    await jobs.create({ id, kind, userId, projectId, status, attempts, filters: {}, dedupKey: 'x'.repeat(64) });
    await db.pool.query(`update insights_jobs set updated_at = now() - make_interval(mins => $2) where id = $1`, [id, minutesOld]);
    return id;
  }

  it('fails a lost question rather than queueing a generation in its place', async () => {
    const question = await row('processing', 1, 10, newJobId(), 'ask');
    const enqueue = jest.spyOn(queue, 'enqueue');
    await handler.handle();
    expect(enqueue.mock.calls.filter((call) => (call[1] as { jobId: string }).jobId === question)).toEqual([]);
    enqueue.mockRestore();
    const settled = await jobs.findById(question);
    expect(settled).toMatchObject({ status: 'failed', kind: 'ask' });
    expect(settled?.error).toMatch(/ask the question again/);
  });

  it('re-enqueues a lost job under its own id, fails one out of attempts, and leaves live or recent ones alone', async () => {
    const lost = await row('processing', 1, 10);
    const exhausted = await row('pending', 3, 10);
    const recent = await row('pending', 0, 0);

    // The run's other suites share this database: their stale rows are reconciled too, so only
    // what happened to this test's own rows is counted.
    const enqueue = jest.spyOn(queue, 'enqueue');
    const requeuedHere = () => enqueue.mock.calls.map((call) => (call[1] as { jobId: string }).jobId).filter((id) => [lost, exhausted, recent].includes(id));
    const summary = await handler.handle();
    expect(summary.requeued).toBeGreaterThanOrEqual(1);
    expect(summary.failed).toBeGreaterThanOrEqual(1);
    expect(requeuedHere()).toEqual([lost]);
    expect(await queue.state(lost)).toMatch(/waiting|prioritized/);
    expect((await jobs.findById(lost))?.status).toBe('pending');
    const failed = await jobs.findById(exhausted);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed?.error).toMatch(/lost from the queue/);
    expect((await jobs.findById(recent))?.status).toBe('pending');

    // Its queue job exists now, so a second pass changes nothing.
    await db.pool.query(`update insights_jobs set updated_at = now() - interval '10 minutes' where id = $1`, [lost]);
    enqueue.mockClear();
    await handler.handle();
    expect(requeuedHere()).toEqual([]);
    expect((await jobs.findById(exhausted))?.status).toBe('failed');
    enqueue.mockRestore();
  });

  it('leaves a row it did not queue alone and still settles the rest', async () => {
    // The existing backend shares insights_jobs: its rows carry ids this service never makes.
    const foreign = await row('processing', 0, 10, `old${Date.now() % 1000}`);
    const lost = await row('processing', 0, 10);
    const enqueue = jest.spyOn(queue, 'enqueue');
    const summary = await handler.handle();
    const ids = enqueue.mock.calls.map((call) => (call[1] as { jobId: string }).jobId);
    expect(ids).toContain(lost);
    expect(ids).not.toContain(foreign);
    expect(summary.skipped).toBeGreaterThanOrEqual(1);
    expect(await jobs.findById(foreign)).toMatchObject({ status: 'processing', attempts: 0 });
    enqueue.mockRestore();
  });
});
