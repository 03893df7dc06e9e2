/**
 * Start-up time and idle memory of the API and the worker, as a process manager sees them: the
 * time from spawn until the process says it is ready, then its resident set size after it has
 * sat idle. Runs each variant several times against a database of its own and prints medians.
 *
 *   pnpm bench:startup [--runs N] [--idle-ms MS] [--before DIR]
 *
 * Variants: the built output run by plain node (production), and the sources compiled at start
 * by @swc-node/register (development). `--before DIR` adds the same two processes from another
 * checkout (e.g. a worktree of an older commit, its dependencies installed), run from source as
 * that commit did, so a change can be measured against its baseline in the same run.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dropDatabase, ensureDatabase, runMigrations } from '@insights/db';
import { median, NodeChild, sleep } from '@insights/testkit';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, 'idle-ms': { type: 'string', default: '5000' }, before: { type: 'string' } },
});
const RUNS = Number(values.runs);
const IDLE_MS = Number(values['idle-ms']);
const ROOT = process.cwd();

interface Variant {
  name: string;
  cwd: string;
  args: string[];
  ready: RegExp;
}

/** The node arguments of a package.json script (`node ARGS…`), so the benchmark runs exactly what it runs. */
function scriptArgs(name: string): string[] {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = scripts[name]!.split(/\s+/);
  return words.slice(words.indexOf('node') + 1);
}

const fromSource = (entry: string, conditions: boolean) => [
  ...(conditions ? ['--conditions=development'] : []),
  '--import',
  '@swc-node/register/esm-register',
  entry,
];

const variants: Variant[] = [
  { name: 'worker, built (pnpm start:worker)', cwd: ROOT, args: scriptArgs('start:worker'), ready: /processing "insights-generate"/ },
  {
    name: 'worker, built, default V8 heap flags',
    cwd: ROOT,
    args: ['--enable-source-maps', 'apps/worker/dist/main.js'],
    ready: /processing "insights-generate"/,
  },
  { name: 'worker, from source (swc at start)', cwd: ROOT, args: fromSource('apps/worker/src/main.ts', true), ready: /processing "insights-generate"/ },
  { name: 'api, built (pnpm start:api)', cwd: ROOT, args: scriptArgs('start:api'), ready: /listening on/ },
  { name: 'api, from source (swc at start)', cwd: ROOT, args: fromSource('apps/api/src/main.ts', true), ready: /listening on/ },
];
if (values.before) {
  variants.push(
    { name: 'worker, before (from source)', cwd: values.before, args: fromSource('apps/worker/src/main.ts', false), ready: /processing "insights-generate"/ },
    { name: 'api, before (from source)', cwd: values.before, args: fromSource('apps/api/src/main.ts', false), ready: /listening on/ },
  );
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function once(variant: Variant, env: NodeJS.ProcessEnv): Promise<{ readyMs: number; rss: number }> {
  const started = performance.now();
  // The variant's own command line: its last word is the entry point, the words before it the Node flags.
  const child = new NodeChild(variant.args.at(-1)!, { name: variant.name, cwd: variant.cwd, env, runner: variant.args.slice(0, -1) });
  await child.waitFor(variant.ready, 60_000);
  const readyMs = performance.now() - started;
  await sleep(IDLE_MS);
  const rss = rssMb(child.pid!);
  await child.stop();
  return { readyMs, rss };
}

const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
base.pathname = `/fi_bench_startup_${Date.now().toString(36)}`;
const databaseUrl = base.toString();
await ensureDatabase(databaseUrl);
await runMigrations(databaseUrl);
try {
  const rows: string[] = [];
  for (const variant of variants) {
    const results = [];
    for (let i = 0; i < RUNS; i++) {
      const env = {
        ...process.env,
        NODE_ENV: 'development',
        // Configured as in production, with GLM as the provider; idle, so it is never called.
        INSIGHTS_PROVIDER: 'glm',
        GLM_API_KEY: 'idle-never-called',
        DATABASE_URL: databaseUrl,
        REDIS_KEY_PREFIX: `fi-bench-startup-${i}`,
        PORT: String(3900 + i),
        LOG_LEVEL: 'log',
        NO_COLOR: '1',
      };
      results.push(await once(variant, env));
    }
    const ready = median(results.map((r) => r.readyMs));
    const rss = median(results.map((r) => r.rss));
    rows.push(
      `| ${variant.name} | ${Math.round(ready)} | ${Math.round(rss)} | ${results.map((r) => `${Math.round(r.readyMs)}/${Math.round(r.rss)}`).join(', ')} |`,
    );
    console.log(rows.at(-1));
  }
  console.log(`\nmedian of ${RUNS} runs; RSS read ${IDLE_MS} ms after ready\n`);
  console.log('| process | ready (ms) | idle RSS (MB) | runs (ms/MB) |\n| --- | ---: | ---: | --- |');
  for (const row of rows) console.log(row);
} finally {
  await dropDatabase(databaseUrl);
}
