import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'drizzle');

/** Creates the database named in `url` when it does not exist yet (local and test setups). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing to create database with name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`create database "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}

/**
 * Where applied migrations are recorded: a table of this service's own, because the database
 * it adopts already has the existing backend's `drizzle.__drizzle_migrations`, and sharing that
 * journal would make either side skip the other's migrations.
 */
export const MIGRATIONS_TABLE = { migrationsSchema: 'drizzle', migrationsTable: '__insights_migrations' } as const;

/** A migration that failed: which file, which statement and why, in one line. */
export class MigrationError extends Error {
  constructor(
    readonly file: string | undefined,
    readonly statement: string,
    readonly reason: string,
  ) {
    super(`migration ${file ?? '(unknown file)'} failed at \`${statement}\`: ${reason}`);
    this.name = 'MigrationError';
  }
}

/** The statement's first line that says what it does (past comments and a DO block's opening). */
function firstLine(query: string): string {
  const lines = query.split('\n').map((l) => l.trim());
  const line = lines.find((l) => l && !l.startsWith('--') && !/^(DO \$\$|BEGIN$|DECLARE\b)/.test(l)) ?? query.trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

function migrationFileOf(query: string): string | undefined {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const needle = query.trim();
  return journal.entries
    .map((e) => `drizzle/${e.tag}.sql`)
    .find((file) => readFileSync(join(MIGRATIONS_FOLDER, file.slice('drizzle/'.length)), 'utf8').includes(needle));
}

/** Applies every pending migration in `drizzle/`; a second run is a no-op. */
export async function runMigrations(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(drizzle(pool), { migrationsFolder: MIGRATIONS_FOLDER, ...MIGRATIONS_TABLE });
  } catch (error) {
    const query = (error as { query?: unknown }).query;
    if (typeof query !== 'string') throw error;
    const cause = (error as { cause?: unknown }).cause;
    const detail = (cause as { detail?: unknown } | undefined)?.detail;
    const reason =
      (cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : (error as Error).message) +
      (typeof detail === 'string' ? ` (${detail})` : '');
    throw new MigrationError(migrationFileOf(query), firstLine(query), reason);
  } finally {
    await pool.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}
