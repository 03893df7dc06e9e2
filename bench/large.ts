/**
 * Large-project benchmark: 1,000,000 feedback entries in one project. SQL statistics (cold and
 * warm) against a plain count, a full generation through the real worker process under the
 * default cap (wall time, peak RSS, LLM calls and tokens) against the same generation of a
 * 5,000-entry project, and a regeneration after 1 % new feedback. See docs/benchmarks.md, "Large".
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createDatabase, InsightsJobsRepository, StatsRepository } from '@insights/db';
import { decodeModelDefaults, startFakeGlm } from '@insights/fake-glm';
import { dropSecondaryIndexes, insertSqlFeedback } from './large-seed.js';
import {
  benchConfig,
  benchUser,
  BenchRun,
  check,
  createProjects,
  benchLauncher,
  enqueueLikeApi,
  fmt,
  BullInsightsQueue,
  loadLine,
  machineLine,
  serviceEnv,
  waitForJobRows,
  WORKER_NODE_ARGS,
  WORKER_READY,
  type ServiceChild,
} from './worker-stack.js';
import { median, sleep } from '@insights/testkit';

const NOW = new Date('2026-11-01T00:00:00Z');
const SLICE = 100_000;
const CAP = 5_000;
const WARM_RUNS = 3;
const JOB_TIMEOUT_MS = 200_000;
const TARGET_STATS_MS = 1_500;
const TARGET_RSS_MB = 300;
const TARGET_REGEN_PCT = 10;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    quick: { type: 'boolean', default: false },
  },
});
const COUNT = values.quick ? 100_000 : Number(values.count);
if (!Number.isInteger(COUNT) || COUNT < 10_000 || COUNT > 5_000_000) {
  console.error('--count must be a whole number from 10,000 to 5,000,000');
  process.exit(1);
}
const ADDED = Math.round(COUNT / 100);

interface JobFigures {
  label: string;
  analysed: number;
  total: number;
  sampled: boolean;
  wallMs: number;
  calls: number;
  stages: string;
  tokens: number;
  memoHits: number;
  /** Highest VmRSS sampled every 50 ms while the job ran. */
  sampledPeakMb: number;
  /** VmHWM after the job: the process's peak since it started. */
  hwmMb: number;
}

const run = new BenchRun('large');

async function main(): Promise<void> {
  const startedAll = performance.now();
  const loadAtStart = loadavg()[0]!;
  const stack = await run.create();
  const pool = stack.handle.pool;
  console.log(`database and Redis prefix ${stack.name} created`);
  const userId = await benchUser(stack.handle);
  const [large, small] = await createProjects(stack.handle, userId, 2);

  // --- Seed -----------------------------------------------------------------------------------
  const seedStarted = performance.now();
  const rebuild = await dropSecondaryIndexes(pool);
  for (let offset = 0; offset < COUNT; offset += SLICE) {
    await insertSqlFeedback(pool, { projectId: large!, seed: 1, count: Math.min(SLICE, COUNT - offset), offset, days: 365, now: NOW });
    process.stdout.write(`\rseeding: ${fmt(Math.min(COUNT, offset + SLICE))} / ${fmt(COUNT)} entries`);
  }
  await insertSqlFeedback(pool, { projectId: small!, seed: 2, count: CAP, days: 365, now: NOW });
  const insertMs = performance.now() - seedStarted;
  const indexStarted = performance.now();
  await rebuild();
  const indexMs = performance.now() - indexStarted;
  // A settled table, as autovacuum leaves it: statistics for the planner, visibility map set.
  const vacuumStarted = performance.now();
  await pool.query('vacuum analyze feedback');
  const vacuumMs = performance.now() - vacuumStarted;
  const seedMs = performance.now() - seedStarted;
  const { rows: size } = await pool.query<{ table: string; indexes: string }>(
    "select pg_size_pretty(pg_table_size('feedback')) as table, pg_size_pretty(pg_indexes_size('feedback')) as indexes",
  );
  console.log(
    `\rseeded ${fmt(COUNT)} + ${fmt(CAP)} entries in ${fmt(seedMs / 1000, 1)} s (insert ${fmt(insertMs / 1000, 1)} s, ` +
      `indexes ${fmt(indexMs / 1000, 1)} s, vacuum analyze ${fmt(vacuumMs / 1000, 1)} s); table ${size[0]!.table}, indexes ${size[0]!.indexes}`,
  );

  // --- Statistics -----------------------------------------------------------------------------
  // A new pool: no connection has planned or run either query yet. The table was just written,
  // so much of it is still in the OS page cache: "cold" is a first run, not a cold disk.
  const fresh = createDatabase(stack.databaseUrl, 2);
  run.onCleanUp(() => fresh.close());
  const timeIt = async (work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    return performance.now() - t;
  };
  const count = () => fresh.pool.query('select count(*) from feedback where project_id = $1', [large]);
  const stats = () => new StatsRepository(fresh.db).compute({ projectId: large! }, {});
  const countCold = await timeIt(count);
  const statsCold = await timeIt(stats);
  const countWarm: number[] = [];
  const statsWarm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    countWarm.push(await timeIt(count));
    statsWarm.push(await timeIt(stats));
  }
  const computed = await stats();
  if (computed.totalFeedback !== COUNT) throw new Error(`statistics counted ${computed.totalFeedback}, expected ${COUNT}`);
  console.log(
    `statistics: cold ${fmt(statsCold)} ms, warm ${fmt(median(statsWarm))} ms; count(*): cold ${fmt(countCold)} ms, warm ${fmt(median(countWarm))} ms`,
  );

  // --- Generations through the worker ----------------------------------------------------------
  const fake = await startFakeGlm({ port: 0, host: '127.0.0.1', ...decodeModelDefaults() });
  run.onCleanUp(() => fake.close());
  const env = serviceEnv(stack, fake.url, { LOG_LEVEL: 'log' });
  const worker = run.start('worker', 'apps/worker/dist/main.js', env, [], WORKER_NODE_ARGS);
  await worker.waitFor(WORKER_READY, 90_000);
  await sleep(1_000);
  const idle = worker.memory();
  console.log(`worker ready: RSS ${idle?.rssMb ?? '?'} MB, peak so far ${idle?.peakRssMb ?? '?'} MB`);
  const config = benchConfig(stack, fake.url);
  if (config.insights.maxFeedback !== CAP) throw new Error(`expected the default cap ${CAP}, got ${config.insights.maxFeedback}`);
  const queue = BullInsightsQueue.open({ redisUrl: stack.redisUrl, keyPrefix: stack.keyPrefix, role: 'producer' });
  run.onCleanUp(() => queue.close().catch(() => undefined));
  const { launcher, close: closeLauncher } = benchLauncher(stack.handle, queue, config, stack);
  run.onCleanUp(closeLauncher);

  const generate = async (label: string, projectId: string, w: ServiceChild): Promise<JobFigures> => {
    fake.reset();
    const jobId = await enqueueLikeApi(stack.handle, launcher, config, userId, projectId);
    let sampledPeakMb = 0;
    let done = false;
    const sampler = (async () => {
      while (!done) {
        sampledPeakMb = Math.max(sampledPeakMb, w.memory()?.rssMb ?? 0);
        await sleep(50);
      }
    })();
    try {
      await waitForJobRows(stack.handle, JOB_TIMEOUT_MS);
    } finally {
      done = true;
      await sampler;
    }
    // The repository resolves the result the row references (the job's cache entry).
    const job = (await new InsightsJobsRepository(stack.handle.db).findById(jobId))!;
    const row = {
      ms: job.processingTime!,
      result: job.result as { coverage: { analysed: number; totalFeedback: number; sampled: boolean }; memoHits: number; tokens: { total: number } },
    };
    const stats = fake.stats();
    const figures: JobFigures = {
      label,
      analysed: row.result.coverage.analysed,
      total: row.result.coverage.totalFeedback,
      sampled: row.result.coverage.sampled,
      wallMs: row.ms,
      calls: stats.calls,
      stages: `${stats.byStage.map}/${stats.byStage.reduce}/${stats.byStage.repair}`,
      // Chat and embedding tokens: both are spend, as the result's own total counts them.
      tokens: stats.promptTokens + stats.completionTokens + stats.embedPromptTokens,
      memoHits: row.result.memoHits,
      sampledPeakMb,
      hwmMb: w.memory()?.peakRssMb ?? Number.NaN,
    };
    if (figures.tokens !== row.result.tokens.total) console.log(`note: the fake counted ${figures.tokens} tokens, the result ${row.result.tokens.total}`);
    console.log(
      `${label}: ${fmt(figures.wallMs)} ms, ${figures.calls} LLM calls, ${fmt(figures.tokens)} tokens, RSS peak ${figures.sampledPeakMb} MB (VmHWM ${figures.hwmMb} MB)`,
    );
    return figures;
  };

  const baseline = await generate(`baseline: full generation, project of ${fmt(CAP)} entries (= the cap)`, small!, worker);
  const full = await generate(`full generation, ${fmt(COUNT)} entries, default cap ${fmt(CAP)}, cold memo`, large!, worker);
  const addStarted = performance.now();
  await insertSqlFeedback(pool, { projectId: large!, seed: 3, count: ADDED, days: 7, now: new Date(NOW.getTime() + 7 * 86_400_000) });
  await pool.query('analyze feedback');
  console.log(`added ${fmt(ADDED)} entries dated in the following week in ${fmt(performance.now() - addStarted)} ms`);
  const regen = await generate(`regeneration after +1 % (${fmt(ADDED)} new entries), warm memo`, large!, worker);
  const idleAfter = worker.memory();

  // --- Report ---------------------------------------------------------------------------------
  const statsMs = Math.max(statsCold, median(statsWarm));
  const regenPct = (regen.tokens / full.tokens) * 100;
  console.log(
    `\nLarge-project benchmark: ${fmt(COUNT)} entries in one project; fake GLM in decode timing (${decodeModelDefaults().timeToFirstTokenMs} ms to first token, ${decodeModelDefaults().decodeTokensPerSecond} tokens/s, account concurrency ${decodeModelDefaults().accountConcurrency}, o200k tokens); service defaults (INSIGHTS_MAX_FEEDBACK ${fmt(CAP)}, GLM_CONCURRENCY 4)`,
  );
  console.log(
    `${machineLine()}; PostgreSQL shared_buffers ${(await pool.query<{ v: string }>("select current_setting('shared_buffers') as v")).rows[0]!.v}; ${loadLine(loadAtStart)}`,
  );
  console.log(
    `seeding: ${fmt(seedMs / 1000, 1)} s (insert ${fmt(insertMs / 1000, 1)} s, index build ${fmt(indexMs / 1000, 1)} s, vacuum analyze ${fmt(vacuumMs / 1000, 1)} s); table ${size[0]!.table}, indexes ${size[0]!.indexes}\n`,
  );
  console.log('| figure | measured | baseline (same run) | × baseline | target | result |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(
    `| statistics, cold (StatsRepository.compute, first run on a new connection) | ${fmt(statsCold)} ms | count(*) cold ${fmt(countCold)} ms | ${fmt(statsCold / countCold, 1)}× | < ${fmt(TARGET_STATS_MS)} ms | ${check(statsCold < TARGET_STATS_MS)} |`,
  );
  console.log(
    `| statistics, warm (median of ${WARM_RUNS}) | ${fmt(median(statsWarm))} ms | count(*) warm ${fmt(median(countWarm))} ms | ${fmt(median(statsWarm) / median(countWarm), 1)}× | < ${fmt(TARGET_STATS_MS)} ms | ${check(median(statsWarm) < TARGET_STATS_MS)} |`,
  );
  const gen = (f: JobFigures, isBaseline: boolean) =>
    `${fmt(f.wallMs)} ms; ${fmt(f.analysed)} / ${fmt(f.total)} analysed${f.sampled ? ' (sample)' : ''}; ${fmt(f.calls)} LLM calls (map/reduce/repair ${f.stages}); ${fmt(f.tokens)} tokens${isBaseline ? '' : `; ${fmt(f.memoHits)} memo hits`}`;
  console.log(
    `| full generation (worker job: processing_time_ms) | ${gen(full, false)} | ${gen(baseline, true)} | wall ${fmt(full.wallMs / baseline.wallMs, 1)}×, tokens ${fmt(full.tokens / baseline.tokens, 2)}× | – | – |`,
  );
  console.log(
    `| idle worker RSS (built, as \`pnpm start:worker\` runs it), 1 s after start-up | ${fmt(idle?.rssMb ?? Number.NaN)} MB | – | – | < ${TARGET_RSS_MB} MB | ${check((idle?.rssMb ?? Number.POSITIVE_INFINITY) < TARGET_RSS_MB)} |`,
  );
  console.log(
    `| worker peak RSS during the full generation (VmRSS every 50 ms) | ${fmt(full.sampledPeakMb)} MB | idle worker after start-up ${fmt(idle?.rssMb ?? Number.NaN)} MB | ${fmt(full.sampledPeakMb / (idle?.rssMb ?? Number.NaN), 2)}× | < ${TARGET_RSS_MB} MB | ${check(full.sampledPeakMb < TARGET_RSS_MB)} |`,
  );
  console.log(
    `| worker VmHWM (peak since start, start-up included) after the full generation | ${fmt(full.hwmMb)} MB | VmHWM after start-up ${fmt(idle?.peakRssMb ?? Number.NaN)} MB | ${fmt(full.hwmMb / (idle?.peakRssMb ?? Number.NaN), 2)}× | < ${TARGET_RSS_MB} MB | ${check(full.hwmMb < TARGET_RSS_MB)} |`,
  );
  console.log(
    `| regeneration after +1 % | ${gen(regen, false)} | the full generation: ${fmt(full.tokens)} tokens | ${fmt(regenPct, 1)} % of its tokens | < ${TARGET_REGEN_PCT} % | ${check(regenPct < TARGET_REGEN_PCT)} |`,
  );
  console.log(
    `\nbaseline generation peak RSS ${fmt(baseline.sampledPeakMb)} MB; regeneration peak RSS ${fmt(regen.sampledPeakMb)} MB; ` +
      `worker RSS at the end ${fmt(idleAfter?.rssMb ?? Number.NaN)} MB (VmHWM ${fmt(idleAfter?.peakRssMb ?? Number.NaN)} MB)`,
  );
  console.log(
    `statistics: cold ${fmt(statsCold)} ms and warm ${statsWarm.map((v) => fmt(v)).join(' / ')} ms; count(*) warm ${countWarm.map((v) => fmt(v)).join(' / ')} ms; the target is checked on the slower: ${fmt(statsMs)} ms`,
  );
  console.log(`whole benchmark ${fmt((performance.now() - startedAll) / 1000)} s`);
}

await run.run(main);
