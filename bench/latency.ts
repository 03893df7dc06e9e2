/**
 * Latency benchmark: how long a client waits with a slow model (the fake GLM answering in 3 s
 * per call) on the legacy synchronous endpoint, against the queued path (job accepted, first
 * progress visible, result) and the cached read after it. See docs/benchmarks.md, "Latency".
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { demoFeedback } from '@insights/testkit';
import { startFakeGlm } from '@insights/fake-glm';
import { freePort, sleep } from './http-stack.js';
import {
  bearer,
  benchUser,
  BenchRun,
  call,
  createProjects,
  fmt,
  insertFeedback,
  loadLine,
  machineLine,
  median,
  serviceEnv,
  waitForApi,
  WORKER_READY,
} from './worker-stack.js';
import { requireWholeNumbers } from './cli.js';

const POLL_MS = 50;
const CACHED_READS = 20;
const RESULT_TIMEOUT_MS = 120_000;

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '500' },
    'latency-ms': { type: 'string', default: '3000' },
    repeat: { type: 'string', default: '3' },
    quick: { type: 'boolean', default: false },
  },
});
const ENTRIES = Number(values.entries);
const LATENCY_MS = Number(values['latency-ms']);
const REPEAT = values.quick ? 1 : Number(values.repeat);
requireWholeNumbers([
  ['--entries', ENTRIES, 50, 5_000],
  ['--latency-ms', LATENCY_MS, 0, 20_000],
  ['--repeat', REPEAT, 1, 10],
] as const);

interface Job {
  jobId: string;
  status: string;
  progressDetail: { stage: string; percent: number; chunksDone: number; chunksTotal: number; tokensUsed: number };
  error?: string;
  tokensUsed: number | null;
}
interface Result {
  tokens: { total: number };
  llmCalls: number;
  coverage: { analysed: number };
}

interface Rep {
  legacyMs: number;
  legacyTokens: number;
  legacyCalls: number;
  ackMs: number;
  firstProgressMs: number;
  firstProgress: string;
  /** First poll showing the map stage under way (at least one chunk answered). */
  firstChunkMs: number;
  resultMs: number;
  queuedTokens: number;
  cachedReadMs: number;
}

const run = new BenchRun('latency');

async function main(): Promise<void> {
  const startedAll = performance.now();
  const loadAtStart = loadavg()[0]!;
  const stack = await run.create();
  console.log(`database and Redis prefix ${stack.name} created`);
  const userId = await benchUser(stack.handle);
  const [projectId] = await createProjects(stack.handle, userId, 1);
  await insertFeedback(stack.handle, projectId!, { count: ENTRIES, seed: 500 });
  await stack.handle.pool.query('analyze');

  // Start-up answers quickly; the measured calls get the latency.
  const fake = await startFakeGlm({ port: 0, host: '127.0.0.1', latencyMs: 0 });
  run.onCleanUp(() => fake.close());
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = serviceEnv(stack, fake.url, {
    PORT: String(port),
    LOG_LEVEL: 'log',
    // Polling every 50 ms from one address would trip the default per-IP limit.
    REQUESTS_PER_MINUTE_PER_IP: '100000',
  });
  const api = run.start('api', 'apps/api/dist/main.js', { ...env, LOG_LEVEL: 'warn' });
  const worker = run.start('worker', 'apps/worker/dist/main.js', env);
  await Promise.all([waitForApi(base, api), worker.waitFor(WORKER_READY, 90_000)]);
  console.log('API and worker ready');
  fake.setLatency(LATENCY_MS);
  const headers = bearer(stack);
  const memoRows = async () =>
    Number((await stack.handle.pool.query<{ n: string }>('select count(*) as n from insights_chunk_memo')).rows[0]!.n);

  const reps: Rep[] = [];
  for (let rep = 0; rep < REPEAT; rep++) {
    if (rep > 0) {
      // One new entry: a new feedback generation, so nothing is cached for the queued path.
      const [item] = [...demoFeedback({ count: 1, seed: 9_000 + rep })];
      const added = await call(`${base}/api/projects/${projectId}/feedback/bulk`, {
        method: 'POST',
        headers,
        body: { items: [{ text: item!.text, rating: item!.rating }] },
      });
      if (added.status !== 201) throw new Error(`bulk import answered ${added.status}`);
    }

    // Legacy: one synchronous request, the connection held until the result.
    await stack.handle.pool.query('truncate insights_chunk_memo');
    fake.reset();
    fake.setLatency(LATENCY_MS);
    const legacy = await call<Result>(`${base}/api/insights/generate`, { method: 'POST', headers, body: { projectId }, timeoutMs: RESULT_TIMEOUT_MS });
    if (legacy.status !== 200) throw new Error(`POST /api/insights/generate answered ${legacy.status}: ${JSON.stringify(legacy.body).slice(0, 300)}`);
    console.log(`rep ${rep + 1}: legacy ${fmt(legacy.ms)} ms, ${legacy.body.data.llmCalls} LLM calls, ${fmt(legacy.body.data.tokens.total)} tokens`);

    // Queued: the same work from an empty memo.
    await stack.handle.pool.query('truncate insights_chunk_memo');
    if ((await memoRows()) !== 0) throw new Error('the chunk memo is not empty');
    fake.reset();
    fake.setLatency(LATENCY_MS);
    const started = performance.now();
    const created = await call<{ jobId: string; status: string; cached: boolean }>(`${base}/api/insights/jobs`, {
      method: 'POST',
      headers,
      body: { projectId },
    });
    if (created.status !== 202) throw new Error(`POST /api/insights/jobs answered ${created.status}: ${JSON.stringify(created.body)}`);
    const ackMs = created.ms;
    const jobUrl = `${base}/api/insights/jobs/${created.body.data.jobId}`;
    let firstProgressMs = Number.NaN;
    let firstProgress = '';
    let firstChunkMs = Number.NaN;
    let resultMs = Number.NaN;
    let queuedTokens = 0;
    const deadline = Date.now() + RESULT_TIMEOUT_MS;
    while (Number.isNaN(resultMs)) {
      if (Date.now() > deadline) throw new Error(`no result within ${RESULT_TIMEOUT_MS / 1000} s`);
      const polled = await call<Job & { result?: unknown }>(jobUrl, { headers });
      const job = polled.body.data;
      const elapsed = performance.now() - started;
      if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`the job ${job.status}: ${job.error ?? ''}`);
      if (Number.isNaN(firstProgressMs) && (job.status !== 'pending' || job.progressDetail.stage !== 'queued')) {
        firstProgressMs = elapsed;
        firstProgress = `${job.status}, stage ${job.progressDetail.stage} ${job.progressDetail.percent} %`;
      }
      if (Number.isNaN(firstChunkMs) && job.progressDetail.chunksDone > 0) firstChunkMs = elapsed;
      if (job.status === 'completed') {
        if (!job.result) throw new Error('a completed job without its result');
        resultMs = elapsed;
        queuedTokens = job.tokensUsed ?? 0;
      } else {
        await sleep(POLL_MS);
      }
    }

    // The cached read afterwards: what every later reader waits.
    const readUrl = `${base}/api/insights?projectId=${projectId}`;
    const reads: number[] = [];
    for (let i = 0; i < CACHED_READS; i++) {
      const read = await call<unknown>(readUrl, { headers });
      if (read.status !== 200 || read.body.cached !== true || read.body.stale !== false) {
        throw new Error(`GET /api/insights is not a fresh cache hit: ${read.status} ${JSON.stringify(read.body).slice(0, 200)}`);
      }
      reads.push(read.ms);
    }
    reps.push({
      legacyMs: legacy.ms,
      legacyTokens: legacy.body.data.tokens.total,
      legacyCalls: legacy.body.data.llmCalls,
      ackMs,
      firstProgressMs,
      firstProgress,
      firstChunkMs,
      resultMs,
      queuedTokens,
      cachedReadMs: median(reads),
    });
    console.log(
      `rep ${rep + 1}: queued: accepted ${fmt(ackMs, 1)} ms, first progress ${fmt(firstProgressMs)} ms (${firstProgress}), ` +
        `result ${fmt(resultMs)} ms; cached read ${fmt(median(reads), 1)} ms`,
    );
  }

  // --- Report ---------------------------------------------------------------------------------
  const m = (pick: (r: Rep) => number) => median(reps.map(pick));
  const legacyMs = m((r) => r.legacyMs);
  const rows: [string, number, string][] = [
    ['1. legacy: POST /api/insights/generate (response = result)', legacyMs, 'reference'],
    ['2. queued: POST /api/insights/jobs answered (202, job id)', m((r) => r.ackMs), ''],
    ['3. queued: first progress visible in GET /api/insights/jobs/:id', m((r) => r.firstProgressMs), ''],
    ['4. queued: first map chunk done (chunksDone > 0)', m((r) => r.firstChunkMs), ''],
    ['5. queued: result (status completed, with result)', m((r) => r.resultMs), ''],
    ['6. cached read after: GET /api/insights?projectId= (200, cached)', m((r) => r.cachedReadMs), ''],
  ];
  const first = reps[0]!;
  console.log(
    `\nLatency benchmark: one project of ${fmt(ENTRIES)} entries, fake GLM answering in ${fmt(LATENCY_MS)} ms per call, ` +
      `service defaults (GLM_CONCURRENCY 4, INSIGHTS_CHUNK_TOKENS 6000); ${first.legacyCalls} LLM calls per generation; ` +
      `median of ${REPEAT} run(s), each from an empty chunk memo`,
  );
  console.log(`${machineLine()}; API, worker, Postgres, Redis and this client on the same machine; ${loadLine(loadAtStart)}\n`);
  console.log('| row | ms (median) | × legacy | each run, ms |');
  console.log('| --- | --- | --- | --- |');
  const picks: ((r: Rep) => number)[] = [(r) => r.legacyMs, (r) => r.ackMs, (r) => r.firstProgressMs, (r) => r.firstChunkMs, (r) => r.resultMs, (r) => r.cachedReadMs];
  rows.forEach(([label, ms], i) => {
    const each = reps.map((r) => fmt(picks[i]!(r), ms < 100 ? 1 : 0)).join(', ');
    console.log(`| ${label} | ${fmt(ms, ms < 100 ? 1 : 0)} | ${i === 0 ? '1' : fmt(ms / legacyMs, ms / legacyMs < 0.01 ? 4 : 2)}× | ${each} |`);
  });
  console.log(
    `\nfirst progress seen: ${first.firstProgress}; polled every ${POLL_MS} ms (a dashboard polling every 2 s sees each step up to 2 s later). ` +
      `Tokens per generation: legacy ${fmt(first.legacyTokens)}, queued ${fmt(first.queuedTokens)} (same work).`,
  );
  console.log(`whole benchmark ${fmt((performance.now() - startedAll) / 1000)} s`);
}

await run.run(main);
