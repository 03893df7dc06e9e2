import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { QueueAdmin, SPAWNED_TIMINGS, newUser, eventually, WorkerProcess } from '@insights/testkit';
import { InsightsQueue } from '../../packages/queue/src/index.js';
import { createProject, glmEnv, setEnv, within, type TestApp } from './support.js';
import { createTestApp } from '@insights/api/testing';

interface Row {
  id: string;
  status: string;
  attempts: number;
  error: string | null;
}

/**
 * Job rows whose queue jobs Redis lost: the reconciler (RECONCILE_INTERVAL_MS 1 s) must
 * re-enqueue them or fail them with a reason once they are old enough; none may stay open.
 */
describe('reconciler after Redis loses jobs', () => {
  let fake: FakeGlm;
  let app: TestApp;
  let db: DatabaseHandle;
  let worker: WorkerProcess | undefined;
  let queue: InsightsQueue;
  let admin: QueueAdmin;
  let restoreEnv: { restore(): void } | undefined;
  let env: Record<string, string>;
  const owner = newUser();
  let seed = 5000;

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0 });
    env = glmEnv(fake.url, {
      ...SPAWNED_TIMINGS.quickStalls,
      ...SPAWNED_TIMINGS.quickReconcile,
    });
    restoreEnv = setEnv(env);
    app = await createTestApp();
    db = createDatabase(process.env.DATABASE_URL!);
    queue = app.get(InsightsQueue);
    admin = QueueAdmin.of(app);
    worker = await WorkerProcess.start(env);
  });

  afterAll(async () => {
    await admin?.resume().catch(() => undefined);
    await within(worker?.stop() ?? Promise.resolve(), 15_000, 'worker stop').catch(() => worker?.kill('SIGKILL'));
    await app?.close();
    await db?.close();
    await fake?.close();
    restoreEnv?.restore();
  }, 30_000);

  const rowsOf = async (ids: string[]) =>
    (await db.pool.query<Row>('select id, status, attempts, error from insights_jobs where id = any($1) order by id', [ids])).rows;
  const backdate = (ids: string[]) => db.pool.query(`update insights_jobs set updated_at = now() - interval '10 minutes' where id = any($1)`, [ids]);
  const settled = (ids: string[], timeoutMs: number) =>
    eventually(
      async () => {
        const rows = await rowsOf(ids);
        return rows.every((r) => r.status === 'completed' || r.status === 'failed') ? rows : undefined;
      },
      timeoutMs,
      'rows to settle',
    ).catch(() => rowsOf(ids));

  /** Queues `count` jobs while the queue is paused, so they are still waiting when Redis loses them. */
  async function pausedJobs(count: number): Promise<{ ids: string[]; keys: string[] }> {
    await admin.pause();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { id } = await createProject(app, owner.headers, 15, seed++);
      const res = await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: owner.headers, payload: { projectId: id } });
      expect(res.statusCode).toBe(202);
      ids.push(res.json().data.jobId);
    }
    const keys = (await db.pool.query<{ dedup_key: string }>('select dedup_key from insights_jobs where id = any($1)', [ids])).rows.map((r) => r.dedup_key);
    return { ids, keys };
  }

  it('re-enqueues lost jobs (or fails them with a reason) once they are old enough, and leaves fresh rows alone', async () => {
    const { ids, keys } = await pausedJobs(5);
    // Redis loses these jobs: their hashes, list entries and dedup keys.
    for (const [i, id] of ids.entries()) await admin.forget(id, keys[i]);
    expect(await Promise.all(ids.map((id) => queue.state(id)))).toEqual(ids.map(() => 'unknown'));

    const [lastAttempt, fresh, ...lost] = ids as [string, string, ...string[]];
    await db.pool.query('update insights_jobs set attempts = 3 where id = $1', [lastAttempt]);
    await backdate([lastAttempt, ...lost]);
    await admin.resume();

    const settledRows = await settled([lastAttempt, ...lost], 30_000);
    // Several reconcile passes have run by now: the fresh row must still be untouched.
    const freshRow = (await rowsOf([fresh]))[0]!;
    const freshState = await queue.state(fresh);
    await backdate([fresh]);
    const freshLater = (await settled([fresh], 30_000))[0]!;

    const requeued = settledRows.filter((r) => lost.includes(r.id));
    const failedLast = settledRows.find((r) => r.id === lastAttempt)!;
    console.log(
      `reconciler (jobs removed from Redis): ${lost.length} lost rows → ${requeued.filter((r) => r.status === 'completed').length} re-enqueued and completed, ` +
        `${requeued.filter((r) => r.status === 'failed').length} failed, ${requeued.filter((r) => r.status === 'pending' || r.status === 'processing').length} left open; ` +
        `row lost after its last attempt → ${failedLast.status} ("${failedLast.error ?? ''}"); ` +
        `fresh row left ${freshRow.status} (queue ${freshState}) until old enough, then ${freshLater.status}`,
    );

    for (const row of requeued) expect(row.status).toBe('completed');
    expect(failedLast.status).toBe('failed');
    expect(failedLast.error?.trim()).toBeTruthy();
    expect(freshRow.status).toBe('pending');
    expect(freshLater.status).toBe('completed');
  }, 90_000);

  it('settles rows after the whole queue is lost (obliterated, like a Redis restart without persistence)', async () => {
    const { ids } = await pausedJobs(3);
    await admin.obliterate();
    await admin.resume();
    await backdate(ids);

    const rows = await settled(ids, 15_000);
    const open = rows.filter((r) => r.status === 'pending' || r.status === 'processing');
    const schedulers = await admin.scheduleCount();

    // What a worker restart (which re-creates the reconcile schedule) does for the same rows.
    let afterRestart = 'not needed';
    if (open.length) {
      await within(worker!.stop(), 15_000, 'worker stop').catch(() => worker!.kill('SIGKILL'));
      worker = await WorkerProcess.start(env);
      const again = await settled(ids, 20_000);
      afterRestart = `${again.filter((r) => r.status === 'completed').length} completed, ${again.filter((r) => r.status === 'failed').length} failed, ${again.filter((r) => r.status === 'pending' || r.status === 'processing').length} open`;
    }
    console.log(
      `reconciler (queue obliterated): ${ids.length} rows → ${rows.filter((r) => r.status === 'completed').length} completed, ` +
        `${rows.filter((r) => r.status === 'failed').length} failed, ${open.length} left open after 15 s; ` +
        `job schedulers left in Redis: ${schedulers}; after a worker restart: ${afterRestart}`,
    );

    expect(open.map((r) => `${r.id}:${r.status}`)).toEqual([]);
  }, 90_000);
});
