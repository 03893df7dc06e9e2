import { localKeyPair, localSecret } from '@insights/config';
import { signSessionToken, waitForHttp } from '@insights/testkit';
import { createDatabase, hashApiKey, newApiKey, ProjectsRepository } from '@insights/db';
import { DEMO_CLERK_USER_ID, DEMO_PROJECT_ID, seedDemo } from '@insights/testkit';
import { scriptConfig } from './lib/config.js';
import { runDemoJob } from './lib/demo-job.js';
import { migrateOrExit } from './lib/migrate.js';
import { startNode, stopAll } from './lib/processes.js';
import { requireServices } from './lib/services.js';

const FAKE_GLM_PORT = process.env.FAKE_GLM_PORT ?? '4010';
const WEB_PORT = process.env.WEB_PORT ?? '5173';
const WORKER_HTTP_PORT = process.env.WORKER_HTTP_PORT || '9464';
const VITE = 'apps/web/node_modules/vite/bin/vite.js';

const config = scriptConfig();
await requireServices([
  { name: 'PostgreSQL', url: config.database.url, defaultPort: 5432 },
  { name: 'Redis', url: config.redis.url, defaultPort: 6379 },
]);

await migrateOrExit(config.database.url);
const handle = createDatabase(config.database.url);
if (!(await new ProjectsRepository(handle.db).findById(DEMO_PROJECT_ID))) {
  const { inserted } = await seedDemo(handle.db, { count: 2000, seed: 42, hashedApiKey: hashApiKey(newApiKey()) });
  console.log(`seeded the demo project with ${inserted} feedback entries`);
}
await handle.close();

// Without a real key the stack talks to the bundled fake GLM server, through the real client.
const glmEnv: Record<string, string> = {};
if (!config.glm.apiKey && process.env.INSIGHTS_PROVIDER !== 'offline') {
  startNode('fake-glm', 'packages/fake-glm/src/main.ts', { FAKE_GLM_PORT, FAKE_GLM_LATENCY_MS: process.env.FAKE_GLM_LATENCY_MS ?? '150' });
  Object.assign(glmEnv, { INSIGHTS_PROVIDER: 'glm', GLM_API_KEY: 'local-fake-key', GLM_BASE_URL: `http://127.0.0.1:${FAKE_GLM_PORT}` });
  await waitForHttp(`http://127.0.0.1:${FAKE_GLM_PORT}/__control/stats`);
}

// Bull Board is never open: locally it gets generated credentials, kept in .local/ and printed below.
const boardEnv: Record<string, string> = {};
if (!config.bullBoard.user) Object.assign(boardEnv, { BULL_BOARD_USER: 'admin', BULL_BOARD_PASSWORD: localSecret('bull-board-password') });

const base = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`;
const quiet = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
// The built output, as production runs it (`pnpm quickstart` builds first).
startNode('api', 'apps/api/dist/main.js', { ...quiet, ...glmEnv, ...boardEnv });
startNode('worker', 'apps/worker/dist/main.js', { ...quiet, ...glmEnv, WORKER_HTTP_PORT });
try {
  await waitForHttp(`${base}/health/ready`);
} catch (error) {
  console.error((error as Error).message);
  stopAll(1);
}

const token = config.auth.localKey
  ? signSessionToken(localKeyPair().privateKey, { sub: DEMO_CLERK_USER_ID, azp: config.auth.authorizedParties[0], expiresIn: 24 * 3600 })
  : undefined;
if (token) await runDemoJob(base, token, DEMO_PROJECT_ID);

// The insights page, built by `pnpm quickstart` and served by Vite's preview server, which
// proxies /api to the API and hands the page the local token so it opens signed in.
const web = `http://127.0.0.1:${WEB_PORT}`;
startNode('web', VITE, { INSIGHTS_API_URL: base, WEB_PORT, ...(token ? { INSIGHTS_WEB_LOCAL_TOKEN: token } : {}) }, [
  'preview',
  'apps/web',
  '--logLevel',
  'warn',
]);
try {
  await waitForHttp(web);
} catch (error) {
  console.error((error as Error).message);
  stopAll(1);
}

const board = boardEnv.BULL_BOARD_USER
  ? `${base}/admin/queues   (user ${boardEnv.BULL_BOARD_USER}, password ${boardEnv.BULL_BOARD_PASSWORD})`
  : `${base}/admin/queues   (your BULL_BOARD_USER / BULL_BOARD_PASSWORD)`;
console.log(`
The stack is running: API, worker, insights page${glmEnv.GLM_BASE_URL ? ', fake GLM' : ''}.
  Insights     ${web}/?project=${DEMO_PROJECT_ID}${token ? '   (signed in as the demo user)' : ''}
  API          ${base}/api
  Swagger UI   ${base}/api/docs
  Bull Board   ${board}
  Health       ${base}/health/ready   (worker: http://127.0.0.1:${WORKER_HTTP_PORT}/health/ready)
  Demo project ${DEMO_PROJECT_ID}
${token ? `  Token        ${token}\n               (valid 24 h; another: pnpm run token)\n` : ''}
  try: curl -H "Authorization: Bearer $(pnpm --silent run token)" "${base}/api/insights?projectId=${DEMO_PROJECT_ID}"

Press Ctrl-C to stop.`);
