/**
 * Latency benchmark: how long a client waits for a project's first complete result with a model
 * timed as a hosted one decodes (the fake GLM's decode timing: time to first token plus completion
 * tokens at the decode rate, account concurrency 4), at several project sizes, on the legacy
 * synchronous endpoint and on the queued path (job accepted, first progress, result), and the
 * cached read after it. See docs/benchmarks.md, "Latency".
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { decodeModelDefaults, startFakeGlm } from '@insights/fake-glm';
import {
  bearer,
  benchUser,
  BenchRun,
  call,
  check,
  createProjects,
  fmt,
  insertFeedback,
  loadLine,
  machineLine,
  serviceEnv,
  waitForApi,
  WORKER_READY,
} from './worker-stack.js';
import { requireWholeNumbers } from './cli.js';
import { deleteKeys } from './http-stack.js';
import { freePort, median, sleep } from '@insights/testkit';

const POLL_MS = 50;
const CACHED_READS = 20;
const RESULT_TIMEOUT_MS = 900_000;
// As every benchmark's service (see serviceEnv): a packed map call answers thousands of tokens,
// minutes at a decode rate, past the default GLM_TIMEOUT_MS of 60 s.
const GLM_TIMEOUT_MS = 600_000;
// Each entry holds 1 to 3 sentences in turn: a user's feedback rather than a one-liner.
const SENTENCES = 3;
// Targets for a 2,000-entry project from an empty memo: the first complete result within 15 s,
// at most 3 output (completion) tokens per analysed entry.
const TARGET_ENTRIES = 2_000;
const TARGET_RESULT_MS = 15_000;
const TARGET_OUTPUT_TOKENS_PER_ENTRY = 3;
const GLM_CONCURRENCY = 4;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '500,2000,20000' },
    'ttft-ms': { type: 'string', default: String(decodeModelDefaults().timeToFirstTokenMs) },
    'decode-tps': { type: 'string', default: String(decodeModelDefaults().decodeTokensPerSecond) },
    'legacy-max': { type: 'string', default: '20000' },
    quick: { type: 'boolean', default: false },
  },
});
const SIZES = (values.quick ? '500,2000' : values.sizes).split(',').map((s) => Number(s.trim()));
const TTFT_MS = Number(values['ttft-ms']);
const DECODE_TPS = Number(values['decode-tps']);
const LEGACY_MAX = Number(values['legacy-max']);
requireWholeNumbers([
  ...SIZES.map((size) => ['--sizes', size, 50, 100_000] as const),
  ['--ttft-ms', TTFT_MS, 0, 20_000],
  ['--decode-tps', DECODE_TPS, 1, 10_000],
  ['--legacy-max', LEGACY_MAX, 0, 100_000],
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

interface Measured {
  entries: number;
  analysed: number;
  chunks: number;
  mapCalls: number;
  reduceCalls: number;
  repairCalls: number;
  /** Map calls on the critical path: 1 + longest calls between the first and the last map call. */
  mapRounds: number;
  /** The longest answered call, as the fake measured it. */
  longestCallMs: number;
  /** Completion tokens in the fake's o200k count. */
  completionTokens: number;
  legacyMs: number | undefined;
  ackMs: number;
  firstProgressMs: number;
  firstChunkMs: number;
  resultMs: number;
  tokens: number;
  cachedReadMs: number;
}

const run = new BenchRun('latency');

/**
 * Rounds of map calls on the critical path, roughly: a call that arrived k longest-call durations
 * after the first waited for about k earlier rounds (calls differ in length under decode timing).
 */
function roundsOf(arrivals: readonly number[], longestCallMs: number): number {
  if (arrivals.length === 0) return 0;
  return 1 + Math.floor((arrivals.at(-1)! - arrivals[0]!) / Math.max(1, longestCallMs));
}

async function main(): Promise<void> {
  const startedAll = performance.now();
  const loadAtStart = loadavg()[0]!;
  const stack = await run.create();
  console.log(`database and Redis prefix ${stack.name} created`);
  const userId = await benchUser(stack.handle);
  const projects = await createProjects(stack.handle, userId, SIZES.length);
  for (const [i, size] of SIZES.entries()) {
    await insertFeedback(stack.handle, projects[i]!, { count: size, seed: 500 + i, sentences: SENTENCES });
  }
  await stack.handle.pool.query('analyze');
  const { rows: lengths } = await stack.handle.pool.query<{ chars: string }>('select round(avg(length(text))) as chars from feedback');
  console.log(`seeded ${SIZES.map((s) => fmt(s)).join(', ')} entries, ${lengths[0]!.chars} characters each on average`);

  const fake = await startFakeGlm({
    port: 0,
    host: '127.0.0.1',
    ...decodeModelDefaults(),
    timeToFirstTokenMs: TTFT_MS,
    decodeTokensPerSecond: DECODE_TPS,
    accountConcurrency: GLM_CONCURRENCY,
  });
  run.onCleanUp(() => fake.close());
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = serviceEnv(stack, fake.url, {
    PORT: String(port),
    LOG_LEVEL: 'log',
    GLM_CONCURRENCY: String(GLM_CONCURRENCY),
    GLM_TIMEOUT_MS: String(GLM_TIMEOUT_MS),
    // Polling every 50 ms from one address would trip the default per-IP limit.
    REQUESTS_PER_MINUTE_PER_IP: '100000',
    REQUESTS_PER_MINUTE_PER_USER: '100000',
  });
  const api = run.start('api', 'apps/api/dist/main.js', { ...env, LOG_LEVEL: 'warn' });
  const worker = run.start('worker', 'apps/worker/dist/main.js', env);
  await Promise.all([waitForApi(base, api), worker.waitFor(WORKER_READY, 90_000)]);
  console.log('API and worker ready');
  const headers = bearer(stack);
  const emptyMemo = async () => {
    await stack.handle.pool.query('truncate insights_chunk_memo');
    fake.reset();
  };

  const emptyResultCache = async (projectId: string) => {
    await stack.handle.pool.query('delete from insights_cache where project_id = $1', [projectId]);
    await deleteKeys(stack.redis, `${stack.keyPrefix}:insights-read`);
  };

  const measured: Measured[] = [];
  for (const [i, entries] of SIZES.entries()) {
    const projectId = projects[i]!;

    // Legacy: one synchronous request, the connection held until the result.
    let legacyMs: number | undefined;
    if (entries <= LEGACY_MAX) {
      await emptyMemo();
      const legacy = await call<Result>(`${base}/api/insights/generate`, { method: 'POST', headers, body: { projectId }, timeoutMs: RESULT_TIMEOUT_MS });
      if (legacy.status !== 200) throw new Error(`POST /api/insights/generate answered ${legacy.status}: ${JSON.stringify(legacy.body).slice(0, 300)}`);
      legacyMs = legacy.ms;
      console.log(`${fmt(entries)} entries: legacy ${fmt(legacy.ms)} ms, ${legacy.body.data.llmCalls} LLM calls`);
    }

    // Queued: the same work from an empty memo; the fake's map counter is read at every poll.
    // The legacy endpoint queues a job too, whose result both cache tiers now hold: emptied, or
    // the queued request would be answered from the cache.
    await emptyMemo();
    if (legacyMs !== undefined) await emptyResultCache(projectId);
    const started = performance.now();
    const created = await call<{ jobId: string }>(`${base}/api/insights/jobs`, { method: 'POST', headers, body: { projectId } });
    if (created.status !== 202) throw new Error(`POST /api/insights/jobs answered ${created.status}: ${JSON.stringify(created.body)}`);
    const jobUrl = `${base}/api/insights/jobs/${created.body.data.jobId}`;
    const mapArrivals: number[] = [];
    let firstProgressMs = Number.NaN;
    let firstChunkMs = Number.NaN;
    let resultMs = Number.NaN;
    let tokens = 0;
    let analysed = 0;
    const deadline = Date.now() + RESULT_TIMEOUT_MS;
    while (Number.isNaN(resultMs)) {
      if (Date.now() > deadline) throw new Error(`no result within ${RESULT_TIMEOUT_MS / 1000} s`);
      const polled = await call<Job & { result?: Result }>(jobUrl, { headers });
      const elapsed = performance.now() - started;
      const mapNow = fake.stats().byStage.map;
      while (mapArrivals.length < mapNow) mapArrivals.push(elapsed);
      const job = polled.body.data;
      if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`the job ${job.status}: ${job.error ?? ''}`);
      if (Number.isNaN(firstProgressMs) && (job.status !== 'pending' || job.progressDetail.stage !== 'queued')) firstProgressMs = elapsed;
      if (Number.isNaN(firstChunkMs) && job.progressDetail.chunksDone > 0) firstChunkMs = elapsed;
      if (job.status === 'completed') {
        if (!job.result) throw new Error('a completed job without its result');
        resultMs = elapsed;
        tokens = job.tokensUsed ?? 0;
        analysed = job.result.coverage.analysed;
      } else {
        await sleep(POLL_MS);
      }
    }
    const stats = fake.stats();
    const chunks = Number((await stack.handle.pool.query<{ n: string }>('select count(*) as n from insights_chunk_memo')).rows[0]!.n);

    // The cached read afterwards: what every later reader waits.
    const reads: number[] = [];
    for (let r = 0; r < CACHED_READS; r++) {
      const read = await call<unknown>(`${base}/api/insights?projectId=${projectId}`, { headers });
      if (read.status !== 200 || read.body.cached !== true || read.body.stale !== false) {
        throw new Error(`GET /api/insights is not a fresh cache hit: ${read.status} ${JSON.stringify(read.body).slice(0, 200)}`);
      }
      reads.push(read.ms);
    }
    const m: Measured = {
      entries,
      analysed,
      chunks,
      mapCalls: stats.byStage.map,
      reduceCalls: stats.byStage.reduce,
      repairCalls: stats.byStage.repair,
      mapRounds: roundsOf(mapArrivals, stats.longestCallMs),
      longestCallMs: stats.longestCallMs,
      completionTokens: stats.completionTokens,
      legacyMs,
      ackMs: created.ms,
      firstProgressMs,
      firstChunkMs,
      resultMs,
      tokens,
      cachedReadMs: median(reads),
    };
    measured.push(m);
    console.log(
      `${fmt(entries)} entries: queued result ${fmt(resultMs)} ms, longest call ${fmt(m.longestCallMs)} ms, ` +
        `${m.mapCalls} map calls in ${m.mapRounds} round(s) over ${chunks} chunks, ${m.reduceCalls} reduce, ${m.repairCalls} repair, ` +
        `${fmt(m.completionTokens / Math.max(1, analysed), 1)} output tokens per analysed entry (o200k)`,
    );
  }

  // --- Report ---------------------------------------------------------------------------------
  console.log(
    `\nLatency benchmark: projects of ${SIZES.map((s) => fmt(s)).join(', ')} entries (1 to ${SENTENCES} demo sentences each, ` +
      `${lengths[0]!.chars} characters on average), fake GLM in decode timing (first token after ${fmt(TTFT_MS)} ms, ` +
      `${fmt(DECODE_TPS)} tokens/s, account concurrency ${GLM_CONCURRENCY}, o200k token counts), service defaults ` +
      `(GLM_CONCURRENCY ${GLM_CONCURRENCY}, GLM_TIMEOUT_MS ${fmt(GLM_TIMEOUT_MS)} (raised), GLM_CONTEXT_TOKENS 128000, GLM_MAX_OUTPUT_TOKENS 16384, ` +
      `INSIGHTS_CHUNK_TOKENS ${process.env.INSIGHTS_CHUNK_TOKENS ?? 3000}, INSIGHTS_MAX_FEEDBACK 5000, INSIGHTS_NAMING_SAMPLE ${process.env.INSIGHTS_NAMING_SAMPLE ?? 300}, ` +
      `GLM_EMBEDDING_MODEL ${process.env.GLM_EMBEDDING_MODEL ?? 'embedding-3'}); one run per size, each from an empty chunk memo`,
  );
  console.log(`${machineLine()}; API, worker, Postgres, Redis and this client on the same machine; ${loadLine(loadAtStart)}\n`);
  console.log(
    '| entries (analysed) | chunks | map calls | map rounds | reduce calls | repair calls | first complete result, ms | longest call, ms | output tokens / analysed entry (o200k) | ' +
      `target (${fmt(TARGET_ENTRIES)} entries: ≤ ${fmt(TARGET_RESULT_MS / 1000)} s, ≤ ${TARGET_OUTPUT_TOKENS_PER_ENTRY} output tokens / entry) | legacy endpoint, ms | result ÷ legacy | accepted (202), ms | first progress, ms | first map call done, ms | cached read after, ms | tokens (prompt + completion, o200k) |`,
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const m of measured) {
    const perEntry = m.completionTokens / Math.max(1, m.analysed);
    const met = m.resultMs <= TARGET_RESULT_MS && perEntry <= TARGET_OUTPUT_TOKENS_PER_ENTRY;
    const target = `${check(met)}${m.entries === TARGET_ENTRIES ? '' : ' (bound of the 2,000 target, for reference)'}`;
    const legacy = m.legacyMs === undefined ? `skipped (above --legacy-max ${fmt(LEGACY_MAX)})` : fmt(m.legacyMs);
    const vsLegacy = m.legacyMs === undefined ? '–' : `${fmt(m.resultMs / m.legacyMs, 2)}×`;
    console.log(
      `| ${fmt(m.entries)} (${fmt(m.analysed)}) | ${m.chunks} | ${m.mapCalls} | ${m.mapRounds} | ${m.reduceCalls} | ${m.repairCalls} | ` +
        `${fmt(m.resultMs)} | ${fmt(m.longestCallMs)} | ${fmt(perEntry, 1)} | ${target} | ${legacy} | ${vsLegacy} | ${fmt(m.ackMs, 1)} | ${fmt(m.firstProgressMs)} | ` +
        `${fmt(m.firstChunkMs)} | ${fmt(m.cachedReadMs, 1)} | ${fmt(m.tokens)} |`,
    );
  }
  console.log(
    `\nmap rounds: 1 + whole longest-call durations between the first and the last map call the fake received (read every ${POLL_MS} ms). ` +
      `chunks: memo rows written, the unit a regeneration pays for.`,
  );
  console.log(`whole benchmark ${fmt((performance.now() - startedAll) / 1000)} s`);
}

await run.run(main);
