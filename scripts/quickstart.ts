import { localKeyPair, signSessionToken } from '@insights/config';
import {
  createDatabase,
  DEMO_CLERK_USER_ID,
  DEMO_PROJECT_ID,
  ensureDatabase,
  hashApiKey,
  newApiKey,
  ProjectsRepository,
  runMigrations,
  seedDemo,
} from '@insights/db';
import { scriptConfig } from './lib/config.js';
import { startTs, stopAll, waitForHttp } from './lib/processes.js';
import { requireServices } from './lib/services.js';

const config = scriptConfig();
await requireServices([
  { name: 'PostgreSQL', url: config.database.url, defaultPort: 5432 },
  { name: 'Redis', url: config.redis.url, defaultPort: 6379 },
]);

await ensureDatabase(config.database.url);
await runMigrations(config.database.url);
const handle = createDatabase(config.database.url);
if (!(await new ProjectsRepository(handle.db).findById(DEMO_PROJECT_ID))) {
  const { inserted } = await seedDemo(handle.db, { count: 2000, seed: 42, hashedApiKey: hashApiKey(newApiKey()) });
  console.log(`seeded the demo project with ${inserted} feedback entries`);
}
await handle.close();

const base = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`;
startTs('api', 'apps/api/src/main.ts', { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
try {
  await waitForHttp(`${base}/health/ready`);
} catch (error) {
  console.error((error as Error).message);
  stopAll(1);
}

const token = config.auth.localKey
  ? signSessionToken(localKeyPair().privateKey, {
      sub: DEMO_CLERK_USER_ID,
      azp: config.auth.authorizedParties[0],
      expiresIn: 24 * 3600,
    })
  : undefined;

if (token) {
  const headers = { authorization: `Bearer ${token}` };
  const page = (await (await fetch(`${base}/api/feedback?projectId=${DEMO_PROJECT_ID}&limit=3`, { headers })).json()) as {
    data: { items: { rating: number; sentiment: string; text: string }[] };
  };
  console.log('\nNewest demo feedback, read through the API with the demo token:');
  for (const f of page.data.items) console.log(`  ${'★'.repeat(f.rating).padEnd(5)} ${f.sentiment.padEnd(8)} ${f.text.slice(0, 80)}`);
}

console.log(`
The API is running.
  API          ${base}/api
  Swagger UI   ${base}/api/docs
  Health       ${base}/health/ready
  Demo project ${DEMO_PROJECT_ID}
${token ? `  Token        ${token}\n               (valid 24 h; another: pnpm run token)\n` : ''}
  try: curl -H "Authorization: Bearer $(pnpm -s run token)" ${base}/api/projects

Press Ctrl-C to stop.`);
