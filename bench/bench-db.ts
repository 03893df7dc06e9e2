import { createHash, randomBytes } from 'node:crypto';
import {
  createDatabase,
  dropDatabase,
  ensureDatabase,
  feedback,
  hashApiKey,
  newApiKey,
  ProjectsRepository,
  runMigrations,
  UsersRepository,
  type DatabaseHandle,
  type NewFeedback,
} from '@insights/db';
import { demoFeedback } from '@insights/testkit';

const BATCH = 2_000;
const DAY_MS = 86_400_000;
/** Fixed so the data set, and therefore every chunk and token count, is the same on each run. */
export const BENCH_NOW = new Date('2026-11-01T00:00:00Z');

export interface BenchDatabase {
  url: string;
  handle: DatabaseHandle;
  drop(): Promise<void>;
}

export interface BenchProject {
  userId: string;
  projectId: string;
}

/** A throwaway database on the same server as `baseUrl`, named so it is easy to spot and clean. */
export async function createBenchDatabase(baseUrl: string): Promise<BenchDatabase> {
  const target = new URL(baseUrl);
  target.pathname = `/fi_bench_${randomBytes(4).toString('hex')}`;
  const url = target.toString();
  await ensureDatabase(url);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await handle.close().catch(() => undefined);
    await dropDatabase(url);
  };
  const handle = createDatabase(url);
  try {
    await runMigrations(url);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, handle, drop };
}

// Postgres generates random ids by default; derived ids keep chunk boundaries (which hash the
// ids) identical from one benchmark run to the next.
function benchId(seed: number, index: number): string {
  const h = createHash('sha256').update(`bench:${seed}:${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

async function insertDemo(handle: DatabaseHandle, projectId: string, options: { count: number; seed: number; days: number; now: Date }): Promise<void> {
  let batch: NewFeedback[] = [];
  let index = 0;
  for (const row of demoFeedback(options)) {
    batch.push({ ...row, id: benchId(options.seed, index++), projectId });
    if (batch.length === BATCH) {
      await handle.db.insert(feedback).values(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await handle.db.insert(feedback).values(batch);
  await handle.pool.query('analyze feedback');
}

/** One user and one project holding `count` entries spread over the year before BENCH_NOW. */
export async function seedProject(handle: DatabaseHandle, count: number, seed: number): Promise<BenchProject> {
  const user = await new UsersRepository(handle.db).upsertByClerkId('user_bench', 'bench@example.com');
  const project = await new ProjectsRepository(handle.db).create({
    name: 'Benchmark project',
    userId: user.id,
    hashedApiKey: hashApiKey(newApiKey()),
  });
  await insertDemo(handle, project.id, { count, seed, days: 365, now: BENCH_NOW });
  return { userId: user.id, projectId: project.id };
}

/** New feedback dated in the week after BENCH_NOW: the newest entries, as fresh arrivals would be. */
export async function addRecentFeedback(handle: DatabaseHandle, projectId: string, count: number, seed: number) {
  const now = new Date(BENCH_NOW.getTime() + 7 * DAY_MS);
  await insertDemo(handle, projectId, { count, seed, days: 7, now });
}

/** Empties the chunk memo, so the next run pays for every chunk. */
export async function clearChunkMemo(handle: DatabaseHandle): Promise<void> {
  await handle.pool.query('truncate insights_chunk_memo');
}
