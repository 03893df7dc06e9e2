/**
 * What keeping a project's theme counts current costs (living themes, ADR 0022) against what the
 * service did before: a regeneration after every new feedback. One project is generated once,
 * then takes small widget writes, each followed by reads until its theme counts include them;
 * the same writes to a second project with INSIGHTS_REGENERATE_SHARE=0 are the baseline. See
 * docs/benchmarks.md, section "Living themes".
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { hashApiKey, newApiKey, ProjectsRepository, type DatabaseHandle } from '@insights/db';
import type { InsightsResult } from '@insights/engine';
import { decodeModelDefaults, startFakeGlm } from '@insights/fake-glm';
import { demoFeedback, freePort, sleep } from '@insights/testkit';
import {
  bearer,
  benchUser,
  BenchRun,
  call,
  derivedId,
  fmt,
  insertFeedback,
  loadLine,
  machineLine,
  serviceEnv,
  waitForApi,
  waitForJobRows,
  WORKER_READY,
  type BenchStack,
  type ServiceChild,
} from './worker-stack.js';
import { requireWholeNumbers } from './cli.js';

const POLL_MS = 250;
/** The automatic refresh a write schedules waits this long for writes to pause (AUTO_REFRESH_DEBOUNCE_MS's default) … */
const AUTO_REFRESH_DEBOUNCE_MS = 30_000;
/** … and this long is left for it to show up as a job row, if it decided to regenerate. */
const SETTLE_MARGIN_MS = 5_000;

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
    'write-percent': { type: 'string', default: '1' },
    'past-percent': { type: 'string', default: '15' },
    'timeout-s': { type: 'string', default: '300' },
    seed: { type: 'string', default: '11' },
    quick: { type: 'boolean', default: false },
  },
});
const ENTRIES = values.quick ? 500 : Number(values.entries);
const ROUNDS = values.quick ? 3 : Number(values.rounds);
const WRITE_PERCENT = Number(values['write-percent']);
const PAST_PERCENT = Number(values['past-percent']);
const TIMEOUT_MS = Number(values['timeout-s']) * 1000;
const SEED = Number(values.seed);
requireWholeNumbers([
  ['--entries', ENTRIES, 100, 5_000],
  ['--rounds', ROUNDS, 1, 20],
  ['--write-percent', WRITE_PERCENT, 1, 9],
  ['--past-percent', PAST_PERCENT, 11, 100],
  ['--timeout-s', TIMEOUT_MS / 1000, 10, 3_600],
  ['--seed', SEED, 0, 2 ** 31],
] as const);
/** Entries per small write: the widget's trickle. */
const WRITE = Math.max(1, Math.round((ENTRIES * WRITE_PERCENT) / 100));
const PAST = Math.round((ENTRIES * PAST_PERCENT) / 100);
if (WRITE * ROUNDS * 10 >= ENTRIES) {
  console.error(`--rounds × --write-percent must stay under the 10 % regeneration share (${ROUNDS} × ${WRITE} of ${ENTRIES} entries does not)`);
  process.exit(1);
}

interface Project {
  id: string;
  apiKey: string;
  headers: Record<string, string>;
  /** Entries the project holds. */
  entries: number;
}

interface ReadBody {
  stale?: boolean;
  refreshJobId?: string | null;
  data: InsightsResult;
}

/** Model calls and tokens of one project's llm_calls rows, by stage. */
type Spend = Map<string, { calls: number; tokens: number }>;

interface Round {
  label: string;
  mode: 'living' | 'baseline';
  written: number;
  seconds: number;
  spend: Spend;
  jobs: number;
  /** What the first read after the write said about a regeneration. */
  refresh: 'none' | 'queued';
}

const run = new BenchRun('living');
const total = (spend: Spend, stages?: string[]) =>
  [...spend.entries()]
    .filter(([stage]) => !stages || stages.includes(stage))
    .reduce((s, [, v]) => ({ calls: s.calls + v.calls, tokens: s.tokens + v.tokens }), { calls: 0, tokens: 0 });
const GENERATION_STAGES = ['map', 'reduce', 'repair', 'embed'];

async function lastCallId(handle: DatabaseHandle): Promise<number> {
  const { rows } = await handle.pool.query<{ id: string | null }>('select max(id)::text as id from llm_calls');
  return Number(rows[0]!.id ?? 0);
}

async function spendSince(handle: DatabaseHandle, projectId: string, afterId: number): Promise<Spend> {
  const { rows } = await handle.pool.query<{ stage: string; calls: number; tokens: string }>(
    `select stage, count(*)::int as calls, coalesce(sum(prompt_tokens + completion_tokens), 0)::text as tokens
       from llm_calls where project_id = $1 and id > $2 group by stage order by stage`,
    [projectId, afterId],
  );
  return new Map(rows.map((r) => [r.stage, { calls: r.calls, tokens: Number(r.tokens) }]));
}

async function jobRows(handle: DatabaseHandle, projectId: string): Promise<number> {
  const { rows } = await handle.pool.query<{ n: number }>('select count(*)::int as n from insights_jobs where project_id = $1', [projectId]);
  return rows[0]!.n;
}

/** A project owned by the benchmark's user, with a widget key we keep, and its seeded entries. */
async function seedProject(stack: BenchStack, userId: string, name: string): Promise<Project> {
  const apiKey = newApiKey();
  const project = await new ProjectsRepository(stack.handle.db).create({ id: derivedId('living', name), name, userId, hashedApiKey: hashApiKey(apiKey) });
  // The same seed for both projects: the same texts, so both pay for comparable generations.
  await insertFeedback(stack.handle, project.id, { count: ENTRIES, seed: SEED, sentences: 3 });
  await stack.handle.pool.query('analyze feedback');
  return { id: project.id, apiKey, headers: bearer(stack), entries: ENTRIES };
}

/** The API and a worker, configured as production but for `overrides`. */
async function startServices(stack: BenchStack, glmUrl: string, label: string, overrides: Record<string, string>) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = serviceEnv(stack, glmUrl, {
    PORT: String(port),
    // One user polls every 250 ms and writes through the widget: nothing here should be refused.
    REQUESTS_PER_MINUTE_PER_IP: '1000000',
    REQUESTS_PER_MINUTE_PER_USER: '1000000',
    JOBS_PER_MINUTE_PER_USER: '1000',
    ...overrides,
  });
  const api = run.start(`api-${label}`, 'apps/api/dist/main.js', { ...env, LOG_LEVEL: 'warn' });
  const worker: ServiceChild = run.start(`worker-${label}`, 'apps/worker/dist/main.js', env);
  await Promise.all([waitForApi(base, api), worker.waitFor(WORKER_READY, 90_000)]);
  return { base, stop: () => Promise.all([api.stop(), worker.stop()]) };
}

async function read(base: string, project: Project): Promise<ReadBody & { status: number }> {
  const res = await call<InsightsResult>(`${base}/api/insights?projectId=${project.id}`, { headers: project.headers });
  if (res.status !== 200 && res.status !== 202) throw new Error(`GET /api/insights answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return { status: res.status, ...(res.body as unknown as ReadBody) };
}

/** Polls reads until `done` says the read is current; fails loudly past the timeout. */
async function pollUntil(base: string, project: Project, what: string, done: (body: ReadBody & { status: number }) => boolean): Promise<ReadBody> {
  const deadline = Date.now() + TIMEOUT_MS;
  let last: (ReadBody & { status: number }) | undefined;
  for (;;) {
    last = await read(base, project);
    if (last.status === 200 && done(last)) return last;
    if (Date.now() > deadline) {
      const live = last.data?.live ? JSON.stringify(last.data.live) : 'none';
      throw new Error(
        `${what}: not current after ${TIMEOUT_MS / 1000} s (last read: status ${last.status}, stale ${String(last.stale)}, live ${live}, ` +
          `${last.data?.statistics?.totalFeedback ?? '?'} entries counted of ${project.entries})`,
      );
    }
    await sleep(POLL_MS);
  }
}

/** The first generation, as an owner asks for it; returns its wall time and spend. */
async function generate(stack: BenchStack, base: string, project: Project): Promise<{ seconds: number; spend: Spend }> {
  const before = await lastCallId(stack.handle);
  const started = performance.now();
  const res = await call<{ jobId: string }>(`${base}/api/insights/jobs`, { method: 'POST', headers: project.headers, body: { projectId: project.id } });
  if (res.status !== 202 && res.status !== 201 && res.status !== 200)
    throw new Error(`POST /api/insights/jobs answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  await waitForJobRows(stack.handle, TIMEOUT_MS);
  const body = await pollUntil(base, project, 'the first generation', (b) => !b.stale);
  const seconds = (performance.now() - started) / 1000;
  if (body.data.themes.length === 0 || body.data.themes.some((t) => !t.id)) {
    throw new Error(`the first result has ${body.data.themes.length} themes, not all with ids: nothing to assign new feedback to`);
  }
  return { seconds, spend: await spendSince(stack.handle, project.id, before) };
}

/** `count` new entries through the widget endpoint, one post each, as a site's visitors send them. */
async function widgetWrites(base: string, project: Project, count: number, seed: number): Promise<void> {
  for (const f of demoFeedback({ count, seed })) {
    const res = await call(`${base}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': project.apiKey },
      body: { text: f.text, ...(typeof f.rating === 'number' ? { rating: f.rating } : {}) },
    });
    if (res.status !== 201) throw new Error(`POST /api/feedback answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  project.entries += count;
}

/** A larger batch as an owner imports it. */
async function bulkWrite(base: string, project: Project, count: number, seed: number): Promise<void> {
  const items = [...demoFeedback({ count, seed })].map((f) => ({ text: f.text, rating: f.rating }));
  const res = await call(`${base}/api/projects/${project.id}/feedback/bulk`, { method: 'POST', headers: project.headers, body: { items } });
  if (res.status !== 201) throw new Error(`bulk import answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  project.entries += count;
}

/** Counts are current on the living view: every entry written since the result is assigned, none pending. */
const liveCurrent = (since: number) => (b: ReadBody) => b.data.live?.assigned === since && b.data.live.pending === 0;
/** Counts are current on a fresh result: it was generated over every entry the project holds. */
const freshCurrent = (project: Project) => (b: ReadBody) => !b.stale && b.data.statistics.totalFeedback === project.entries;

async function measureRound(
  stack: BenchStack,
  project: Project,
  round: Omit<Round, 'seconds' | 'spend' | 'jobs' | 'refresh'>,
  write: () => Promise<void>,
  base: string,
  current: (b: ReadBody) => boolean,
): Promise<{ finish: () => Promise<Round> }> {
  const callsBefore = await lastCallId(stack.handle);
  const jobsBefore = await jobRows(stack.handle, project.id);
  const started = performance.now();
  await write();
  const first = await read(base, project);
  const refresh = first.refreshJobId ? 'queued' : 'none';
  await pollUntil(base, project, `${round.label} (${round.mode})`, current);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${round.mode} ${round.label}: ${fmt(round.written)} new entries current after ${fmt(seconds, 1)} s`);
  // Spend and jobs are read when the round ends (before the next write), so late calls count too.
  return {
    finish: async () => ({
      ...round,
      seconds,
      refresh,
      spend: await spendSince(stack.handle, project.id, callsBefore),
      jobs: (await jobRows(stack.handle, project.id)) - jobsBefore,
    }),
  };
}

async function main(): Promise<void> {
  const startedAll = performance.now();
  const loadAtStart = loadavg()[0]!;
  const stack = await run.create();
  console.log(`database and Redis prefix ${stack.name} created`);
  const userId = await benchUser(stack.handle);
  const living = await seedProject(stack, userId, 'Living project');
  const baseline = await seedProject(stack, userId, 'Baseline project');
  console.log(`seeded two projects of ${fmt(ENTRIES)} entries`);
  const fake = await startFakeGlm({ port: 0, host: '127.0.0.1', ...decodeModelDefaults() });
  run.onCleanUp(() => fake.close());
  const rounds: Round[] = [];

  // Living themes on (the service's default share): writes are assigned between regenerations.
  let services = await startServices(stack, fake.url, 'living', {});
  const livingFirst = await generate(stack, services.base, living);
  console.log(`living project generated in ${fmt(livingFirst.seconds, 1)} s`);
  let since = 0;
  let pending: { finish: () => Promise<Round> } | undefined;
  for (let r = 0; r < ROUNDS; r++) {
    if (pending) rounds.push(await pending.finish());
    since += WRITE;
    pending = await measureRound(
      stack,
      living,
      { label: `round ${r + 1}`, mode: 'living', written: WRITE },
      () => widgetWrites(services.base, living, WRITE, SEED * 1_000 + r),
      services.base,
      liveCurrent(since),
    );
  }
  // The automatic refresh the writes scheduled fires once they pause: the last round waits for
  // it, so a regeneration it decided on would show as a job row of that round.
  await sleep(AUTO_REFRESH_DEBOUNCE_MS + SETTLE_MARGIN_MS);
  await waitForJobRows(stack.handle, TIMEOUT_MS);
  rounds.push(await pending!.finish());

  // Past the share: the read regenerates, and the counts are current once the fresh result is.
  pending = await measureRound(
    stack,
    living,
    { label: `${PAST_PERCENT} % new`, mode: 'living', written: PAST },
    () => bulkWrite(services.base, living, PAST, SEED * 1_000 + 999),
    services.base,
    freshCurrent(living),
  );
  await waitForJobRows(stack.handle, TIMEOUT_MS);
  const pastShare = await pending.finish();
  await services.stop();

  // Baseline: the living view off, every read after new feedback regenerates. Its own Redis
  // prefix, so nothing the first services queued reaches this worker.
  services = await startServices(stack, fake.url, 'baseline', { INSIGHTS_REGENERATE_SHARE: '0', REDIS_KEY_PREFIX: `${stack.keyPrefix}_base` });
  const baselineFirst = await generate(stack, services.base, baseline);
  console.log(`baseline project generated in ${fmt(baselineFirst.seconds, 1)} s`);
  pending = undefined;
  for (let r = 0; r < ROUNDS; r++) {
    if (pending) rounds.push(await pending.finish());
    pending = await measureRound(
      stack,
      baseline,
      { label: `round ${r + 1}`, mode: 'baseline', written: WRITE },
      () => widgetWrites(services.base, baseline, WRITE, SEED * 1_000 + r),
      services.base,
      freshCurrent(baseline),
    );
    await waitForJobRows(stack.handle, TIMEOUT_MS);
  }
  rounds.push(await pending!.finish());
  await services.stop();

  const decode = decodeModelDefaults();
  console.log(
    `\nLiving themes: a project of ${fmt(ENTRIES)} entries generated once, then ${ROUNDS} rounds of ${fmt(WRITE)} widget writes (${WRITE_PERCENT} %), ` +
      `each read until its theme counts include them; baseline the same writes with INSIGHTS_REGENERATE_SHARE=0; seed ${SEED}; ` +
      `fake GLM in decode timing (${decode.timeToFirstTokenMs} ms to first token, ${decode.decodeTokensPerSecond} tokens/s, account concurrency ${decode.accountConcurrency}), tokens in o200k`,
  );
  console.log(`${machineLine()}; ${loadLine(loadAtStart)}\n`);
  // Every stage that called the model in the round, as `stage calls`.
  const stageCell = (spend: Spend) => [...spend.entries()].map(([stage, v]) => `${stage} ${fmt(v.calls)}`).join(', ') || 'none';
  const tokenCell = (spend: Spend) => `${fmt(spend.get('assign')?.tokens ?? 0)} / ${fmt(total(spend, GENERATION_STAGES).tokens)}`;
  console.log(
    '| mode | round | new entries | s from the write to current counts | model calls by stage | tokens (assign / generation) | generation jobs | first read after the write |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  const row = (r: Round) =>
    console.log(
      `| ${r.mode} | ${r.label} | ${fmt(r.written)} | ${fmt(r.seconds, 1)} | ${stageCell(r.spend)} | ${tokenCell(r.spend)} | ${fmt(r.jobs)} | ${r.refresh === 'queued' ? 'regeneration queued' : 'live view, no regeneration'} |`,
    );
  for (const r of rounds.filter((x) => x.mode === 'living')) row(r);
  row(pastShare);
  for (const r of rounds.filter((x) => x.mode === 'baseline')) row(r);

  const mean = (mode: Round['mode'], pick: (r: Round) => number) => {
    const of = rounds.filter((r) => r.mode === mode);
    return of.reduce((s, r) => s + pick(r), 0) / of.length;
  };
  const livingTokens = mean('living', (r) => total(r.spend).tokens);
  const baselineTokens = mean('baseline', (r) => total(r.spend).tokens);
  const livingSeconds = mean('living', (r) => r.seconds);
  const baselineSeconds = mean('baseline', (r) => r.seconds);
  const livingJobs = rounds.filter((r) => r.mode === 'living').reduce((s, r) => s + r.jobs, 0);
  const firstTokens = (g: { spend: Spend }) => fmt(total(g.spend).tokens);
  console.log(
    `\nfirst generation: living project ${fmt(livingFirst.seconds, 1)} s, ${firstTokens(livingFirst)} tokens; baseline project ${fmt(baselineFirst.seconds, 1)} s, ${firstTokens(baselineFirst)} tokens`,
  );
  console.log(
    `per small round: living ${fmt(livingTokens)} tokens, ${fmt(livingSeconds, 1)} s to current counts, ${fmt(livingJobs)} generation jobs in ${ROUNDS} rounds ` +
      `(the automatic refresh included: checked ${fmt((AUTO_REFRESH_DEBOUNCE_MS + SETTLE_MARGIN_MS) / 1000)} s after the last write); ` +
      `baseline ${fmt(baselineTokens)} tokens, ${fmt(baselineSeconds, 1)} s to a fresh result`,
  );
  console.log(
    `living ÷ baseline: tokens per round **${fmt((livingTokens / baselineTokens) * 100, 2)} %**, time to current counts **${fmt((livingSeconds / baselineSeconds) * 100, 1)} %**`,
  );
  console.log(
    `past the share (${fmt(PAST)} entries, ${PAST_PERCENT} % new, with ${fmt(since)} assigned before): ${pastShare.refresh === 'queued' ? 'the first read queued a regeneration' : 'the first read queued NO regeneration'}, ` +
      `${fmt(pastShare.jobs)} generation job(s), fresh result after ${fmt(pastShare.seconds, 1)} s, ${fmt(total(pastShare.spend).tokens)} tokens`,
  );
  if (livingJobs > 0) throw new Error(`the living rounds ran ${livingJobs} generation job(s): their counts were not kept current by assignment alone`);
  if (pastShare.refresh !== 'queued' || pastShare.jobs === 0) throw new Error('the round past the share did not regenerate');
  console.log(`whole benchmark ${fmt((performance.now() - startedAll) / 1000)} s`);
}

await run.run(main);
