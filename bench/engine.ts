import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeModelDefaults, startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { addRecentFeedback, clearChunkMemo, createBenchDatabase, seedProject, type BenchDatabase } from './bench-db.js';
import { formatSummary, formatTable, OLD_ENDPOINT_KEY, type RunOutput, type RunParams, type ScenarioRow } from './bench-report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNNER = fileURLToPath(new URL('./engine-run.ts', import.meta.url));
const DATA_SEED = 42;
const NEW_DATA_SEED = 4242;
const DEFAULT_CAP = 5_000;
const DEFAULT_TOKEN_CAP = 2_000_000;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    'latency-ms': { type: 'string', default: '0' },
  },
});
const count = Number(values.count);
const latencyMs = Number(values['latency-ms']);
if (!Number.isInteger(count) || count < 100 || count > 1_000_000) {
  console.error('--count must be a whole number from 100 to 1,000,000');
  process.exit(1);
}
if (!Number.isInteger(latencyMs) || latencyMs < 0) {
  console.error('--latency-ms must be a whole number of at least 0');
  process.exit(1);
}
// A whole-project run costs about 50 tokens per entry, so the service's default per-run cap
// (2M tokens) would stop it long before 100,000 entries; the bench lifts it for those runs only.
const wholeTokenCap = Math.max(DEFAULT_TOKEN_CAP, count * 200);

let database: BenchDatabase | undefined;
let fake: FakeGlm | undefined;
let child: ChildProcess | undefined;
let interrupted = false;

async function cleanUp(): Promise<void> {
  child?.kill('SIGTERM');
  await fake?.close().catch(() => undefined);
  await database?.drop().catch((error: unknown) => console.error(`could not drop ${database?.url}: ${String(error)}`));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: dropping the benchmark database`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** Runs engine-run.ts in a fresh Node process and returns the JSON line it prints. */
function runChild(params: RunParams): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const args = ['--conditions=development', '--import', '@swc-node/register/esm-register', RUNNER, JSON.stringify(params)];
    const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    child = proc;
    let stdout = '';
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => {
      child = undefined;
      const line = stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as RunOutput);
      else reject(new Error(`engine-run exited with code ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const startedAll = performance.now();
  const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_insights';
  database = await createBenchDatabase(baseUrl);
  console.log(`database ${new URL(database.url).pathname.slice(1)} created and migrated`);

  const seedStarted = performance.now();
  const project = await seedProject(database.handle, count, DATA_SEED);
  const seedMs = Math.round(performance.now() - seedStarted);
  console.log(`seeded ${count.toLocaleString('en-US')} entries in ${seedMs.toLocaleString('en-US')} ms`);

  // Decode timing (o200k counts, first token then tokens at the decode rate); --latency-ms adds to it.
  fake = await startFakeGlm({ port: 0, ...decodeModelDefaults(), latencyMs });
  const base = { databaseUrl: database.url, glmUrl: fake.url, ...project, maxTokensPerRun: DEFAULT_TOKEN_CAP };
  const rows: ScenarioRow[] = [];
  const measure = async (key: string, label: string, params: RunParams, fullRunKey?: string) => {
    fake!.reset();
    const run = await runChild(params);
    rows.push({ key, label, run, fake: fake!.stats(), fullRunKey });
    console.log(`${key}. ${label}: ${run.wallMs.toLocaleString('en-US')} ms, ${run.llmCalls} calls, ${run.memoHits} memo hits`);
  };

  const capped: RunParams = { ...base, maxFeedback: DEFAULT_CAP };
  const whole: RunParams = { ...base, maxFeedback: count, maxTokensPerRun: wholeTokenCap };
  // The old synchronous endpoint generated in full on every request, with no cache and no memo:
  // a cold run under the service's defaults is exactly one such request.
  await measure(OLD_ENDPOINT_KEY, `full generation, default cap (${DEFAULT_CAP.toLocaleString('en-US')}), cold memo: one old-endpoint request`, capped);
  // A sampled chunk never equals a chunk of consecutive entries, so b starts cold while a's rows
  // stay for d. Only when nothing is sampled are a and b the same run, and b must start empty.
  if (count <= DEFAULT_CAP) await clearChunkMemo(database.handle);
  await measure('b', 'full generation, whole project, cold memo', whole);

  const added = Math.max(1, Math.round(count / 100));
  await addRecentFeedback(database.handle, project.projectId, added, NEW_DATA_SEED);
  console.log(`added ${added.toLocaleString('en-US')} new entries dated after the rest`);
  await measure('c', 'regeneration after +1 %, whole project, warm memo', { ...whole, maxFeedback: count + added }, 'b');
  await measure('d', 'regeneration after +1 %, default cap, warm memo', capped, OLD_ENDPOINT_KEY);

  console.log(
    `\nEngine benchmark: ${count.toLocaleString('en-US')} entries, fake GLM in decode timing (${decodeModelDefaults().timeToFirstTokenMs} ms to first token, ${decodeModelDefaults().decodeTokensPerSecond} tokens/s, o200k counts) + ${latencyMs} ms\n`,
  );
  console.log(formatTable(rows));
  console.log('');
  console.log(formatSummary(rows, { count, seedMs, totalMs: Math.round(performance.now() - startedAll) }));
}

try {
  await main();
  await cleanUp();
} catch (error) {
  if (!interrupted) console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  await cleanUp();
  process.exitCode = 1;
}
