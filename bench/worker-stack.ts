/**
 * Shared by bench:worker, bench:cost, bench:latency and bench:large: a throwaway database and
 * Redis key prefix, the API and worker as child processes configured like production (except
 * what each benchmark says it changes), deterministic seeding, and jobs launched by the API's own
 * launcher.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Redis } from 'ioredis';
import { generateKeyPair, loadConfig, type AppConfig, type KeyPair } from '@insights/config';
import { signSessionToken, NodeChild, sleep } from '@insights/testkit';
import {
  createDatabase,
  dropDatabase,
  ensureDatabase,
  feedback,
  FeedbackRepository,
  hashApiKey,
  InsightsJobsRepository,
  newApiKey,
  ProjectsRepository,
  runMigrations,
  UsersRepository,
  type DatabaseHandle,
  type NewFeedback,
} from '@insights/db';
import { demoFeedback } from '@insights/testkit';
import { JobIdentity, JobLauncher, JobSizer, SpendPolicy, TokenBudget, type LaunchCache } from '@insights/generation';
// @insights/queue is not a dependency of the root package: reach its source directly.
import { createRedisConnection, type InsightsQueue } from '../packages/queue/src/index.js';
import { benchChildOptions, deleteKeys } from './http-stack.js';

export { BullInsightsQueue, createQueueConnection, generateJobOptions, JOB_NAMES, queuePrefix } from '../packages/queue/src/index.js';

export const BENCH_CLERK_ID = 'user_bench';
export const AZP = 'http://localhost:3000';
/** USER_HZ: 100 on every mainstream Linux build. */
const CLOCK_TICKS = 100;
const INSERT_BATCH = 2_000;

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), ${fmt(totalmem() / 1024 ** 3)} GiB, Node ${process.versions.node}`;
}

/** The 1-minute load average now and at the start: other work on the machine skews wall times. */
export function loadLine(atStart: number): string {
  return `load average ${fmt(atStart, 2)} at the start, ${fmt(loadavg()[0]!, 2)} at the end`;
}

/** Jiffies of all cores from /proc/stat (Linux): busy and total, to compute how loaded the machine was. */
export function machineCpu(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - v[3]! - v[4]!, total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

/** Share of all cores busy between two machineCpu() readings, in percent. */
export const busyPercent = (a: { busy: number; total: number }, b: { busy: number; total: number }) =>
  ((b.busy - a.busy) / Math.max(1, b.total - a.total)) * 100;

/** Refuses anything but loopback: a benchmark must never load a shared server. */
export function assertLoopback(...urls: string[]): void {
  for (const url of urls) {
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) {
      throw new Error(`refusing a non-loopback service: ${new URL(url).host}`);
    }
  }
}

/** A service child process, with its memory and CPU time read from /proc. */
export class ServiceChild extends NodeChild {
  /** Resident and peak resident memory (Linux /proc), in MB; undefined elsewhere. */
  memory(): { rssMb: number; peakRssMb: number } | undefined {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
      return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
    } catch {
      return undefined;
    }
  }

  /** User plus system CPU time the process has used so far, in ms (Linux /proc; NaN elsewhere). */
  cpuMs(): number {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces): utime and stime are 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return Number.NaN;
    }
  }
}

export interface BenchStack {
  name: string;
  databaseUrl: string;
  redisUrl: string;
  /** REDIS_KEY_PREFIX of the service processes: equal to the database name. */
  keyPrefix: string;
  handle: DatabaseHandle;
  redis: Redis;
  keys: KeyPair;
}

/**
 * Owns everything a benchmark starts: the throwaway database and key prefix, child processes,
 * extra resources (fake servers, queues). `cleanUp` undoes all of it once, also on Ctrl-C.
 */
export class BenchRun {
  stack?: BenchStack;
  private readonly children: ServiceChild[] = [];
  private readonly closers: (() => Promise<void>)[] = [];
  private cleaning?: Promise<void>;

  constructor(readonly kind: string) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => this.abort(`\n${signal}: cleaning up`, 130));
    }
  }

  /** A fresh, migrated database `fi_bench_<kind>_<hex>` and a Redis key prefix of the same name. */
  async create(): Promise<BenchStack> {
    const databaseBase = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_insights';
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    assertLoopback(databaseBase, redisUrl);
    const name = `fi_bench_${this.kind}_${randomBytes(4).toString('hex')}`;
    const target = new URL(databaseBase);
    target.pathname = `/${name}`;
    const databaseUrl = target.toString();
    await ensureDatabase(databaseUrl);
    const handle = createDatabase(databaseUrl, 10);
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    redis.on('error', () => undefined);
    this.stack = { name, databaseUrl, redisUrl, keyPrefix: name, handle, redis, keys: generateKeyPair() };
    await runMigrations(databaseUrl);
    return this.stack;
  }

  /** Registers something to close at clean-up (run before the database is dropped). */
  onCleanUp(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  start(name: string, entry: string, env: NodeJS.ProcessEnv, args: string[] = [], nodeArgs: string[] = []): ServiceChild {
    const child = new ServiceChild(
      entry,
      benchChildOptions(
        name,
        env,
        (n, code, output) => {
          if (!this.cleaning) this.abort(`${n} exited unexpectedly (${code}); its last output:\n${output.slice(-4_000)}`);
        },
        args,
        nodeArgs,
      ),
    );
    this.children.push(child);
    return child;
  }

  cleanUp(): Promise<void> {
    this.cleaning ??= (async () => {
      await Promise.all(this.children.map((c) => c.stop().catch(() => undefined)));
      for (const close of this.closers.reverse()) await close().catch(() => undefined);
      const stack = this.stack;
      if (!stack) return;
      await stack.handle.close().catch(() => undefined);
      await dropDatabase(stack.databaseUrl).catch((error: unknown) => console.error(`could not drop ${stack.name}: ${String(error)}`));
      const deleted = await deleteKeys(stack.redis, stack.keyPrefix).catch((error: unknown) => {
        console.error(`could not delete Redis keys ${stack.name}: ${String(error)}`);
        return 0;
      });
      stack.redis.disconnect();
      console.log(`cleaned up: processes stopped, database ${stack.name} dropped, ${fmt(deleted)} Redis keys deleted`);
    })();
    return this.cleaning;
  }

  abort(message: string, code = 1): void {
    console.error(message);
    void this.cleanUp().finally(() => process.exit(code));
    setTimeout(() => process.exit(code), 30_000).unref();
  }

  /** Runs `main`, cleans up, exits 0 on success and 1 on failure. */
  async run(main: () => Promise<void>): Promise<never> {
    try {
      await main();
      await this.cleanUp();
      process.exit(0);
    } catch (error) {
      if (this.cleaning) await sleep(30_000); // abort() is cleaning up and exits when done
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      await this.cleanUp();
      process.exit(1);
    }
  }
}

/** Keys carrying the prefix anywhere (bare, BullMQ hash tag, after a namespace); it ends in random hex. */

/** The environment of the API and worker children; `overrides` names each benchmark's changes. */
export function serviceEnv(stack: BenchStack, glmUrl: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redisUrl,
    CACHE_REDIS_URL: stack.redisUrl,
    REDIS_KEY_PREFIX: stack.keyPrefix,
    CLERK_JWT_KEY: stack.keys.publicKey,
    CLERK_AUTHORIZED_PARTIES: AZP,
    INSIGHTS_PROVIDER: 'glm',
    GLM_API_KEY: 'bench-key',
    GLM_BASE_URL: glmUrl,
    // The fake's decode timing makes a packed map call take minutes (thousands of tokens at tens
    // a second): past the default 60 s it would be cut and retried without end.
    GLM_TIMEOUT_MS: '600000',
    LOG_LEVEL: 'log',
    NO_COLOR: '1',
    WORKER_SHUTDOWN_GRACE_MS: '1000',
    CORS_ORIGINS: '',
    BULL_BOARD_USER: '',
    BULL_BOARD_PASSWORD: '',
    METRICS_USER: '',
    METRICS_PASSWORD: '',
    ...overrides,
  };
}

/** The configuration the children load from `serviceEnv` (for cache keys and model tags). */
export function benchConfig(stack: BenchStack, glmUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'development',
    CLERK_JWT_KEY: stack.keys.publicKey,
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redisUrl,
    REDIS_KEY_PREFIX: stack.keyPrefix,
    INSIGHTS_PROVIDER: 'glm',
    GLM_API_KEY: 'bench-key',
    GLM_BASE_URL: glmUrl,
    ...overrides,
  });
}

export const WORKER_READY = /processing "insights-generate"/;
/** Node's options for the worker as production starts it (`pnpm start:worker`, the Dockerfile). */
export const WORKER_NODE_ARGS = ['--max-semi-space-size=2'];

export async function waitForApi(base: string, api: ServiceChild, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!api.running) throw new Error(`the API exited:\n${api.output.slice(-4_000)}`);
    try {
      if ((await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the API did not become ready within ${timeoutMs / 1000} s`);
}

export function bearer(stack: BenchStack, sub = BENCH_CLERK_ID): Record<string, string> {
  const token = signSessionToken(stack.keys.privateKey, { sub, azp: AZP, expiresIn: 3_600 });
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

export interface Answer<T> {
  status: number;
  ms: number;
  body: { success: boolean; data: T; cached?: boolean; stale?: boolean; refreshJobId?: string | null; code?: string; message?: string };
}

/** One HTTP call, timed from sending to the last byte of the body. */
export async function call<T>(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<Answer<T>> {
  const started = performance.now();
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 60_000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  return { status: res.status, ms, body: JSON.parse(text) as Answer<T>['body'] };
}

// Postgres would pick random ids; derived ones keep chunk boundaries (which hash ids) and so
// every token count identical from run to run.
export function derivedId(...parts: (string | number)[]): string {
  const h = createHash('sha256')
    .update(`bench:${parts.join(':')}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function benchUser(handle: DatabaseHandle): Promise<string> {
  return (await new UsersRepository(handle.db).upsertByClerkId(BENCH_CLERK_ID, 'bench@example.com')).id;
}

/** `count` projects with derived ids and names, no feedback yet. */
export async function createProjects(handle: DatabaseHandle, userId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const project = await new ProjectsRepository(handle.db).create({
      id: derivedId('project', i),
      name: `Benchmark project ${i + 1}`,
      userId,
      hashedApiKey: hashApiKey(newApiKey()),
    });
    ids.push(project.id);
  }
  return ids;
}

/**
 * `count` demo entries; with `sentences` > 1 they hold 1 to `sentences` sentences in turn (the
 * later ones from the following demo entries, as people mention more than one thing).
 */
function* demoEntries(options: { count: number; seed: number; days: number; now: Date; sentences?: number }) {
  const most = options.sentences ?? 1;
  const rows = demoFeedback({ ...options, count: options.count * most });
  for (let i = 0; i < options.count; i++) {
    const row = rows.next().value!;
    const more = Array.from({ length: i % most }, () => rows.next().value!.text);
    yield { ...row, text: [row.text, ...more].join(' ') };
  }
}

/**
 * Inserts `count` demo entries (seeded) into a project, then bumps its feedback generation once,
 * as one bulk write through the API would.
 */
export async function insertFeedback(
  handle: DatabaseHandle,
  projectId: string,
  options: { count: number; seed: number; days?: number; now?: Date; sentences?: number },
): Promise<void> {
  let batch: NewFeedback[] = [];
  let index = 0;
  for (const row of demoEntries({ days: 365, now: new Date('2026-11-01T00:00:00Z'), ...options })) {
    batch.push({ ...row, id: derivedId(projectId, options.seed, index++), projectId });
    if (batch.length === INSERT_BATCH) {
      await handle.db.insert(feedback).values(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await handle.db.insert(feedback).values(batch);
}

/** Nothing is ever cached for a benchmark's jobs: each run starts from empty cache tables. */
const NOTHING_CACHED: LaunchCache = {
  hotBody: () => Promise.resolve(undefined),
  durableBody: () => Promise.resolve(undefined),
  freshBody: () => Promise.resolve(undefined),
  hotAnswer: () => Promise.resolve(undefined),
  durableAnswer: () => Promise.resolve(undefined),
};

/**
 * The API's job launcher over the benchmark's database and queue: size class, job row, dedup id
 * and spend policy exactly as a request's. Budgets are off and the job rate is unbounded, since
 * a benchmark queues hundreds of jobs for one user; what it measures is the worker.
 */
export function benchLauncher(
  handle: DatabaseHandle,
  queue: InsightsQueue,
  config: AppConfig,
  target: { redisUrl: string; keyPrefix: string },
): { launcher: JobLauncher; close: () => Promise<void> } {
  const redis = createRedisConnection({ url: target.redisUrl }, 'producer');
  const spend = new SpendPolicy({
    redis,
    keyPrefix: target.keyPrefix,
    jobsPerMinutePerUser: Number.MAX_SAFE_INTEGER,
    projectBudget: new TokenBudget(handle.db, 0, 'project'),
    userBudget: new TokenBudget(handle.db, 0, 'user'),
  });
  const sizer = new JobSizer(new FeedbackRepository(handle.db), config.insights.largeJobMinFeedback);
  const launcher = new JobLauncher({ queue, jobs: new InsightsJobsRepository(handle.db), cache: NOTHING_CACHED, spend, sizer });
  return { launcher, close: () => Promise.resolve(redis.disconnect()) };
}

/** What a request for a project's insights (no filters) does with nothing cached: the job it runs on. */
export async function enqueueLikeApi(
  handle: DatabaseHandle,
  launcher: JobLauncher,
  config: AppConfig,
  userId: string,
  projectId: string,
  trigger: 'interactive' | 'background' = 'interactive',
): Promise<string> {
  const project = (await new ProjectsRepository(handle.db).findOwned(projectId, userId))!;
  const filters = {};
  const keys = new JobIdentity(config).keys({ projectId }, filters, project.feedbackGeneration);
  const launched = await launcher.launch({ userId, projectId, filters, generation: project.feedbackGeneration, ...keys }, trigger, { cache: 'none' });
  if (launched.outcome === 'cached' || launched.outcome === 'refused') throw new Error(`project ${projectId}: the launch was ${launched.outcome}`);
  return launched.jobId;
}

/** Waits until no job row is pending or processing (bounded). */
export async function waitForJobRows(handle: DatabaseHandle, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await handle.pool.query<{ open: number; failed: number }>(
      "select count(*) filter (where status in ('pending', 'processing'))::int as open, count(*) filter (where status = 'failed')::int as failed from insights_jobs",
    );
    if (rows[0]!.failed > 0) {
      const failed = await handle.pool.query<{ error: string }>("select error from insights_jobs where status = 'failed' limit 3");
      throw new Error(`${rows[0]!.failed} job(s) failed: ${failed.rows.map((r) => r.error).join('; ')}`);
    }
    if (rows[0]!.open === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0]!.open} job(s) still open after ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}
