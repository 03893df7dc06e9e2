import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { nodeList, startRedisCluster } from '@insights/testkit/redis-cluster';

/**
 * One private database, Redis key prefix and signing key per test run, so runs never see each
 * other's data and the developer's own database is never touched. Dropped in global-teardown.
 * With TEST_REDIS_CLUSTER=1 (`pnpm test:cluster`) the run gets a Redis Cluster of its own,
 * started here on free ports and stopped in global-teardown, and every Redis connection of the
 * run goes to it through REDIS_CLUSTER_NODES.
 * Plain JS: Jest loads global setup outside its ESM transform.
 */
export default async function globalSetup() {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/fi_test_${run}`;
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: url.toString(),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `fitest-${run}`,
    CLERK_JWT_KEY: keys.publicKey,
    TEST_CLERK_PRIVATE_KEY: keys.privateKey,
    CLERK_AUTHORIZED_PARTIES: 'http://localhost:3000',
    INSIGHTS_PROVIDER: 'offline',
    // Background refreshes after feedback writes would add jobs to suites that count them; the
    // suite that tests them switches them on.
    AUTO_REFRESH: 'false',
    // Suites run several workers at once: none serves HTTP unless its test gives it a port.
    WORKER_HTTP_PORT: '0',
    // Every test client is 127.0.0.1; suites that test the IP limit lower it themselves.
    REQUESTS_PER_MINUTE_PER_IP: '1000000',
    LOG_LEVEL: 'error',
  });
  // Worker processes in the end-to-end and fault suites run the built output, as production does.
  // `pnpm test` builds once before its concurrent runs and sets TEST_BUILT=1: a run that rebuilt
  // here would rewrite dist/ under the processes of another.
  if (process.env.TEST_BUILT !== '1') execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
  // The same command a developer runs: creates the database, then applies every migration.
  execFileSync(process.execPath, ['--conditions=development', '--import', '@swc-node/register/esm-register', 'scripts/db-migrate.ts'], {
    env: process.env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (process.env.TEST_REDIS_CLUSTER === '1') {
    const cluster = await startRedisCluster();
    globalThis.__redisCluster = cluster;
    Object.assign(process.env, {
      REDIS_CLUSTER_NODES: nodeList(cluster.nodes),
      // On a cluster REDIS_URL only lends its credentials; pointed at a port nothing serves, it
      // makes any connection that ignored the cluster fail instead of quietly using one server.
      REDIS_URL: 'redis://127.0.0.1:1',
    });
  }
}
