/**
 * AI cost over a simulated day: Zipf-distributed reads of many projects through
 * GET /api/insights with a worker running, feedback arriving in small batches, against the old
 * synchronous endpoint, which paid one full generation per read (the model bench:engine's row a
 * and bench:latency use too). See docs/benchmarks.md, section "AI cost".
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { costOfCall, modelFacts, type ModelPrices } from '@insights/config';
import { FeedbackStream, hashApiKey, newApiKey, ProjectsRepository, StatsRepository, UsersRepository, type DatabaseHandle } from '@insights/db';
import { demoFeedback, prng, freePort } from '@insights/testkit';
import { GlmProvider, runInsights } from '@insights/engine';
import { decodeModelDefaults, startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import {
  bearer,
  BenchRun,
  call,
  check,
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
} from './worker-stack.js';
import { requireWholeNumbers } from './cli.js';

const TARGET_RATIO = 0.05;
// A cold round queues a job per project on one account of 4 calls in flight: under the decode
// timing twenty cold projects take a few minutes of model time in all.
const ROUND_DRAIN_TIMEOUT_MS = 600_000;

const { values } = parseArgs({
  options: {
    projects: { type: 'string', default: '50' },
    hours: { type: 'string', default: '24' },
    'reads-per-hour': { type: 'string', default: '200' },
    'batches-per-hour': { type: 'string', default: '3' },
    zipf: { type: 'string', default: '1.1' },
    seed: { type: 'string', default: '7' },
    quick: { type: 'boolean', default: false },
    // glm-4.5-flash, the service's default, is free: money is counted at a priced model's rates.
    model: { type: 'string', default: 'glm-4.5' },
    // The service's fake answers at once instead of at decode speed: tokens and money are the same.
    'fixed-timing': { type: 'boolean', default: false },
  },
});
const PROJECTS = values.quick ? 20 : Number(values.projects);
const HOURS = values.quick ? 8 : Number(values.hours);
const READS_PER_HOUR = values.quick ? 100 : Number(values['reads-per-hour']);
const BATCHES_PER_HOUR = Number(values['batches-per-hour']);
const ZIPF_S = Number(values.zipf);
const SEED = Number(values.seed);
requireWholeNumbers([
  ['--projects', PROJECTS, 2, 500],
  ['--hours', HOURS, 1, 48],
  ['--reads-per-hour', READS_PER_HOUR, 1, 2_000],
  ['--batches-per-hour', BATCHES_PER_HOUR, 0, 100],
  ['--seed', SEED, 0, 2 ** 31],
] as const);
const MODEL = values.model.toLowerCase();
function pricesOf(model: string): ModelPrices {
  const prices = modelFacts(model).prices;
  if (prices) return prices;
  console.error(`--model must be a model of the price table (packages/config/src/models.ts), not ${model}`);
  process.exit(1);
}
const PRICES = pricesOf(MODEL);
const usdOf = (tokens: { prompt: number; completion: number }) =>
  costOfCall({ promptTokens: tokens.prompt, cachedTokens: 0, completionTokens: tokens.completion }, PRICES);
const usd = (amount: number) => `${amount.toFixed(4)} USD`;
if (!(ZIPF_S > 0 && ZIPF_S <= 3)) {
  console.error('--zipf must be a number above 0 and at most 3');
  process.exit(1);
}

interface SimProject {
  index: number;
  id: string;
  clerkId: string;
  headers: Record<string, string>;
  /** Our count of feedback writes since seeding: identifies the project's state. */
  writes: number;
  entries: number;
}

type Event = { kind: 'read'; project: number } | { kind: 'write'; project: number; count: number };

const run = new BenchRun('cost');

/** One customer per project (a SaaS's projects belong to different accounts), with its entries. */
async function seed(stack: BenchStack, rand: () => number): Promise<SimProject[]> {
  const projects: SimProject[] = [];
  for (let i = 0; i < PROJECTS; i++) {
    const clerkId = `user_bench_cost_${i}`;
    const user = await new UsersRepository(stack.handle.db).upsertByClerkId(clerkId, `cost${i}@example.com`);
    const project = await new ProjectsRepository(stack.handle.db).create({
      id: derivedId('cost-project', i),
      name: `Cost project ${i + 1}`,
      userId: user.id,
      hashedApiKey: hashApiKey(newApiKey()),
    });
    // 100 to 1,500 entries: small and mid-sized projects, all under the 5,000-entry cap.
    const entries = 100 + Math.floor(rand() * 1_400);
    await insertFeedback(stack.handle, project.id, { count: entries, seed: 10_000 + i });
    projects.push({ index: i, id: project.id, clerkId, headers: bearer(stack, clerkId), writes: 0, entries });
  }
  await stack.handle.pool.query('analyze');
  return projects;
}

/** Reads by Zipf popularity over a seeded ranking; writes to uniformly random projects. */
function schedule(rand: () => number): Event[][] {
  const ranking = Array.from({ length: PROJECTS }, (_, i) => i);
  for (let i = ranking.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ranking[i], ranking[j]] = [ranking[j]!, ranking[i]!];
  }
  const weights = ranking.map((_, rank) => 1 / (rank + 1) ** ZIPF_S);
  const total = weights.reduce((s, w) => s + w, 0);
  const cdf: number[] = [];
  weights.reduce((acc, w) => (cdf.push((acc + w) / total), acc + w), 0);
  const zipf = () => {
    const u = rand();
    const rank = cdf.findIndex((c) => u < c);
    return ranking[rank < 0 ? PROJECTS - 1 : rank]!;
  };
  const rounds: Event[][] = [];
  for (let h = 0; h < HOURS; h++) {
    const events: Event[] = [];
    for (let r = 0; r < READS_PER_HOUR; r++) events.push({ kind: 'read', project: zipf() });
    for (let b = 0; b < BATCHES_PER_HOUR; b++) {
      events.push({ kind: 'write', project: Math.floor(rand() * PROJECTS), count: 1 + Math.floor(rand() * 5) });
    }
    for (let i = events.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [events[i], events[j]] = [events[j]!, events[i]!];
    }
    rounds.push(events);
  }
  return rounds;
}

/**
 * The old endpoint's price for one read: a full generation of the project as it is now, under the
 * service's defaults, with no cache and no chunk memo, counted by a second fake server (same
 * answers, its own counters).
 */
async function fullGenerationTokens(handle: DatabaseHandle, reference: FakeGlm, projectId: string): Promise<{ prompt: number; completion: number }> {
  const scope = { projectId };
  const statistics = await new StatsRepository(handle.db).compute(scope, {});
  reference.reset();
  const provider = new GlmProvider({ apiKey: 'bench-key', baseUrl: reference.url, model: MODEL });
  await runInsights({
    mode: 'llm',
    source: new FeedbackStream(handle.db, scope, {}),
    statistics,
    provider,
    // The service's defaults: INSIGHTS_CHUNK_TOKENS, INSIGHTS_MAX_FEEDBACK, GLM_CONCURRENCY.
    options: { tokenBudgetPerChunk: 6_000, maxFeedback: 5_000, concurrency: 4, maxTokensPerRun: 2_000_000 },
  });
  const stats = reference.stats();
  return { prompt: stats.promptTokens, completion: stats.completionTokens };
}

async function main(): Promise<void> {
  const startedAll = performance.now();
  const loadAtStart = loadavg()[0]!;
  const stack = await run.create();
  console.log(`database and Redis prefix ${stack.name} created`);
  const rand = prng(SEED);
  const projects = await seed(stack, rand);
  const rounds = schedule(rand);
  console.log(`seeded ${PROJECTS} projects, ${fmt(projects.reduce((s, p) => s + p.entries, 0))} entries`);

  // Decode timing, as a hosted model answers: tokens are counted in o200k either way.
  const fake = await startFakeGlm({ port: 0, host: '127.0.0.1', ...(values['fixed-timing'] ? { latencyMs: 0 } : decodeModelDefaults()) });
  run.onCleanUp(() => fake.close());
  // The reference only counts tokens (the same answers, the same o200k counts): it answers at
  // once, as a full generation's long map answers at decode speed outlast the client's timeout.
  const reference = await startFakeGlm({ port: 0, host: '127.0.0.1' });
  run.onCleanUp(() => reference.close());
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = serviceEnv(stack, fake.url, {
    PORT: String(port),
    LOG_LEVEL: 'log',
    // Every simulated customer reaches the API from 127.0.0.1, a day's requests in a minute or two.
    REQUESTS_PER_MINUTE_PER_IP: '1000000',
    REQUESTS_PER_MINUTE_PER_USER: '1000000',
    // Same window, output limit and concurrency as the default model; only the prices differ.
    GLM_MODEL: MODEL,
  });
  const api = run.start('api', 'apps/api/dist/main.js', { ...env, LOG_LEVEL: 'warn' });
  const worker = run.start('worker', 'apps/worker/dist/main.js', env);
  await Promise.all([waitForApi(base, api), worker.waitFor(WORKER_READY, 90_000)]);
  console.log('API and worker ready');
  fake.reset();

  const outcomes = { fresh: 0, stale: 0, queued: 0 };
  const stateCost = new Map<string, { prompt: number; completion: number }>();
  let oldTokens = 0;
  let oldUsd = 0;
  let referenceMs = 0;
  let writes = 0;
  let written = 0;
  const simulatedMs = performance.now();
  for (const [hour, events] of rounds.entries()) {
    for (const [e, event] of events.entries()) {
      const project = projects[event.project]!;
      if (event.kind === 'write') {
        const items = [...demoFeedback({ count: event.count, seed: SEED * 100_000 + hour * 1_000 + e })].map((f) => ({
          text: f.text,
          rating: f.rating,
        }));
        const res = await call(`${base}/api/projects/${project.id}/feedback/bulk`, { method: 'POST', headers: project.headers, body: { items } });
        if (res.status !== 201) throw new Error(`bulk import answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
        project.writes++;
        project.entries += event.count;
        writes++;
        written += event.count;
        continue;
      }
      const res = await call(`${base}/api/insights?projectId=${project.id}`, { headers: project.headers });
      if (res.status === 202) outcomes.queued++;
      else if (res.status === 200 && res.body.stale) outcomes.stale++;
      else if (res.status === 200) outcomes.fresh++;
      else throw new Error(`GET /api/insights answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
      const state = `${project.id}:${project.writes}`;
      let cost = stateCost.get(state);
      if (cost === undefined) {
        const t = performance.now();
        cost = await fullGenerationTokens(stack.handle, reference, project.id);
        referenceMs += performance.now() - t;
        stateCost.set(state, cost);
      }
      oldTokens += cost.prompt + cost.completion;
      oldUsd += usdOf(cost);
    }
    // The rest of the hour: whatever the reads queued finishes before the next one.
    await waitForJobRows(stack.handle, ROUND_DRAIN_TIMEOUT_MS);
    const spent = fake.stats();
    console.log(
      `hour ${hour + 1}/${HOURS}: ${fmt(spent.promptTokens + spent.completionTokens + spent.embedPromptTokens)} service tokens so far, ` +
        `${fmt(oldTokens)} for one generation per read`,
    );
  }
  const dayMs = performance.now() - simulatedMs - referenceMs;
  const decode = decodeModelDefaults();
  const timing = values['fixed-timing']
    ? 'fake GLM answering at once (--fixed-timing)'
    : `fake GLM in decode timing (${decode.timeToFirstTokenMs} ms to first token, ${decode.decodeTokensPerSecond} tokens/s, account concurrency ${decode.accountConcurrency})`;

  const service = fake.stats();
  // Chat and embedding tokens: both are spend, as the ledger counts them.
  const serviceTokens = service.promptTokens + service.completionTokens + service.embedPromptTokens;
  const { rows } = await stack.handle.pool.query<{ jobs: number; tokens: string; calls: number; usd: string; jobsUsd: string }>(
    `select (select count(*)::int from insights_jobs where status = 'completed' and ai_tokens_used > 0) as jobs,
            (select coalesce(sum(prompt_tokens + completion_tokens), 0)::text from llm_calls) as tokens,
            (select count(*)::int from llm_calls) as calls,
            (select coalesce(sum(cost_usd), 0)::text from llm_calls) as usd,
            (select coalesce(sum(cost_usd), 0)::text from insights_jobs) as "jobsUsd"`,
  );
  const ledger = rows[0]!;
  // Each project's first job starts from nothing (no cache, no memo); later ones are refreshes.
  const { rows: split } = await stack.handle.pool.query<{ cold: string; refresh: string; refreshes: number }>(
    `with j as (
       select id, row_number() over (partition by project_id order by created_at, id) as n
         from insights_jobs where status = 'completed' and ai_tokens_used > 0)
     select coalesce(sum(c.prompt_tokens + c.completion_tokens) filter (where j.n = 1), 0)::text as cold,
            coalesce(sum(c.prompt_tokens + c.completion_tokens) filter (where j.n > 1), 0)::text as refresh,
            (select count(*)::int from j where n > 1) as refreshes
       from llm_calls c join j on j.id = c.job_id`,
  );
  const coldTokens = Number(split[0]!.cold);
  const refreshTokens = Number(split[0]!.refresh);
  const reads = outcomes.fresh + outcomes.stale + outcomes.queued;
  const ratio = serviceTokens / oldTokens;
  // The service's money is what its ledger rows say they cost; the old endpoint's, its tokens at the same prices.
  const serviceUsd = Number(ledger.usd);
  const usdRatio = serviceUsd / oldUsd;
  const meanState = [...stateCost.values()].reduce((s, v) => s + v.prompt + v.completion, 0) / Math.max(1, stateCost.size);

  console.log(
    `\nAI cost over a simulated day: ${PROJECTS} projects, ${HOURS} rounds ("hours"), ${READS_PER_HOUR} reads and ` +
      `${BATCHES_PER_HOUR} feedback batches (1-5 entries) per round, Zipf s = ${ZIPF_S} read popularity, seed ${SEED}; ${timing}, tokens in o200k, money at ${MODEL} prices`,
  );
  console.log(`${machineLine()}; ${loadLine(loadAtStart)}\n`);
  console.log('| figure | service (cache, stale + refresh, jobs) | old endpoint (one full generation per read) |');
  console.log('| --- | --- | --- |');
  console.log(
    `| reads | ${fmt(reads)}: ${fmt(outcomes.fresh)} fresh from the cache, ${fmt(outcomes.stale)} stale + refresh, ${fmt(outcomes.queued)} queued (202) | ${fmt(reads)} generations |`,
  );
  console.log(`| feedback written | ${fmt(writes)} batches, ${fmt(written)} entries | same |`);
  console.log(
    `| generations paid for | ${fmt(ledger.jobs)} jobs, ${fmt(service.calls)} LLM calls (map ${fmt(service.byStage.map)} / reduce ${fmt(service.byStage.reduce)} / repair ${fmt(service.byStage.repair)}) | ${fmt(reads)} (${fmt(stateCost.size)} distinct project states, ${fmt(meanState)} tokens each on average) |`,
  );
  console.log(`| LLM tokens (prompt + completion) | ${fmt(serviceTokens)} | ${fmt(oldTokens)} |`);
  console.log(`| LLM cost at ${MODEL} prices | ${usd(serviceUsd)} | ${usd(oldUsd)} |`);
  console.log(`| of which first generations (one per project, from nothing) | ${fmt(coldTokens)} (${fmt((coldTokens / oldTokens) * 100, 2)} % of old) | – |`);
  console.log(
    `| of which refreshes after new feedback (${fmt(split[0]!.refreshes)} jobs, chunk memo warm) | ${fmt(refreshTokens)} (${fmt((refreshTokens / oldTokens) * 100, 2)} % of old) | – |`,
  );
  console.log(`| tokens per read | ${fmt(serviceTokens / reads, 1)} | ${fmt(oldTokens / reads)} |`);
  console.log(`| cost per read | ${(serviceUsd / reads).toFixed(6)} USD | ${(oldUsd / reads).toFixed(6)} USD |`);
  console.log(`| service ÷ old (tokens) | **${fmt(ratio * 100, 2)} %** (target < ${TARGET_RATIO * 100} %: ${check(ratio < TARGET_RATIO)}) | 100 % |`);
  console.log(`| service ÷ old (USD) | **${fmt(usdRatio * 100, 2)} %** | 100 % |`);
  console.log(
    `\nservice tokens: the service's fake GLM counters; the call ledger (llm_calls) agrees: ${fmt(Number(ledger.tokens))} tokens in ${fmt(ledger.calls)} calls. ` +
      `Old endpoint: each distinct project state read was generated once in full (service defaults, no cache, no chunk memo) against a second fake, ` +
      `and every read of that state was charged that amount.`,
  );
  console.log(
    `service USD: the sum of the ledger rows' cost_usd, each priced as it was written (${MODEL}: input ${PRICES.inputPerMTok}, cached input ${PRICES.cachedInputPerMTok}, output ${PRICES.outputPerMTok} USD per million tokens); ` +
      `the jobs' cost_usd add up to ${usd(Number(ledger.jobsUsd))}. Old endpoint: its tokens at the same prices (the fake reports no cache hits).`,
  );
  console.log(
    `simulated day took ${fmt(dayMs / 1000)} s (plus ${fmt(referenceMs / 1000)} s measuring the old endpoint); whole benchmark ${fmt((performance.now() - startedAll) / 1000)} s`,
  );
}

await run.run(main);
