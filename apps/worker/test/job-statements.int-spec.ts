import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@insights/config';
import {
  createDatabase,
  FeedbackRepository,
  InsightsJobsRepository,
  ProjectsRepository,
  QUEUED_PROGRESS,
  UsersRepository,
  type DatabaseHandle,
} from '@insights/db';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { JobIdentity } from '@insights/generation';
import { APP_CONFIG, DATABASE } from '@insights/platform';
import { QueueAdmin, TEST_TIMINGS } from '@insights/testkit';
import { BullInsightsQueue, JOB_NAMES, newJobId } from '@insights/queue';
import { demoFeedback } from '@insights/testkit';
import { WorkerModule } from '../src/worker.module.js';

const MAX_STATEMENTS_PER_JOB = 8;
// The ledger flush and the job row's progress are each written at most once a second while a job
// runs (ADR 0012): a job that runs past its first second on a loaded host may send one more of
// each per further second begun, and no more.
const allowedFor = (seconds: number) => MAX_STATEMENTS_PER_JOB + 2 * Math.max(0, Math.ceil(seconds) - 1);

/**
 * Counts what one generation job sends to Postgres through the worker's own pool: the claim,
 * the statistics, the sample, one memo lookup, the ledger and memo rows, and the completion.
 */
describe('Postgres statements of one generation job', () => {
  let fake: FakeGlm;
  let app: INestApplicationContext;
  let worker: DatabaseHandle;
  let db: DatabaseHandle;
  let queue: BullInsightsQueue;
  const saved = { ...process.env };

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0, latencyMs: 5 });
    Object.assign(process.env, {
      INSIGHTS_PROVIDER: 'glm',
      GLM_API_KEY: 'test-key',
      GLM_BASE_URL: fake.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}-statements`,
      // Several map calls whatever the dates of the demo entries: the ledger rows of many calls
      // still go in one statement.
      INSIGHTS_CHUNK_TOKENS: '500',
      GLM_MAP_ENTRIES_PER_CALL: '20',
    });
    // Only the job under test talks to Postgres while it is counted: no reconciler sweep.
    const config = loadConfig(undefined, { verifiesTokens: false });
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(APP_CONFIG)
      .useValue({ ...config, worker: { ...config.worker, reconcileIntervalMs: TEST_TIMINGS.reconcileIdleMs } })
      .compile();
    moduleRef.useLogger(false);
    app = await moduleRef.init();
    worker = app.get<DatabaseHandle>(DATABASE);
    db = createDatabase(process.env.DATABASE_URL!);
    queue = BullInsightsQueue.open({ redisUrl: process.env.REDIS_URL!, keyPrefix: process.env.REDIS_KEY_PREFIX!, role: 'producer' });
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    const admin = QueueAdmin.open({ redisUrl: process.env.REDIS_URL!, keyPrefix: process.env.REDIS_KEY_PREFIX!, role: 'producer' });
    await admin.obliterate().catch(() => undefined);
    await admin.close();
    await queue?.close();
    await db?.close();
    await fake?.close();
    process.env = saved;
  });

  /** The statements the worker sends while nothing else is going on: settled once for this long. */
  async function quiet(ms = 500): Promise<number> {
    for (;;) {
      const before = worker.statements();
      await new Promise((r) => setTimeout(r, ms));
      if (worker.statements() === before) return before;
    }
  }

  async function runJob(
    userId: string,
    projectId: string,
  ): Promise<{ statements: number; seconds: number; llmCalls: number; memoHits: number; ledgerRows: number }> {
    const config = loadConfig();
    const project = (await new ProjectsRepository(db.db).findOwned(projectId, userId))!;
    const { cacheKey, scopeKey } = new JobIdentity(config).keys({ projectId }, {}, project.feedbackGeneration);
    const jobId = newJobId();
    const jobs = new InsightsJobsRepository(db.db);
    await jobs.create({ id: jobId, userId, projectId, filters: {}, dedupKey: cacheKey, progress: 0, progressDetail: QUEUED_PROGRESS });
    const before = await quiet();
    const payload = {
      jobId,
      userId,
      projectId,
      filters: {},
      feedbackGeneration: project.feedbackGeneration,
      cacheKey,
      scopeKey,
      trigger: 'interactive' as const,
    };
    await queue.enqueue(JOB_NAMES.generate, payload, { jobId, dedupId: cacheKey, trigger: 'interactive' });
    for (let i = 0; (await jobs.status(jobId)) !== 'completed'; i++) {
      if (i > 300) throw new Error(`job ${jobId} did not complete: ${await jobs.status(jobId)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const statements = (await quiet()) - before;
    const job = (await jobs.findById(jobId))!;
    const result = job.result as { llmCalls: number; memoHits: number };
    const ledger = await db.pool.query<{ n: number }>('select count(*)::int as n from llm_calls where job_id = $1', [jobId]);
    // How long the job ran, from its claim to its completion, as the row records them.
    const ran = await db.pool.query<{ s: number }>('select extract(epoch from completed_at - started_at)::float8 as s from insights_jobs where id = $1', [
      jobId,
    ]);
    const seconds = ran.rows[0]!.s;
    // Stored once: the row holds no copy, its key leads to the cache entry the repository reads.
    const stored = await db.pool.query<{ copy: boolean; same: boolean }>(
      `select j.result is not null as copy, c.result = $2::jsonb as same from insights_jobs j join insights_cache c on c.cache_key = j.dedup_key where j.id = $1`,
      [jobId, JSON.stringify(job.result)],
    );
    expect(stored.rows).toEqual([{ copy: false, same: true }]);
    return { statements, seconds, llmCalls: result.llmCalls, memoHits: result.memoHits, ledgerRows: ledger.rows[0]!.n };
  }

  async function project(userId: string, seed: number): Promise<string> {
    const projectId = (await new ProjectsRepository(db.db).create({ userId, name: `statements ${seed}`, hashedApiKey: randomUUID() })).id;
    await new FeedbackRepository(db.db).insertForProject(projectId, [...demoFeedback({ count: 100, seed })]);
    return projectId;
  }

  it(`needs at most ${MAX_STATEMENTS_PER_JOB}, first with every chunk answered by the model, then with every chunk remembered`, async () => {
    const userId = (await new UsersRepository(db.db).upsertByClerkId(`user_${randomUUID()}`)).id;
    // A first job warms the process up (module code compiled on first use), as in production
    // after the first few jobs: a job that runs past a second also writes its progress once.
    await runJob(userId, await project(userId, 4));
    const projectId = await project(userId, 5);

    const fresh = await runJob(userId, projectId);
    expect(fresh.llmCalls).toBeGreaterThan(2);
    expect(fresh.ledgerRows).toBe(fresh.llmCalls);
    expect(fresh.statements).toBeLessThanOrEqual(allowedFor(fresh.seconds));

    // Same data, a new job: the map answers come from the memo, only the reduce is paid again.
    const remembered = await runJob(userId, projectId);
    expect(remembered.memoHits).toBeGreaterThan(1);
    expect(remembered.ledgerRows).toBe(remembered.llmCalls);
    expect(remembered.statements).toBeLessThanOrEqual(allowedFor(remembered.seconds));
    console.log(
      `statements per job: ${fresh.statements} in ${fresh.seconds.toFixed(2)} s (every chunk answered), ` +
        `${remembered.statements} in ${remembered.seconds.toFixed(2)} s (chunks remembered)`,
    );
  }, 60_000);
});
