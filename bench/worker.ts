/**
 * Worker benchmark: what the worker adds per job beyond the LLM time (wall, CPU, Postgres
 * statements), and how throughput scales from one worker process to two on an LLM-bound load
 * (the fake GLM in decode timing), against bare BullMQ no-op jobs on the same Redis.
 * See docs/benchmarks.md, section "Worker".
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import { decodeModelDefaults, startFakeGlm } from '@insights/fake-glm';
import { QueueAdmin, mean, quantile, freePort, sleep } from '@insights/testkit';
import {
  benchConfig,
  benchUser,
  BenchRun,
  check,
  createProjects,
  createQueueConnection,
  generateJobOptions,
  BullInsightsQueue,
  JOB_NAMES,
  queuePrefix,
  benchLauncher,
  enqueueLikeApi,
  fmt,
  insertFeedback,
  busyPercent,
  loadLine,
  machineCpu,
  machineLine,
  serviceEnv,
  WORKER_NODE_ARGS,
  WORKER_READY,
  type BenchStack,
  type ServiceChild,
} from './worker-stack.js';
import { requireWholeNumbers } from './cli.js';

const ENTRIES_PER_PROJECT = 100;
const TARGET_ADDED_MS = 20;
const TARGET_STATEMENTS = 8;
const TARGET_SPEEDUP = 1.6;
const RUN_TIMEOUT_MS = 150_000;
const METRICS_AUTH = { METRICS_USER: 'bench', METRICS_PASSWORD: 'bench-metrics-password' };

const { values } = parseArgs({
  options: {
    projects: { type: 'string', default: '200' },
    quick: { type: 'boolean', default: false },
    // Fixed latency added to the fake GLM's decode timing in rows 4-5 (the LLM-bound load).
    latency: { type: 'string', default: '0' },
    // Writes a V8 CPU profile of every worker process (one .cpuprofile per process) into DIR.
    profile: { type: 'string' },
    // Rows 1-3 only: the service's own overhead, without the LLM-bound rows (minutes each in decode timing).
    'overhead-only': { type: 'boolean', default: false },
  },
});
const NODE_ARGS = [...WORKER_NODE_ARGS, ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [])];
const PROJECTS = values.quick ? 60 : Number(values.projects);
const LATENCY_MS = Number(values.latency);
requireWholeNumbers([
  ['--projects', PROJECTS, 10, 1_000],
  ['--latency', LATENCY_MS, 0, 10_000],
]);

// bullmq is a dependency of @insights/queue, not of the root: load the very copy it uses.
interface BareJob {
  processedOn?: number;
  finishedOn?: number;
}
interface BareWorker {
  waitUntilReady(): Promise<unknown>;
  close(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface RawQueue {
  add(name: string, data: unknown, options: unknown): Promise<unknown>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
  getJobs(states: string[], start: number, end: number): Promise<(BareJob & { name: string })[]>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  obliterate(options: { force: boolean }): Promise<void>;
  close(): Promise<void>;
}
const bullmq = createRequire(fileURLToPath(new URL('../packages/queue/package.json', import.meta.url)))('bullmq') as {
  Queue: new (name: string, options: Record<string, unknown>) => RawQueue;
  Worker: new (name: string, processor: (job: BareJob) => Promise<unknown>, options: Record<string, unknown>) => BareWorker;
};

interface RunFigures {
  label: string;
  processes: number;
  jobs: number;
  jobsPerSecond: number;
  wallP50: number;
  wallP95: number;
  wallMean: number;
  /**
   * Mean time per job with at least one of its LLM calls in flight, as the client saw them: the
   * union of each call's [end − latency_ms, end] (calls run side by side in the map stage).
   */
  llmMean: number;
  llmCalls: number;
  /** map/reduce/repair calls, from the fake's counters. */
  stages: string;
  tokens: number;
  /** Creating the job row and the BullMQ job, per job (what the API does on a cache miss). */
  enqueueMs: number;
  /** Worker processes' CPU time per job. */
  cpuPerJob: number;
  /** Postgres statements the worker processes sent per job (their own count, scraped). */
  statementsPerJob: number;
  /** The fake GLM's fixed latency per call. */
  latencyMs: number;
  /** Share of the machine's cores busy during the run (every process, not only ours). */
  machineBusy: number;
}

const run = new BenchRun('worker');

/** Runs `jobs` jobs already enqueued (queue paused) and returns BullMQ's timings of them. */
/** What draining needs: the service's queue interface has it, and the raw baseline queue is wrapped to it. */
interface Drainable {
  resume(): Promise<void>;
  counts(): Promise<{ completed: number; failed: number }>;
  completed(name: string): Promise<BareJob[]>;
}

const drainable = (raw: RawQueue): Drainable => ({
  resume: () => raw.resume(),
  counts: async () => {
    const counts = await raw.getJobCounts('completed', 'failed');
    return { completed: counts.completed ?? 0, failed: counts.failed ?? 0 };
  },
  completed: async (name) => (await raw.getJobs(['completed'], 0, -1)).filter((job) => job.name === name),
});

async function drain(queue: Drainable, name: string, jobs: number): Promise<{ seconds: number; walls: number[] }> {
  const started = Date.now();
  await queue.resume();
  const deadline = started + RUN_TIMEOUT_MS;
  for (;;) {
    const counts = await queue.counts();
    if (counts.failed > 0) throw new Error(`${counts.failed} job(s) failed`);
    // The service's periodic reconcile job may be among the completed ones: count by name.
    if (counts.completed >= jobs && (await queue.completed(name)).length >= jobs) break;
    if (Date.now() > deadline) throw new Error(`${name}: only ${counts.completed} of ${jobs} jobs completed in ${RUN_TIMEOUT_MS / 1000} s`);
    await sleep(20);
  }
  const done = await queue.completed(name);
  const last = Math.max(...done.map((j) => j.finishedOn ?? 0));
  return { seconds: (last - started) / 1000, walls: done.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0)) };
}

async function rawNoop(stack: BenchStack, connection: Redis, concurrency: number): Promise<RunFigures> {
  // Its own queue name under the same prefix: the same Redis, the same key layout.
  const name = 'bench-raw-noop';
  const raw = new bullmq.Queue(name, { connection, prefix: queuePrefix(stack.keyPrefix) });
  raw.on('error', () => undefined);
  await raw.pause();
  const enqueueStarted = performance.now();
  for (let i = 0; i < PROJECTS; i++) {
    // The service's job options (priority, dedup id, attempts, retention), a small payload.
    const opts = generateJobOptions(`raw-${i}-${Date.now()}`, `raw-dedup-${i}`, 'interactive');
    await raw.add('noop', { index: i }, opts);
  }
  const enqueueMs = (performance.now() - enqueueStarted) / PROJECTS;
  const workerConnection = createQueueConnection(stack.redisUrl, 'worker');
  const worker = new bullmq.Worker(name, () => Promise.resolve(), {
    connection: workerConnection,
    prefix: queuePrefix(stack.keyPrefix),
    concurrency,
  });
  worker.on('error', () => undefined);
  await worker.waitUntilReady();
  const cpuBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  const { seconds, walls } = await drain(drainable(raw), 'noop', PROJECTS);
  const machineBusy = busyPercent(machineBefore, machineCpu());
  const cpu = process.cpuUsage(cpuBefore);
  await worker.close();
  workerConnection.disconnect();
  await raw.obliterate({ force: true });
  await raw.close();
  return {
    label: `raw BullMQ no-op: bare Worker, concurrency ${concurrency}, 1 process`,
    processes: 1,
    jobs: PROJECTS,
    jobsPerSecond: PROJECTS / seconds,
    wallP50: quantile(walls, 0.5),
    wallP95: quantile(walls, 0.95),
    wallMean: mean(walls),
    llmMean: 0,
    llmCalls: 0,
    stages: '–',
    tokens: 0,
    enqueueMs,
    // This process also polls the counts, so this is an upper bound.
    cpuPerJob: (cpu.user + cpu.system) / 1000 / PROJECTS,
    statementsPerJob: 0,
    latencyMs: 0,
    machineBusy,
  };
}

// Per job, the union of its calls' intervals (gaps-and-islands over the sorted intervals), summed
// over the jobs and divided by the number of jobs ($1).
const LLM_WALL_PER_JOB = `
  with calls as (
    select job_id, created_at - make_interval(secs => latency_ms / 1000.0) as started, created_at as ended from llm_calls
  ), marked as (
    select *, case when started > max(ended) over (partition by job_id order by started rows between unbounded preceding and 1 preceding)
      then 1 else 0 end as island_start from calls
  ), islands as (
    select *, sum(island_start) over (partition by job_id order by started) as island from marked
  )
  select coalesce(sum(ms), 0)::float8 / $1 as ms from (
    select extract(epoch from max(ended) - min(started)) * 1000 as ms from islands group by job_id, island
  ) spans`;

/** The statements a worker process has sent to Postgres so far, from its own metrics. */
async function statementsOf(port: number): Promise<number> {
  const auth = Buffer.from(`${METRICS_AUTH.METRICS_USER}:${METRICS_AUTH.METRICS_PASSWORD}`).toString('base64');
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Basic ${auth}` } })).text();
  const match = /^insights_db_statements_total (\d+)/m.exec(text);
  if (!match) throw new Error(`worker on ${port}: no insights_db_statements_total in its metrics`);
  return Number(match[1]);
}

async function main(): Promise<void> {
  const startedAll = performance.now();
  const loadAtStart = loadavg()[0]!;
  const stack = await run.create();
  console.log(`database and Redis prefix ${stack.name} created`);

  const seedStarted = performance.now();
  const userId = await benchUser(stack.handle);
  const projectIds = await createProjects(stack.handle, userId, PROJECTS);
  for (const [i, projectId] of projectIds.entries()) {
    await insertFeedback(stack.handle, projectId, { count: ENTRIES_PER_PROJECT, seed: 1_000 + i });
  }
  await stack.handle.pool.query('analyze');
  console.log(`seeded ${fmt(PROJECTS)} projects x ${ENTRIES_PER_PROJECT} entries in ${fmt(performance.now() - seedStarted)} ms`);

  const fake = await startFakeGlm({ port: 0, host: '127.0.0.1', latencyMs: 0 });
  run.onCleanUp(() => fake.close());
  const producerConnection = createQueueConnection(stack.redisUrl, 'producer');
  const queue = BullInsightsQueue.open({ redisUrl: stack.redisUrl, keyPrefix: stack.keyPrefix, role: 'producer' });
  const admin = QueueAdmin.open({ redisUrl: stack.redisUrl, keyPrefix: stack.keyPrefix, role: 'producer' });
  run.onCleanUp(async () => {
    await queue.close().catch(() => undefined);
    await admin.close().catch(() => undefined);
    producerConnection.disconnect();
  });
  const config = benchConfig(stack, fake.url);
  const { launcher, close: closeLauncher } = benchLauncher(stack.handle, queue, config, stack);
  run.onCleanUp(closeLauncher);
  const concurrency = config.worker.concurrency;

  // --- 1. raw BullMQ ---------------------------------------------------------------------
  console.log(`running: ${fmt(PROJECTS)} raw no-op jobs`);
  const raw = await rawNoop(stack, producerConnection, concurrency);
  const rows: RunFigures[] = [raw];

  // --- 2-5. the service's worker ----------------------------------------------------------
  const service = async (processes: number, latencyMs: number, overrides: Record<string, string>, label: string, llmBound = false) => {
    await stack.handle.pool.query('truncate insights_chunk_memo, insights_cache, llm_calls, insights_jobs');
    await admin.obliterate();
    await admin.pause();
    const enqueueStarted = performance.now();
    for (const projectId of projectIds) await enqueueLikeApi(stack.handle, launcher, config, userId, projectId);
    const enqueueMs = (performance.now() - enqueueStarted) / PROJECTS;
    const workers: { child: ServiceChild; port: number }[] = [];
    for (let i = 0; i < processes; i++) {
      // Each process serves its metrics (and so its statement count) on a port of its own.
      const port = await freePort();
      const env = serviceEnv(stack, fake.url, { ...METRICS_AUTH, WORKER_HTTP_PORT: String(port), ...overrides });
      workers.push({ child: run.start(`worker ${i + 1}`, 'apps/worker/dist/main.js', env, [], NODE_ARGS), port });
    }
    await Promise.all(workers.map((w) => w.child.waitFor(WORKER_READY, 90_000)));
    await sleep(500); // let start-up work (scheduler upsert, JIT of the first paths) settle
    fake.reset();
    // Rows 2-3 measure the service's own overhead against raw BullMQ: fixed 0 ms answers.
    // Rows 4-5 are LLM-bound: decode timing, as a hosted model answers.
    fake.setTiming(llmBound ? decodeModelDefaults() : 'fixed');
    fake.setLatency(latencyMs);
    const statementsBefore = await Promise.all(workers.map((w) => statementsOf(w.port)));
    const cpuBefore = workers.map((w) => w.child.cpuMs());
    const machineBefore = machineCpu();
    console.log(`running: ${label} (${fmt(PROJECTS)} jobs; enqueue took ${fmt(enqueueMs, 1)} ms per job)`);
    const { seconds, walls } = await drain(
      { resume: () => admin.resume(), counts: () => queue.counts(), completed: (name) => admin.completed(name) },
      JOB_NAMES.generate,
      PROJECTS,
    );
    const cpu = workers.reduce((s, w, i) => s + (w.child.cpuMs() - cpuBefore[i]!), 0);
    const machineBusy = busyPercent(machineBefore, machineCpu());
    const statements = (await Promise.all(workers.map((w) => statementsOf(w.port)))).reduce((s, n, i) => s + n - statementsBefore[i]!, 0);
    const stats = fake.stats();
    await Promise.all(workers.map((w) => w.child.stop()));
    const { rows: llm } = await stack.handle.pool.query<{ ms: number }>(LLM_WALL_PER_JOB, [PROJECTS]);
    const { rows: status } = await stack.handle.pool.query<{ completed: number }>(
      "select count(*) filter (where status = 'completed')::int as completed from insights_jobs",
    );
    if (status[0]!.completed !== PROJECTS) throw new Error(`${label}: ${status[0]!.completed} of ${PROJECTS} job rows completed`);
    rows.push({
      label,
      processes,
      jobs: PROJECTS,
      jobsPerSecond: PROJECTS / seconds,
      wallP50: quantile(walls, 0.5),
      wallP95: quantile(walls, 0.95),
      wallMean: mean(walls),
      llmMean: llm[0]!.ms,
      llmCalls: stats.calls,
      stages: `${fmt(stats.byStage.map / PROJECTS, 1)}/${fmt(stats.byStage.reduce / PROJECTS, 1)}/${fmt(stats.byStage.repair / PROJECTS, 1)}`,
      enqueueMs,
      tokens: stats.promptTokens + stats.completionTokens,
      cpuPerJob: cpu / PROJECTS,
      statementsPerJob: statements / PROJECTS,
      latencyMs,
      machineBusy,
    });
    console.log(
      `  ${fmt(PROJECTS / seconds, 1)} jobs/s, per-job wall p50 ${fmt(quantile(walls, 0.5))} ms, ${fmt(statements / PROJECTS, 1)} statements per job`,
    );
  };
  const defaults = `WORKER_CONCURRENCY ${concurrency}, GLM_CONCURRENCY ${config.glm.concurrency}`;
  await service(1, 0, {}, `service worker, 1 process, fake GLM 0 ms (${defaults})`);
  // One job at a time: the per-job wall is the service's own time, with no job waiting for CPU.
  await service(1, 0, { WORKER_CONCURRENCY: '1' }, 'service worker, 1 process, fake GLM 0 ms, one job at a time (WORKER_CONCURRENCY 1)');
  // LLM-bound: each call waits as a decoding model does; the CPU is mostly idle.
  const decode = `fake GLM decode timing${LATENCY_MS > 0 ? ` + ${LATENCY_MS} ms` : ''}`;
  if (!values['overhead-only']) {
    await service(1, LATENCY_MS, {}, `service worker, 1 process, ${decode} (${defaults})`, true);
    await service(2, LATENCY_MS, {}, `service worker, 2 processes, ${decode} (${defaults})`, true);
  }

  // --- Report -------------------------------------------------------------------------------
  const added = (r: RunFigures) => r.wallMean - r.llmMean - raw.wallMean;
  console.log(
    `\nWorker benchmark: ${fmt(PROJECTS)} projects x ${ENTRIES_PER_PROJECT} entries, one job each, fake GLM fixed 0 ms (rows 2-3) and decode timing (${decodeModelDefaults().timeToFirstTokenMs} ms to first token, ${decodeModelDefaults().decodeTokensPerSecond} tokens/s, account concurrency ${decodeModelDefaults().accountConcurrency}, o200k tokens; rows 4-5)`,
  );
  console.log(`${machineLine()}; Postgres, Redis, the fake GLM and this process share the cores; ${loadLine(loadAtStart)}\n`);
  console.log(
    '| row | jobs/s | × raw | per-job wall p50 / p95 / mean ms | LLM in flight ms / job | LLM calls / job (map/reduce/repair) | added ms / job beyond LLM | worker CPU ms / job | Postgres statements / job | machine CPU busy | enqueue ms / job | target | result |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  rows.forEach((r, i) => {
    const isRaw = i === 0;
    const cells = [
      `${i + 1}. ${r.label}`,
      fmt(r.jobsPerSecond, 1),
      `${fmt(r.jobsPerSecond / raw.jobsPerSecond, 3)}×`,
      `${fmt(r.wallP50, 1)} / ${fmt(r.wallP95, 1)} / ${fmt(r.wallMean, 1)}`,
      isRaw ? '–' : fmt(r.llmMean, 1),
      isRaw ? '–' : `${fmt(r.llmCalls / r.jobs, 1)} (${r.stages})`,
      isRaw ? 'reference' : fmt(added(r), 1),
      fmt(r.cpuPerJob, 1),
      isRaw ? '–' : fmt(r.statementsPerJob, 1),
      `${fmt(r.machineBusy)} %`,
      fmt(r.enqueueMs, 1),
      isRaw ? '–' : `< ${TARGET_ADDED_MS} ms added, ≤ ${TARGET_STATEMENTS} statements`,
      isRaw ? '–' : `${check(added(r) < TARGET_ADDED_MS)}, ${check(r.statementsPerJob <= TARGET_STATEMENTS)}`,
    ];
    console.log(`| ${cells.join(' | ')} |`);
  });
  const speedUp = (one: RunFigures, two: RunFigures) => two.jobsPerSecond / one.jobsPerSecond;
  if (rows[4]) {
    const s1 = speedUp(rows[3]!, rows[4]);
    console.log(`\n2-process speed-up on the LLM-bound load (row 5 / row 4): ${fmt(s1, 2)}× (target ≥ ${TARGET_SPEEDUP}×: ${check(s1 >= TARGET_SPEEDUP)})`);
  }
  console.log(
    `per-job overhead at the default concurrency (row 2): ${fmt(added(rows[1]!), 1)} ms added beyond the LLM (target < ${TARGET_ADDED_MS} ms: ${check(added(rows[1]!) < TARGET_ADDED_MS)}), ${fmt(rows[1]!.cpuPerJob, 1)} ms worker CPU, ${fmt(rows[1]!.statementsPerJob, 1)} statements (target ≤ ${TARGET_STATEMENTS}: ${check(rows[1]!.statementsPerJob <= TARGET_STATEMENTS)})`,
  );
  console.log(
    `per-job wall: BullMQ processedOn → finishedOn of each job; LLM time: per job, the time with at least one of its calls in flight (union of its llm_calls intervals, as the worker saw them); ` +
      `added = mean wall − mean LLM time − raw mean wall; jobs/s: jobs ÷ (queue resumed → last job finished); ` +
      `worker CPU: user + system time of the worker processes during the run ÷ jobs (row 1: this process, which also polls); ` +
      `statements: the workers' own count (insights_db_statements_total) during the run ÷ jobs`,
  );
  console.log(`tokens per job: ${fmt(rows[1]!.tokens / PROJECTS)}; whole benchmark ${fmt((performance.now() - startedAll) / 1000)} s`);
}

await run.run(main);
