/**
 * Web benchmark: in Chromium, how long after a click on "Generate new insights" the insights
 * page shows the first progress of the job, and its result. The page is the production build
 * served by `vite preview` (proxying to the API), with the API and worker as child processes, a
 * fake GLM server and a throwaway database. Each run adds one entry first (a new feedback
 * generation, so nothing is cached) and empties the chunk memo (so every run does the same work).
 *
 * Baseline, in the same browser and interleaved run by run: a click on a bare page whose button
 * fetches stored bytes (a completed job as the API sends it) from a bare node:http server and
 * renders one figure of it: the least a click-to-answer round trip can take in this browser.
 *
 *   pnpm bench:web [--runs N] [--entries N] [--latency-ms MS]   (MS added to the decode timing)
 *
 * Times are taken in the page itself (see test/browser/support/probe.ts): from the click event to
 * the DOM change, with no test-runner round trips in them.
 */
import { writeFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { demoFeedback, signSessionToken, median, quantile, freePort } from '@insights/testkit';
import { decodeModelDefaults, startFakeGlm } from '@insights/fake-glm';
import { launchChromium, newPage } from '../test/browser/support/chromium.js';
import { clickTimings, clickToTotal, readProbe, type ProgressSample } from '../test/browser/support/probe.js';
import { buildWebPage, WebPreview } from '../test/browser/support/web-preview.js';
import { AZP, BENCH_CLERK_ID, bearer, BenchRun, call, fmt, loadLine, machineLine, serviceEnv, waitForApi, WORKER_READY } from './worker-stack.js';
import { requireWholeNumbers } from './cli.js';

const RESULT_TIMEOUT_MS = 60_000;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    entries: { type: 'string', default: '150' },
    // Added to the fake GLM's decode timing.
    'latency-ms': { type: 'string', default: '0' },
  },
});
const RUNS = Number(values.runs);
const ENTRIES = Number(values.entries);
const LATENCY_MS = Number(values['latency-ms']);
requireWholeNumbers([
  ['--runs', RUNS, 3, 50],
  ['--entries', ENTRIES, 20, 1_000],
  ['--latency-ms', LATENCY_MS, 0, 5_000],
] as const);

interface Rep {
  baselineMs: number;
  barMs: number;
  firstProgressMs: number;
  resultMs: number;
  firstProgress: ProgressSample;
}

const run = new BenchRun('web');

/** The results of a finished job on the page: no progress bar, total-feedback showing `total`. */
const waitForTotal = (page: Page, total: number) =>
  page.waitForFunction(
    `!document.querySelector('[data-testid="progress"]') &&
     document.querySelector('[data-testid="total-feedback"]')?.textContent?.trim() === '${total}'`,
    undefined,
    { timeout: RESULT_TIMEOUT_MS },
  );

async function main(): Promise<void> {
  const startedAll = performance.now();
  const loadAtStart = loadavg()[0]!;
  // First, so a missing Chromium fails at once, saying how to install it.
  const browser = await launchChromium();
  run.onCleanUp(() => browser.close());
  const stack = await run.create();
  console.log(`database and Redis prefix ${stack.name} created`);
  const build = buildWebPage();
  run.onCleanUp(async () => (await build.catch(() => undefined))?.remove());

  // Start-up answers quickly; the measured calls get the latency.
  const fake = await startFakeGlm({ port: 0, host: '127.0.0.1', ...decodeModelDefaults() });
  run.onCleanUp(() => fake.close());
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = serviceEnv(stack, fake.url, {
    PORT: String(port),
    LOG_LEVEL: 'log',
    // One user generating again and again, from one address: the default limits are for people.
    REQUESTS_PER_MINUTE_PER_IP: '100000',
    REQUESTS_PER_MINUTE_PER_USER: '100000',
    JOBS_PER_MINUTE_PER_USER: '1000',
  });
  const api = run.start('api', 'apps/api/dist/main.js', { ...env, LOG_LEVEL: 'warn' });
  const worker = run.start('worker', 'apps/worker/dist/main.js', env);
  const built = await build;
  await Promise.all([waitForApi(base, api), worker.waitFor(WORKER_READY, 90_000)]);
  fake.setLatency(LATENCY_MS);

  const headers = bearer(stack);
  const token = signSessionToken(stack.keys.privateKey, { sub: BENCH_CLERK_ID, azp: AZP, expiresIn: 3_600 });
  const preview = await WebPreview.start({ outDir: built.outDir, apiUrl: base, token });
  run.onCleanUp(() => preview.stop());
  console.log(`API, worker and the page (${preview.url}) ready`);

  const created = await call<{ id: string }>(`${base}/api/projects`, { method: 'POST', headers, body: { name: 'Benchmark project' } });
  if (created.status !== 201) throw new Error(`POST /api/projects answered ${created.status}`);
  const projectId = created.body.data.id;
  let seed = 700;
  const addFeedback = async (count: number) => {
    const items = [...demoFeedback({ count, seed: seed++ })].map((f) => ({ text: f.text, rating: f.rating, createdAt: f.createdAt!.toISOString() }));
    const added = await call(`${base}/api/projects/${projectId}/feedback/bulk`, { method: 'POST', headers, body: { items } });
    if (added.status !== 201) throw new Error(`bulk import answered ${added.status}`);
  };
  await addFeedback(ENTRIES);

  const insights = (await newPage(browser)).page;
  // Warm-up, and the answer the baseline serves: the first read queues a job and the page follows it.
  await insights.goto(`${preview.url}/?project=${projectId}`);
  await waitForTotal(insights, ENTRIES);
  const { rows } = await stack.handle.pool.query<{ id: string }>("select id from insights_jobs where status = 'completed'");
  if (rows.length !== 1) throw new Error(`expected one completed job after the warm-up, found ${rows.length}`);
  const answer = await fetch(`${base}/api/insights/jobs/${rows[0]!.id}`, { headers });
  const stored = Buffer.from(await answer.arrayBuffer());
  const storedFile = join(tmpdir(), `${stack.name}-answer.json`);
  await writeFile(storedFile, stored);
  run.onCleanUp(() => rm(storedFile, { force: true }));
  const baselineServer = run.start('baseline', 'bench/web-baseline.ts', { ...process.env, BASELINE_FILE: storedFile, PORT: '0' });
  const [, baselinePort] = await baselineServer.waitFor(/listening (\d+)/, 30_000);
  const baseline = (await newPage(browser)).page;
  await baseline.goto(`http://127.0.0.1:${baselinePort}/`);
  const clickBaseline = async () => {
    await baseline.getByTestId('generate').click();
    await baseline.waitForFunction(`document.querySelector('[data-testid="total-feedback"]')?.textContent === '${ENTRIES}'`);
    return clickToTotal(await readProbe(baseline), 'generate', ENTRIES);
  };
  for (let i = 0; i < 3; i++) await clickBaseline();
  console.log(`baseline page ready; the stored answer is ${fmt(stored.length)} bytes`);

  const reps: Rep[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const baselineMs = await clickBaseline();
    await stack.handle.pool.query('truncate insights_chunk_memo');
    await addFeedback(1);
    const total = ENTRIES + i;
    await insights.getByTestId('generate').click();
    await waitForTotal(insights, total);
    const t = clickTimings(await readProbe(insights), 'generate', total);
    reps.push({ baselineMs, ...t });
    console.log(
      `run ${i}: baseline ${fmt(baselineMs, 1)} ms; page: bar ${fmt(t.barMs, 1)} ms, first progress ${fmt(t.firstProgressMs)} ms ` +
        `(${t.firstProgress.stage} ${t.firstProgress.percent} %), result ${fmt(t.resultMs)} ms`,
    );
  }
  const jobs = await stack.handle.pool.query<{ status: string; n: number }>('select status, count(*)::int as n from insights_jobs group by status');
  const completed = jobs.rows.find((r) => r.status === 'completed')?.n ?? 0;
  if (completed !== RUNS + 1 || jobs.rows.length !== 1) throw new Error(`expected ${RUNS + 1} completed jobs and nothing else: ${JSON.stringify(jobs.rows)}`);

  // --- Report ---------------------------------------------------------------------------------
  const pick = (f: (r: Rep) => number) => reps.map(f);
  const baselineMedian = median(pick((r) => r.baselineMs));
  const baselineP95 = quantile(
    pick((r) => r.baselineMs),
    0.95,
  );
  const rowsOut: [string, (r: Rep) => number][] = [
    ['baseline: click → bare page shows the answer of a bare node:http server', (r) => r.baselineMs],
    ['1. click → progress bar on the page ("Starting…")', (r) => r.barMs],
    ['2. click → first progress the job reported (percent > 0 or a stage past the queue)', (r) => r.firstProgressMs],
    ['3. click → result on the page (total-feedback counts the new entry)', (r) => r.resultMs],
  ];
  console.log(
    `\nWeb benchmark: the insights page (production build, vite preview) in headless Chromium; one project of ${fmt(ENTRIES)} entries, ` +
      `fake GLM in decode timing (${decodeModelDefaults().timeToFirstTokenMs} ms to first token, ${decodeModelDefaults().decodeTokensPerSecond} tokens/s, account concurrency ${decodeModelDefaults().accountConcurrency}) + ${fmt(LATENCY_MS)} ms per call, service defaults (GLM_CONCURRENCY 4, INSIGHTS_CHUNK_TOKENS 3000); ` +
      `${RUNS} runs, each on a new feedback generation from an empty chunk memo`,
  );
  console.log(`${machineLine()}; browser, page server, API, worker, Postgres, Redis on the same machine; ${loadLine(loadAtStart)}\n`);
  console.log('| row | median ms | p95 ms | median × baseline | p95 × baseline |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [label, f] of rowsOut) {
    const values = pick(f);
    const m = median(values);
    const p95 = quantile(values, 0.95);
    const digits = m < 100 ? 1 : 0;
    console.log(`| ${label} | ${fmt(m, digits)} | ${fmt(p95, digits)} | ${fmt(m / baselineMedian, 1)}× | ${fmt(p95 / baselineP95, 1)}× |`);
  }
  const stages = new Map<string, number>();
  for (const r of reps) stages.set(r.firstProgress.stage ?? '?', (stages.get(r.firstProgress.stage ?? '?') ?? 0) + 1);
  console.log(
    `\nfirst progress shown was stage ${[...stages].map(([stage, n]) => `${stage} (${n}×)`).join(', ')}; p95 is the ` +
      `${Math.ceil(0.95 * RUNS)}th of ${RUNS} runs, fastest first. Each run created exactly one job (${completed} completed with the warm-up, none failed).`,
  );
  console.log(`whole benchmark ${fmt((performance.now() - startedAll) / 1000)} s`);
}

await run.run(main);
