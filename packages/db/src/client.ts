import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema.js';

export type Database = NodePgDatabase<typeof schema>;

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  /** Statements sent to Postgres through this pool so far (metrics, benchmarks, tests). */
  statements(): number;
  close(): Promise<void>;
}

export function createDatabase(url: string, poolMax = 10): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    // Fail fast when Postgres is down instead of queueing requests behind a dead pool.
    connectionTimeoutMillis: 5_000,
    // Timezone-less legacy columns are read and written as UTC.
    options: '-c TimeZone=UTC',
  });
  // A client losing its connection must not crash the process: the pool's own listener covers
  // idle clients only (it is removed on checkout), so every client gets one of its own; the
  // query in flight still fails and is answered as an outage.
  pool.on('error', () => undefined);
  let statements = 0;
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    // Every statement goes through a client's query(), pool.query and transactions alike.
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      statements++;
      return query(...args);
    }) as typeof client.query;
  });
  const db = drizzle(pool, { schema });
  return { db, pool, statements: () => statements, close: () => pool.end() };
}
