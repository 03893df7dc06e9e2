import pg from 'pg';
import { Redis } from 'ioredis';

export default async function globalTeardown() {
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
  const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    // Keys use the prefix bare or inside a {hash-tag} (suites may add a suffix); both are swept.
    for (const pattern of [`${prefix}*`, `{${prefix}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
