import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { dropDatabase, ensureDatabase, runMigrations } from '../src/index.js';

/** The existing backend's tables as it created them: no feedback_generation, user_name or user_email. */
const EXISTING_SCHEMA = `
  create table users (
    id uuid primary key default gen_random_uuid(), clerk_user_id text not null unique, email text not null,
    name text, plan text not null default 'free', created_at timestamp default now() not null, updated_at timestamp default now() not null);
  create table projects (
    id uuid primary key default gen_random_uuid(), name text not null, hashed_api_key text not null, encrypted_api_key text,
    key_version integer not null default 1, user_id uuid not null references users(id) on delete cascade,
    allowed_domains jsonb default '[]'::jsonb, webhook_url text, is_active boolean not null default true,
    created_at timestamp default now() not null, updated_at timestamp default now() not null);
  create table feedback (
    id uuid primary key default gen_random_uuid(), project_id uuid not null references projects(id) on delete cascade,
    text text not null, rating integer not null, category text not null, sentiment text not null, sentiment_score real not null,
    metadata jsonb, created_at timestamp default now() not null, updated_at timestamp default now() not null);
  create index idx_feedback_project_created on feedback (project_id, created_at);
  insert into users (clerk_user_id, email) values ('user_existing', 'a@example.com');
  insert into projects (name, hashed_api_key, user_id) select 'Existing', 'h', id from users;
  insert into feedback (project_id, text, rating, category, sentiment, sentiment_score)
    select id, 'kept across the migration', 4, 'praise', 'positive', 0.8 from projects;
`;

describe('migrating a database the existing backend created', () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/fi_adopt_${randomBytes(4).toString('hex')}`;
  let client: pg.Client;

  beforeAll(async () => {
    await ensureDatabase(url.toString());
    client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(EXISTING_SCHEMA);
  });
  afterAll(async () => {
    await client.end();
    await dropDatabase(url.toString());
  });

  it('keeps its tables and rows, adds the new columns and tables, and runs twice', async () => {
    await runMigrations(url.toString());
    await runMigrations(url.toString());
    const kept = await client.query(`select f.text, p.feedback_generation, f.user_name from feedback f join projects p on p.id = f.project_id`);
    expect(kept.rows).toEqual([{ text: 'kept across the migration', feedback_generation: 0, user_name: null }]);
    const tables = await client.query(`select table_name from information_schema.tables where table_schema = 'public'`);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['insights_jobs', 'insights_cache', 'insights_chunk_memo', 'llm_calls']),
    );
    const inserted = await client.query(`insert into users (clerk_user_id) values ('user_new') returning email`);
    expect(inserted.rows[0].email).toBe('');
  });
});
