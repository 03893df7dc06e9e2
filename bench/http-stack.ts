import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { NodeChildOptions } from '@insights/testkit';
import { createDatabase, dropDatabase, ensureDatabase, runMigrations, type DatabaseHandle } from '@insights/db';

/**
 * How every benchmark runs a service child: the tail of its output kept for messages, SIGKILL
 * when SIGTERM has not ended it within 5 s, and, since benchmarks run several workers at once, no
 * worker HTTP port unless the benchmark gives one.
 */
export function benchChildOptions(
  name: string,
  env: NodeJS.ProcessEnv,
  onUnexpectedExit: (name: string, code: number | null, output: string) => void,
  args: string[] = [],
  nodeArgs: string[] = [],
): NodeChildOptions {
  return { name, env: { WORKER_HTTP_PORT: '0', ...env }, onUnexpectedExit, args, nodeArgs, keepChars: 20_000, killAfterMs: 5_000 };
}

export interface Throwaway {
  databaseUrl: string;
  redisUrl: string;
  keyPrefix: string;
  handle: DatabaseHandle;
  redis: Redis;
  /** Drops the database and deletes every Redis key carrying the prefix; safe to call twice. */
  remove(): Promise<void>;
}

/** A fresh database `fi_bench_http_<hex>` (migrated) and a Redis key prefix of the same name. */
export async function createThrowaway(baseDatabaseUrl: string, redisUrl: string): Promise<Throwaway> {
  const name = `fi_bench_http_${randomBytes(4).toString('hex')}`;
  const target = new URL(baseDatabaseUrl);
  target.pathname = `/${name}`;
  const databaseUrl = target.toString();
  await ensureDatabase(databaseUrl);
  const handle = createDatabase(databaseUrl);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  let removed = false;
  const remove = async () => {
    if (removed) return;
    removed = true;
    await handle.close().catch(() => undefined);
    const problems: string[] = [];
    await dropDatabase(databaseUrl).catch((error: unknown) => problems.push(`drop database ${name}: ${String(error)}`));
    await deleteKeys(redis, name).catch((error: unknown) => problems.push(`delete Redis keys ${name}: ${String(error)}`));
    redis.disconnect();
    if (problems.length) throw new Error(problems.join('\n'));
  };
  try {
    await runMigrations(databaseUrl);
  } catch (error) {
    await remove().catch(() => undefined);
    throw error;
  }
  return { databaseUrl, redisUrl, keyPrefix: name, handle, redis, remove };
}

/**
 * Keys use the prefix bare (`p:...`), inside a hash tag (`{p}:...`, BullMQ) or after a namespace;
 * the prefix ends in 8 random hex digits, so matching it anywhere touches nothing else.
 */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  const deadline = Date.now() + 30_000;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1_000);
    if (keys.length) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0' && Date.now() < deadline);
  return deleted;
}
