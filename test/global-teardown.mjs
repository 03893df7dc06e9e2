import pg from 'pg';
import { deleteKeys } from '@insights/testkit/redis-cluster';

export default async function globalTeardown() {
  try {
    await sweep();
  } finally {
    // The run's own cluster (global-setup) goes whatever happened above.
    await globalThis.__redisCluster?.stop();
  }
}

async function sweep() {
  const url = process.env.DATABASE_URL;
  if (url?.includes('/fi_test_')) {
    const name = new URL(url).pathname.slice(1);
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.end();
  }
  const prefix = process.env.REDIS_KEY_PREFIX;
  if (!prefix?.startsWith('fitest-')) return;
  const clusterNodes = process.env.REDIS_CLUSTER_NODES?.split(',').map((node) => ({ host: node.split(':')[0], port: Number(node.split(':')[1]) }));
  // Keys use the prefix bare or inside a {hash-tag} (suites may add a suffix); both are swept.
  await deleteKeys({ url: process.env.REDIS_URL, clusterNodes }, [`${prefix}*`, `{${prefix}*`]);
}
