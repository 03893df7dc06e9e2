import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { dropDatabase, ensureDatabase, MigrationError, runMigrations } from '../src/index.js';
import { buildExistingBackend, insertAsExistingBackend, snapshotRows, type ExistingBackendData } from '@insights/testkit/existing-backend';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// Every migration in the journal was applied, once.
const MIGRATION_COUNT = (JSON.parse(readFileSync(join(ROOT, 'drizzle', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

function scratchUrl(label: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/fi_${label}_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

describe('migrating the existing backend’s production schema', () => {
  const url = scratchUrl('adopt');
  let client: pg.Client;
  let data: ExistingBackendData;
  let before: Awaited<ReturnType<typeof snapshotRows>>;

  beforeAll(async () => {
    await ensureDatabase(url);
    client = new pg.Client({ connectionString: url });
    await client.connect();
    data = await buildExistingBackend(client);
    before = await snapshotRows(client);
    await runMigrations(url);
    await runMigrations(url);
  });
  afterAll(async () => {
    await client?.end();
    await dropDatabase(url);
  });

  it('keeps every row and column value, and records its migrations apart from the existing journal', async () => {
    const after = await snapshotRows(client, before.columns);
    // The two deliberate changes (checked below): duplicate legacy cache keys, null access counts.
    const unconverted = (table: string, rows: Record<string, string | null>[] = []) =>
      table === 'insights_cache' ? rows.map(({ cache_key: _key, access_count: _count, ...rest }) => rest) : rows;
    for (const [table, rows] of before.rows) {
      expect({ table, rows: unconverted(table, after.rows.get(table)) }).toEqual({ table, rows: unconverted(table, rows) });
    }
    expect(before.rows.get('feedback')).toHaveLength(data.analysed + data.pending);
    const theirs = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
    const ours = await client.query('select count(*)::int as n from drizzle.__insights_migrations');
    expect(theirs.rows[0].n).toBe(8);
    expect(ours.rows[0].n).toBe(MIGRATION_COUNT);
  });

  it('converts what had to change: text job ids, a numeric progress, instants, unique cache keys', async () => {
    const job = await client.query(
      `select id, progress, progress_detail, pg_typeof(id)::text as id_type, pg_typeof(created_at)::text as at_type from insights_jobs`,
    );
    expect(job.rows).toEqual([
      { id: data.legacyJobId, progress: 100, progress_detail: null, id_type: 'character varying', at_type: 'timestamp with time zone' },
    ]);
    const keys = await client.query(`select cache_key, access_count from insights_cache order by created_at`);
    expect(keys.rows).toEqual([
      { cache_key: expect.stringMatching(/^legacy:[0-9a-f-]{36}$/), access_count: 0 },
      { cache_key: expect.stringMatching(/^legacy:[0-9a-f-]{36}$/), access_count: 0 },
      { cache_key: 'a3f1c0de', access_count: 0 },
    ]);
  });

  it('still takes every insert the existing backend makes', async () => {
    await insertAsExistingBackend(client, data);
    const job = await client.query(`select id, progress, status from insights_jobs where id <> $1`, [data.legacyJobId]);
    expect(job.rows).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), progress: 0, status: 'pending' }]);
    // Rows from before the migration and rows it inserts without naming the column alike.
    const hashed = await client.query(`select count(*)::int as n, count(sample_hash)::int as hashed from feedback`);
    expect(hashed.rows[0].n).toBe(data.analysed + data.pending + 1);
    expect(hashed.rows[0].hashed).toBe(hashed.rows[0].n);
  });
});

describe('a migration that cannot apply', () => {
  const url = scratchUrl('broken');

  beforeAll(async () => {
    await ensureDatabase(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // A feedback table whose project_id cannot reference projects.id.
    await client.query(`create table feedback (id uuid primary key default gen_random_uuid(), project_id text not null, text text not null,
      rating integer not null, category text not null, sentiment text not null, sentiment_score real not null,
      created_at timestamp default now() not null, updated_at timestamp default now() not null)`);
    await client.end();
  });
  afterAll(() => dropDatabase(url));

  it('names the file, the statement and the reason, and leaves nothing half-applied', async () => {
    const error = await runMigrations(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationError);
    const failure = error as MigrationError;
    expect(failure.file).toBe('drizzle/0000_foundation.sql');
    expect(failure.statement).toMatch(/ADD CONSTRAINT "feedback_project_id_projects_id_fk"/);
    expect(failure.reason).toMatch(/cannot be implemented \(Key columns .* are of incompatible types: text and uuid\.\)/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
    await client.end();
    expect(tables.rows[0].n).toBe(1);
  });

  it('pnpm db:migrate prints it as one line and exits 1', async () => {
    const run = promisify(execFile)(process.execPath, ['--conditions=development', '--import', '@swc-node/register/esm-register', 'scripts/db-migrate.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
    });
    const failed = (await run.then(
      () => undefined,
      (e: unknown) => e,
    )) as { code: number; stderr: string } | undefined;
    expect(failed?.code).toBe(1);
    const lines = failed!.stderr.split('\n').filter((l) => l.trim() && !l.includes('ExperimentalWarning') && !l.includes('--trace-warnings'));
    expect(lines).toEqual([
      expect.stringMatching(/^migration drizzle\/0000_foundation\.sql failed at `.*feedback_project_id_projects_id_fk.*`: .*incompatible types/),
    ]);
  });
});
