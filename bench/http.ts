/**
 * HTTP benchmark: the real API and worker as separate processes, a fake GLM server, a throwaway
 * database and Redis key prefix; wrk (a native load generator, one thread) on loopback.
 * See docs/benchmarks.md, section "HTTP".
 */
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { generateKeyPair } from '@insights/config';
import { signSessionToken, NodeChild, eventually, freePort, sleep, waitForHttp } from '@insights/testkit';
import { hashApiKey, newApiKey, UsersRepository } from '@insights/db';
import { DEMO_CLERK_USER_ID, DEMO_PROJECT_ID, demoFeedback, seedDemo } from '@insights/testkit';
import { decodeModelDefaults, startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { burst, closedLoop, requireWrk, type LoadFigures, type LoadTarget } from './http-load.js';
import { benchChildOptions, createThrowaway, type Throwaway } from './http-stack.js';
import { requireWholeNumbers } from './cli.js';

const AZP = 'http://localhost:3000';
const SEED_COUNT = 2_000;
const SIDE_PROJECT_ENTRIES = 300;
const BURST_SIZE = 200;
/** Long enough that a job started during the job-creation runs stays in flight until the end. */
const IN_FLIGHT_LATENCY_MS = 120_000;
const TARGET_RATIO = 0.5;
const TARGET_READ_P99_MS = 10;
const TARGET_CREATE_P99_MS = 20;
// A completed job's poll carries the full result: half the cached read's rate, p99 under 20 ms.
const TARGET_STATUS_P99_MS = 20;
const TARGET_READ_BYTES = 16 * 1024;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    // The cached read and the baseline alternate this many times; the table shows the median round.
    rounds: { type: 'string', default: '3' },
    // A directory: the API writes a V8 CPU profile of the whole run there (open it in Chrome DevTools).
    profile: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const CONNECTIONS = Number(values.connections);
const ROUNDS = Number(values.rounds);
requireWholeNumbers([
  ['--seconds', SECONDS, 1, 60],
  ['--warmup', WARMUP, 0, 30],
  ['--connections', CONNECTIONS, 1, 1_000],
  ['--rounds', ROUNDS, 1, 9],
] as const);

let throwaway: Throwaway | undefined;
let fake: FakeGlm | undefined;
const children: NodeChild[] = [];
let cleaning: Promise<void> | undefined;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all(children.map((c) => c.stop().catch(() => undefined)));
    await fake?.close().catch(() => undefined);
    await throwaway?.remove().catch((error: unknown) => console.error(`clean-up incomplete: ${String(error)}`));
  })();
  return cleaning;
}

/** Cleans up and exits; bounded even if a clean-up step hangs. */
function abort(message: string, code = 1): void {
  console.error(message);
  void cleanUp().finally(() => process.exit(code));
  setTimeout(() => process.exit(code), 20_000).unref();
}

function fail(message: string): never {
  throw new Error(message);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping processes, dropping the database, deleting the Redis keys`);
    void cleanUp().finally(() => process.exit(130));
    setTimeout(() => process.exit(130), 20_000).unref();
  });
}

const onChildExit = (name: string, code: number | null, output: string) => {
  if (cleaning) return;
  abort(`${name} exited unexpectedly (${code}); its last output:\n${output.slice(-4_000)}`);
};

function start(name: string, entry: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): NodeChild {
  const child = new NodeChild(entry, benchChildOptions(name, env, onChildExit, [], nodeArgs));
  children.push(child);
  return child;
}

interface Envelope<T> {
  success: boolean;
  data: T;
  cached?: boolean;
  stale?: boolean;
  code?: string;
}
interface JobCreated {
  jobId: string;
  status: string;
  cached: boolean;
}
interface Job {
  jobId: string;
  status: string;
  error?: string;
  tokensUsed: number;
  processingTimeMs: number | null;
}

async function call<T>(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), json: JSON.parse(text) as Envelope<T> };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => (n < 10 ? fmt(n, 1) : fmt(n));
const check = (ok: boolean) => (ok ? 'met' : 'NOT met');

async function main(): Promise<void> {
  const startedAll = performance.now();
  console.log(`load generator: ${await requireWrk()}`);
  const databaseBase = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_insights';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  for (const url of [databaseBase, redisUrl]) {
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) fail(`refusing a non-loopback service: ${new URL(url).host}`);
  }

  throwaway = await createThrowaway(databaseBase, redisUrl);
  const db = throwaway;
  console.log(`database and Redis prefix ${db.keyPrefix} created`);
  await seedDemo(db.handle.db, { count: SEED_COUNT, seed: 42, hashedApiKey: hashApiKey(newApiKey()) });
  const demoUser = (await new UsersRepository(db.handle.db).findByClerkId(DEMO_CLERK_USER_ID))!;

  const keys = generateKeyPair();
  const token = signSessionToken(keys.privateKey, { sub: DEMO_CLERK_USER_ID, azp: AZP, expiresIn: 3_600 });
  const auth = { authorization: `Bearer ${token}` };
  const json = { ...auth, 'content-type': 'application/json' };

  // Decode timing, as a hosted model answers (row 4a adds a long fixed latency on top).
  fake = await startFakeGlm({ port: 0, host: '127.0.0.1', ...decodeModelDefaults() });
  const apiPort = await freePort();
  const base = `http://127.0.0.1:${apiPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    DATABASE_URL: db.databaseUrl,
    REDIS_URL: redisUrl,
    CACHE_REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: db.keyPrefix,
    CLERK_JWT_KEY: keys.publicKey,
    CLERK_AUTHORIZED_PARTIES: AZP,
    INSIGHTS_PROVIDER: 'glm',
    GLM_API_KEY: 'bench-key',
    GLM_BASE_URL: fake.url,
    // Decode timing: a packed map call can take minutes, past the default 60 s timeout.
    GLM_TIMEOUT_MS: '600000',
    LOG_LEVEL: 'warn',
    // The schema's maximum; the runs below create few real jobs (identical requests share one).
    JOBS_PER_MINUTE_PER_USER: '10000',
    // All the load comes from 127.0.0.1; the default per-IP limit would answer 429 within a second.
    REQUESTS_PER_MINUTE_PER_IP: '1000000',
    REQUESTS_PER_MINUTE_PER_USER: '1000000',
    WORKER_SHUTDOWN_GRACE_MS: '1000',
    CORS_ORIGINS: '',
    BULL_BOARD_USER: '',
    BULL_BOARD_PASSWORD: '',
  };
  const stackStarted = performance.now();
  const api = start('api', 'apps/api/dist/main.js', env, values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []);
  const worker = start('worker', 'apps/worker/dist/main.js', { ...env, LOG_LEVEL: 'log', NO_COLOR: '1' });
  await Promise.all([waitForHttp(`${base}/health/ready`, 90_000, () => api.running), worker.waitFor(/processing "insights-generate"/, 90_000)]);
  console.log(`API and worker ready in ${fmt((performance.now() - stackStarted) / 1000, 1)} s`);

  // --- Generate once ---------------------------------------------------------------------
  const generationStarted = performance.now();
  const created = await call<JobCreated>(`${base}/api/insights/jobs`, { method: 'POST', headers: json, body: { projectId: DEMO_PROJECT_ID } });
  if (created.status !== 202) fail(`POST /api/insights/jobs answered ${created.status}: ${JSON.stringify(created.json)}`);
  const jobId = created.json.data.jobId;
  const done = await eventually(
    async () => {
      const job = (await call<Job>(`${base}/api/insights/jobs/${jobId}`, { headers: auth })).json.data;
      if (job.status === 'failed' || job.status === 'cancelled') fail(`the generation job ${job.status}: ${job.error ?? ''}`);
      return job.status === 'completed' ? job : undefined;
    },
    // In decode timing a packed map call answers thousands of tokens at 80 a second: minutes.
    600_000,
    'the first generation',
  );
  console.log(
    `generated insights for ${fmt(SEED_COUNT)} entries in ${fmt((performance.now() - generationStarted) / 1000, 1)} s ` +
      `(${fake.stats().calls} LLM calls, ${fmt(done.tokensUsed)} tokens)`,
  );

  // --- Preconditions of the read runs ----------------------------------------------------
  const readUrl = `${base}/api/insights?projectId=${DEMO_PROJECT_ID}`;
  const jobUrl = `${base}/api/insights/jobs/${jobId}`;
  const read = await call<unknown>(readUrl, { headers: auth });
  if (read.status !== 200 || read.json.cached !== true || read.json.stale !== false) {
    fail(`GET /api/insights is not a fresh cache hit: ${read.status} ${JSON.stringify(read.json).slice(0, 300)}`);
  }
  const status = await call<Job>(jobUrl, { headers: auth });
  if (status.status !== 200 || status.json.data.status !== 'completed') fail(`GET ${jobUrl} answered ${status.status}`);

  // The baseline serves the very bytes the API's cache holds for this read (same key contents).
  const cacheKeys: string[] = [];
  for (let cursor = '0', rounds = 0; rounds < 1_000; rounds++) {
    const [next, found] = await db.redis.scan(cursor, 'MATCH', `${db.keyPrefix}:insights-read:*`, 'COUNT', 1_000);
    cacheKeys.push(...found);
    cursor = next;
    if (cursor === '0') break;
  }
  let cachedValue: Buffer | null = null;
  for (const key of cacheKeys) {
    const value = await db.redis.getBuffer(key);
    if (value && (!cachedValue || value.length > cachedValue.length)) cachedValue = value;
  }
  if (!cachedValue) fail('found no cached insights body in Redis to copy for the baseline');
  const baselineKey = `${db.keyPrefix}:bench:baseline`;
  await db.redis.set(baselineKey, cachedValue, 'EX', 3_600);
  const baseline = start('baseline', 'bench/http-baseline.ts', { ...process.env, REDIS_URL: redisUrl, BASELINE_KEY: baselineKey, PORT: '0' });
  const baselinePort = (await baseline.waitFor(/listening (\d+)/, 30_000))[1];
  const baselineUrl = `http://127.0.0.1:${baselinePort}/`;
  const baselineCheck = await call<unknown>(baselineUrl);
  if (baselineCheck.status !== 200) fail(`the baseline server answered ${baselineCheck.status}`);
  console.log(
    `response sizes: cached read ${fmt(read.bytes)} B, job status ${fmt(status.bytes)} B, baseline ${fmt(baselineCheck.bytes)} B ` +
      `(cached body in Redis ${fmt(cachedValue.length)} B)`,
  );

  // Postgres transactions committed in the bench database (each autocommit statement is one).
  // Nothing else uses this database, so the increase under load is the API's doing; read twice
  // while the load is steady, so that statistics not yet flushed by the server's backends (they
  // report about once a second) are about the same at both ends.
  const pgCommits = async () => {
    const { rows } = await db.handle.pool.query<{ n: string }>('select xact_commit::text as n from pg_stat_database where datname = current_database()');
    return Number(rows[0]!.n);
  };
  const commitsPerSecond = async () => {
    await sleep(1_500);
    const c1 = await pgCommits();
    const window = Math.max(1, SECONDS - 2.5);
    await sleep(window * 1_000);
    return ((await pgCommits()) - c1) / window;
  };
  const closed = async (target: LoadTarget, label: string): Promise<LoadFigures & { pgPerRequest: number }> => {
    if (cleaning) fail('stopped');
    console.log(`running: ${label} (${WARMUP} s warm-up + ${SECONDS} s, ${CONNECTIONS} connections)`);
    const figures = await closedLoop(target, {
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmupSeconds: WARMUP,
      during: SECONDS >= 4 ? commitsPerSecond : undefined,
    });
    return { ...figures, pgPerRequest: figures.during === undefined ? Number.NaN : figures.during / figures.rps };
  };

  // --- 1-3: closed-loop reads, the cached read and the baseline alternating ----------------
  const readRounds: LoadFigures[] = [];
  const bareRounds: LoadFigures[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    readRounds.push(await closed({ url: readUrl, headers: auth }, `cached read, round ${round} of ${ROUNDS}`));
    bareRounds.push(await closed({ url: baselineUrl }, `baseline, round ${round} of ${ROUNDS}`));
  }
  const jobStatus = await closed({ url: jobUrl, headers: auth }, 'job status');
  const middle = <T extends LoadFigures>(rounds: T[]) => [...rounds].sort((x, y) => x.rps - y.rps)[Math.floor(rounds.length / 2)]!;
  const cachedRead = middle(readRounds as (LoadFigures & { pgPerRequest: number })[]);
  const bare = middle(bareRounds);
  const roundRatios = readRounds.map((r, i) => r.rps / bareRounds[i]!.rps);

  // --- 4: job creation ------------------------------------------------------------------------
  fake.setLatency(IN_FLIGHT_LATENCY_MS);
  const sideProject = async (name: string, seed: number) => {
    const project = await call<{ id: string }>(`${base}/api/projects`, { method: 'POST', headers: json, body: { name } });
    if (project.status !== 201) fail(`POST /api/projects answered ${project.status}`);
    const items = [...demoFeedback({ count: SIDE_PROJECT_ENTRIES, seed })].map((f) => ({
      text: f.text,
      rating: f.rating,
      createdAt: f.createdAt!.toISOString(),
    }));
    const bulk = await call<unknown>(`${base}/api/projects/${project.json.data.id}/feedback/bulk`, { method: 'POST', headers: json, body: { items } });
    if (bulk.status !== 201) fail(`bulk import answered ${bulk.status}: ${JSON.stringify(bulk.json).slice(0, 300)}`);
    return project.json.data.id;
  };
  const dedupProject = await sideProject('bench: in-flight job', 7);
  const burstProject = await sideProject('bench: 200 at once', 8);
  const jobRows = async (projectId: string) =>
    (await db.handle.pool.query<{ n: number }>('select count(*)::int as n from insights_jobs where project_id = $1', [projectId])).rows[0]!.n;

  const createBody = (projectId: string) => JSON.stringify({ projectId });
  const first = await call<JobCreated>(`${base}/api/insights/jobs`, { method: 'POST', headers: json, body: { projectId: dedupProject } });
  const again = await call<JobCreated>(`${base}/api/insights/jobs`, { method: 'POST', headers: json, body: { projectId: dedupProject } });
  if (first.status !== 202 || again.status !== 202 || again.json.data.jobId !== first.json.data.jobId) {
    fail(`the in-flight job is not deduplicated: ${first.status} ${JSON.stringify(first.json)} / ${again.status} ${JSON.stringify(again.json)}`);
  }
  const dedup = await closed(
    { url: `${base}/api/insights/jobs`, method: 'POST', headers: json, body: createBody(dedupProject) },
    'job creation, identical to a job in flight',
  );
  const dedupRows = await jobRows(dedupProject);

  const fromCache = await call<JobCreated>(`${base}/api/insights/jobs`, { method: 'POST', headers: json, body: { projectId: DEMO_PROJECT_ID } });
  if (fromCache.status !== 200 || fromCache.json.data.status !== 'completed' || fromCache.json.data.cached !== true) {
    fail(`POST /api/insights/jobs for the generated project is not answered from the cache: ${fromCache.status} ${JSON.stringify(fromCache.json)}`);
  }
  const tableSize = async () =>
    (
      await db.handle.pool.query<{ n: number; bytes: string }>(
        "select (select count(*)::int from insights_jobs) as n, pg_total_relation_size('insights_jobs')::text as bytes",
      )
    ).rows[0]!;
  const before = await tableSize();
  const cachedCreate = await closed(
    { url: `${base}/api/insights/jobs`, method: 'POST', headers: json, body: createBody(DEMO_PROJECT_ID) },
    'job creation answered from the cache',
  );
  const after = await tableSize();
  const rowsWritten = after.n - before.n;
  const bytesWritten = Number(after.bytes) - Number(before.bytes);

  const limiterKey = `${db.keyPrefix}:ratelimit:jobs:${demoUser.id}`;
  const pointsBefore = Number((await db.redis.get(limiterKey)) ?? 0);
  console.log(`running: ${BURST_SIZE} identical POST /api/insights/jobs at once for a project with nothing cached`);
  const burstStarted = performance.now();
  const answers = await burst<Envelope<JobCreated>>(
    { url: `${base}/api/insights/jobs`, method: 'POST', headers: json, body: createBody(burstProject) },
    BURST_SIZE,
  );
  const burstMs = performance.now() - burstStarted;
  const burstIds = new Set(answers.map((a) => a.body.data?.jobId));
  const burstStatuses = [...new Set(answers.map((a) => a.status))].sort();
  const burstRows = await jobRows(burstProject);
  const pointsSpent = Number((await db.redis.get(limiterKey)) ?? 0) - pointsBefore;
  const burstSorted = answers.map((a) => a.ms).sort((a, b) => a - b);

  // --- Report ---------------------------------------------------------------------------------
  const pct = (f: LoadFigures) => `${fmt((f.rps / bare.rps) * 100)} % of baseline`;
  const readTarget = `≥ ${TARGET_RATIO * 100} % of baseline req/s; p99 < ${TARGET_READ_P99_MS} ms`;
  const readResult = (f: LoadFigures) => `${pct(f)} (${check(f.rps / bare.rps >= TARGET_RATIO)}); p99 ${check(f.p99 < TARGET_READ_P99_MS)}`;
  const pg = (f: { pgPerRequest: number }) => (Number.isNaN(f.pgPerRequest) ? '–' : fmt(f.pgPerRequest, 2));
  type Row = [label: string, rps: string, p50: string, p99: string, pg: string, target: string, result: string];
  const rows: Row[] = [
    [
      '1. cached read: GET /api/insights?projectId=…',
      fmt(cachedRead.rps),
      ms(cachedRead.p50),
      ms(cachedRead.p99),
      pg(cachedRead),
      readTarget,
      readResult(cachedRead),
    ],
    ['2. baseline: node:http + one Redis GET, stored bytes written back', fmt(bare.rps), ms(bare.p50), ms(bare.p99), '0', 'reference', '100 %'],
    [
      '3. job status: GET /api/insights/jobs/:id (completed, full result)',
      fmt(jobStatus.rps),
      ms(jobStatus.p50),
      ms(jobStatus.p99),
      pg(jobStatus),
      `≥ ${TARGET_RATIO * 100} % of row 1's req/s; p99 < ${TARGET_STATUS_P99_MS} ms`,
      `${fmt((jobStatus.rps / cachedRead.rps) * 100)} % of row 1 (${check(jobStatus.rps / cachedRead.rps >= TARGET_RATIO)}); p99 ${check(jobStatus.p99 < TARGET_STATUS_P99_MS)}; ${pct(jobStatus)}`,
    ],
    [
      '4a. POST /api/insights/jobs, identical job in flight (202)',
      fmt(dedup.rps),
      ms(dedup.p50),
      ms(dedup.p99),
      pg(dedup),
      `p99 < ${TARGET_CREATE_P99_MS} ms`,
      `p99 ${check(dedup.p99 < TARGET_CREATE_P99_MS)}; still ${dedupRows} job row for the project`,
    ],
    [
      '4b. POST /api/insights/jobs, answered from the cache (200)',
      fmt(cachedCreate.rps),
      ms(cachedCreate.p50),
      ms(cachedCreate.p99),
      pg(cachedCreate),
      `p99 < ${TARGET_CREATE_P99_MS} ms`,
      `p99 ${check(cachedCreate.p99 < TARGET_CREATE_P99_MS)}; inserted ${fmt(rowsWritten)} job rows, ${fmt(bytesWritten / 1048576)} MB`,
    ],
    [
      `4c. ${BURST_SIZE} identical POSTs at once, nothing cached`,
      '–',
      ms(burstSorted[Math.floor(BURST_SIZE / 2)]!),
      ms(burstSorted[Math.ceil(BURST_SIZE * 0.99) - 1]!),
      '–',
      '1 distinct jobId',
      `${burstIds.size} (${check(burstIds.size === 1)}); HTTP ${burstStatuses.join('/')}; ${burstRows} job row; ${pointsSpent} rate-limit points spent`,
    ],
    [
      '5. size of the cached read’s body (2,000 entries)',
      '–',
      '–',
      '–',
      '–',
      `< ${fmt(TARGET_READ_BYTES / 1024)} KiB`,
      `${fmt(read.bytes / 1024, 1)} KiB (${check(read.bytes < TARGET_READ_BYTES)})`,
    ],
  ];
  const measured: [string, LoadFigures][] = [
    ...readRounds.map((f, i) => [`1 round ${i + 1}`, f] as [string, LoadFigures]),
    ...bareRounds.map((f, i) => [`2 round ${i + 1}`, f] as [string, LoadFigures]),
    ['3', jobStatus],
    ['4a', dedup],
    ['4b', cachedCreate],
  ];
  // Every answer must be a success (wrk counts anything outside 2xx/3xx); a 202 from the cached
  // read (a miss) is ruled out by the preconditions above and the PG column.
  const problems = measured
    .filter(([, f]) => f.errors > 0 || f.non2xx > 0)
    .map(([row, f]) => `row ${row}: ${f.non2xx} answers outside 2xx, ${f.errors} errors/timeouts`);

  const cpu = cpus();
  console.log(
    `\n${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), ${fmt(totalmem() / 1024 ** 3)} GiB, Node ${process.versions.node}; ` +
      `load generator, API, worker, Postgres and Redis on the same machine\n`,
  );
  console.log('| row | req/s | p50 ms | p99 ms | PG xacts / req | target | result |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(
    `\nRows 1-4b: wrk, one thread, ${CONNECTIONS} connections, ${WARMUP} s warm-up then ${SECONDS} s. Rows 1 and 2 ran ${ROUNDS} times, alternating; ` +
      `the table shows each one's median round. Cached read ÷ baseline per round: ${roundRatios.map((r) => `${fmt(r * 100)} %`).join(', ')}. ` +
      `Row 4c: latency of each of the ${BURST_SIZE} requests, all sent at once (took ${fmt(burstMs)} ms in all).`,
  );
  console.log(`requests measured: ${measured.map(([row, f]) => `${row} ${fmt(f.requests)}`).join(', ')}`);
  console.log(problems.length ? `UNEXPECTED ANSWERS: ${problems.join('; ')}` : 'every measured answer was a success, no errors');
  console.log(`whole benchmark ${fmt((performance.now() - startedAll) / 1000)} s`);
}

try {
  await main();
  await cleanUp();
  console.log('cleaned up: processes stopped, database dropped, Redis keys deleted');
  process.exit(0);
} catch (error) {
  if (cleaning) await sleep(25_000); // a child died: abort() is cleaning up and exits when done
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  await sleep(200); // lets the exit of a child that just died be seen
  for (const child of children.filter((c) => !c.running)) console.error(`${child.name} had exited; its last output:\n${child.output.slice(-4_000)}`);
  await cleanUp();
  process.exit(1);
}
