/**
 * Cached reads during bulk imports: the real API and worker (offline analyser) as separate
 * processes on a throwaway database and Redis prefix. wrk drives the dashboard's cached read
 * (`GET /api/insights?projectId=`) alone (baseline), then again while another client posts bulk
 * imports of 1,000 long entries into another project, one after another, for the whole run.
 * Both runs are in the same process lifetime, so the figures compare like with like.
 * See docs/benchmarks.md, section "Cached reads during a bulk import".
 */
import { parseArgs } from 'node:util';
import { generateKeyPair } from '@insights/config';
import { hashApiKey, newApiKey } from '@insights/db';
import { DEMO_CLERK_USER_ID, DEMO_PROJECT_ID, seedDemo, signSessionToken, NodeChild, eventually, freePort, median, waitForHttp } from '@insights/testkit';
import { closedLoop, requireWrk, type LoadFigures } from './http-load.js';
import { benchChildOptions, createThrowaway, type Throwaway } from './http-stack.js';
import { requireWholeNumbers } from './cli.js';

const AZP = 'http://localhost:3000';
const IMPORT_ENTRIES = 1_000;
const ENTRY_CHARS = 10_000;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
  },
});
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const CONNECTIONS = Number(values.connections);
requireWholeNumbers([
  ['--seconds', SECONDS, 2, 120],
  ['--warmup', WARMUP, 0, 30],
  ['--connections', CONNECTIONS, 1, 500],
] as const);

let throwaway: Throwaway | undefined;
const children: NodeChild[] = [];
let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    await Promise.all(children.map((c) => c.stop().catch(() => undefined)));
    await throwaway?.remove().catch((error: unknown) => console.error(`clean-up incomplete: ${String(error)}`));
  })());
const fail = (message: string): never => {
  throw new Error(message);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

/** Long, varied entries: the sentiment scorer's cost grows with the text. */
function longEntries(round: number): { text: string; rating: number }[] {
  const sentences = [
    'The export keeps failing after the last update and nobody from support has answered yet.',
    'I love how quickly the charts load now, the new dashboard is a real improvement for our team.',
    'Pricing is confusing and the invoice never matches what the plan page promised us.',
    'Search works well most of the time but filters reset whenever I switch between projects.',
  ];
  return Array.from({ length: IMPORT_ENTRIES }, (_, i) => {
    let text = `Import ${round}, entry ${i}. `;
    for (let s = i; text.length < ENTRY_CHARS; s++) text += `${sentences[s % sentences.length]} `;
    return { text: text.slice(0, ENTRY_CHARS), rating: (i % 5) + 1 };
  });
}

async function main(): Promise<void> {
  console.log(`load generator: ${await requireWrk()}`);
  const databaseBase = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_insights';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  for (const url of [databaseBase, redisUrl]) {
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) fail(`refusing a non-loopback service: ${new URL(url).host}`);
  }
  throwaway = await createThrowaway(databaseBase, redisUrl);
  await seedDemo(throwaway.handle.db, { count: 500, seed: 42, hashedApiKey: hashApiKey(newApiKey()) });

  const keys = generateKeyPair();
  const auth = { authorization: `Bearer ${signSessionToken(keys.privateKey, { sub: DEMO_CLERK_USER_ID, azp: AZP, expiresIn: 3_600 })}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: throwaway.databaseUrl,
    REDIS_URL: redisUrl,
    CACHE_REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: throwaway.keyPrefix,
    CLERK_JWT_KEY: keys.publicKey,
    CLERK_AUTHORIZED_PARTIES: AZP,
    INSIGHTS_PROVIDER: 'offline',
    AUTO_REFRESH: 'false',
    LOG_LEVEL: 'warn',
    REQUESTS_PER_MINUTE_PER_IP: '1000000',
    CORS_ORIGINS: '',
  };
  const onExit = (name: string, code: number | null, output: string) => {
    if (!cleaning) console.error(`${name} exited unexpectedly (${code}):\n${output.slice(-4_000)}`);
  };
  const api = new NodeChild('apps/api/dist/main.js', benchChildOptions('api', env, onExit));
  const worker = new NodeChild('apps/worker/dist/main.js', benchChildOptions('worker', { ...env, LOG_LEVEL: 'log', NO_COLOR: '1' }, onExit));
  children.push(api, worker);
  await Promise.all([waitForHttp(`${base}/health/ready`, 90_000, () => api.running), worker.waitFor(/processing "insights-generate"/, 90_000)]);

  const readUrl = `${base}/api/insights?projectId=${DEMO_PROJECT_ID}`;
  await eventually(
    async () => {
      const res = await fetch(readUrl, { headers: auth });
      const body = (await res.json()) as { cached?: boolean; stale?: boolean };
      return res.status === 200 && body.cached === true && body.stale === false ? true : undefined;
    },
    90_000,
    'a fresh cached read',
  );
  const project = (await (await fetch(`${base}/api/projects`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'imports' }) })).json()) as {
    data: { id: string };
  };
  const bodies = [0, 1, 2].map((round) => JSON.stringify({ items: longEntries(round) }));
  console.log(
    `cached read ${readUrl.replace(base, '')}; imports of ${IMPORT_ENTRIES} entries of ${ENTRY_CHARS} characters (${(bodies[0]!.length / 1e6).toFixed(1)} MB each)`,
  );

  const read = { url: readUrl, headers: auth };
  const options = { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP };
  const baseline = await closedLoop(read, options);

  let importing = true;
  const importTimes: number[] = [];
  const importer = (async () => {
    for (let round = 0; importing; round++) {
      const started = performance.now();
      const res = await fetch(`${base}/api/projects/${project.data.id}/feedback/bulk`, { method: 'POST', headers: json, body: bodies[round % bodies.length] });
      if (res.status !== 201) fail(`bulk import answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      importTimes.push(performance.now() - started);
    }
  })();
  // The first import is under way (its body sent, scoring begun) before the measured run starts.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const during = await closedLoop(read, { ...options, warmupSeconds: 0 });
  importing = false;
  await importer;

  const row = (name: string, f: LoadFigures) =>
    `| ${name} | ${f.requests} | ${f.rps.toFixed(0)} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.max.toFixed(1)} | ${f.non2xx + f.errors} |`;
  console.log('\n| cached read | requests | req/s | p50 ms | p99 ms | max ms | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  console.log(row('alone (baseline)', baseline));
  console.log(row('during bulk imports', during));
  console.log(
    `\n${importTimes.length} imports of ${IMPORT_ENTRIES} entries finished, median ${(median(importTimes) / 1000).toFixed(1)} s each; ${CONNECTIONS} read connections, ${SECONDS} s per run`,
  );
}

main()
  .then(cleanUp)
  .then(() => process.exit(0))
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await cleanUp();
    process.exit(1);
  });
