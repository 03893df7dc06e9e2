/**
 * Search benchmark: one project of 1,000,000 entries (bench/search-seed.ts: the demo themes'
 * phrasing, context sentences, named tools from common to rare, error codes, German, Spanish and
 * Russian entries). First the migration's own statements on that table as it stood before
 * drizzle/0010 (the stored search_vector column: a table rewrite; then its GIN index), timed;
 * then search latency through the built API with wrk (p50/p95/p99) for realistic queries, the
 * similar-entries lookup and one entry by id, each against the plain feedback page
 * (GET /api/feedback, newest first) measured in the same run. See docs/benchmarks.md, "Search".
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { FeedbackSearchRepository, type SearchFilters } from '@insights/db';
import { freePort } from '@insights/testkit';
import { requireWholeNumbers } from './cli.js';
import { closedLoop, requireWrk, type LoadFigures } from './http-load.js';
import { dropSecondaryIndexes } from './large-seed.js';
import { insertSearchFeedback, RARE_WORD } from './search-seed.js';
import { bearer, BenchRun, benchUser, call, createProjects, fmt, loadLine, machineLine, serviceEnv, waitForApi } from './worker-stack.js';

const NOW = new Date('2026-11-01T00:00:00Z');
const SLICE = 100_000;
const DEEP_PAGE = 50;
const PAGE = 20;
const MIGRATION = 'drizzle/0010_search_and_ask.sql';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    // One connection: the latency of a search on its own. More: searches queueing for 2 cores.
    connections: { type: 'string', default: '1' },
  },
});
const COUNT = values.quick ? 100_000 : Number(values.count);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const CONNECTIONS = Number(values.connections);
requireWholeNumbers([
  ['--count', COUNT, 10_000, 5_000_000],
  ['--seconds', SECONDS, 1, 60],
  ['--warmup', WARMUP, 0, 30],
  ['--connections', CONNECTIONS, 1, 64],
] as const);

interface Scenario {
  key: string;
  label: string;
  path: string;
  /** The search's matches (`count` over every page), for the table. */
  matches?: () => Promise<number>;
}

const run = new BenchRun('search');
const ms = (n: number) => (n < 10 ? fmt(n, 1) : fmt(n));

/** The migration's statements that build the search vector and its index, exactly as shipped. */
async function migrationStatements(): Promise<{ column: string; index: string }> {
  const statements = (await readFile(MIGRATION, 'utf8')).split('--> statement-breakpoint').map((s) => s.trim());
  const column = statements.find((s) => /ADD COLUMN IF NOT EXISTS "search_vector"/.test(s));
  const index = statements.find((s) => /CREATE INDEX IF NOT EXISTS "idx_feedback_search"/.test(s));
  if (!column || !index) throw new Error(`${MIGRATION} no longer holds the search_vector column and its index`);
  // Comments before the first statement are part of its text: harmless to Postgres.
  return { column, index };
}

async function main(): Promise<void> {
  const startedAll = performance.now();
  const loadAtStart = loadavg()[0]!;
  console.log(`load generator: ${await requireWrk()}`);
  const stack = await run.create();
  const pool = stack.handle.pool;
  console.log(`database and Redis prefix ${stack.name} created`);
  const userId = await benchUser(stack.handle);
  const [projectId] = await createProjects(stack.handle, userId, 1);

  // --- The table before the migration, then the migration's statements --------------------------
  const { column, index } = await migrationStatements();
  await pool.query('drop index idx_feedback_search');
  await pool.query('alter table feedback drop column search_vector');
  const seedStarted = performance.now();
  const rebuild = await dropSecondaryIndexes(pool);
  for (let offset = 0; offset < COUNT; offset += SLICE) {
    await insertSearchFeedback(pool, { projectId: projectId!, seed: 1, count: Math.min(SLICE, COUNT - offset), offset, days: 365, now: NOW });
    process.stdout.write(`\rseeding: ${fmt(Math.min(COUNT, offset + SLICE))} / ${fmt(COUNT)} entries`);
  }
  await rebuild();
  await pool.query('vacuum analyze feedback');
  const seedMs = performance.now() - seedStarted;
  const sizeOf = async () =>
    (
      await pool.query<{ table: string; indexes: string; gin: string | null }>(
        "select pg_size_pretty(pg_table_size('feedback')) as table, pg_size_pretty(pg_indexes_size('feedback')) as indexes, " +
          "pg_size_pretty(pg_relation_size(to_regclass('idx_feedback_search'))) as gin",
      )
    ).rows[0]!;
  const before = await sizeOf();
  console.log(`\rseeded ${fmt(COUNT)} entries in ${fmt(seedMs / 1000, 1)} s; table ${before.table}, indexes ${before.indexes} (before the migration)`);

  const settings = (
    await pool.query<{ mwm: string; sb: string }>("select current_setting('maintenance_work_mem') as mwm, current_setting('shared_buffers') as sb")
  ).rows[0]!;
  const columnStarted = performance.now();
  await pool.query(column);
  const columnMs = performance.now() - columnStarted;
  const indexStarted = performance.now();
  await pool.query(index);
  const indexMs = performance.now() - indexStarted;
  await pool.query('vacuum analyze feedback');
  const after = await sizeOf();
  const perMillion = (t: number) => (t / 1000) * (1_000_000 / COUNT);
  console.log(
    `migration: column (table rewrite) ${fmt(columnMs / 1000, 1)} s, GIN index ${fmt(indexMs / 1000, 1)} s; table ${after.table}, indexes ${after.indexes}, GIN ${after.gin}`,
  );

  // --- The API --------------------------------------------------------------------------------
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = serviceEnv(stack, 'http://127.0.0.1:9', {
    PORT: String(port),
    LOG_LEVEL: 'warn',
    // All the load comes from 127.0.0.1 as one user.
    REQUESTS_PER_MINUTE_PER_IP: '1000000',
    REQUESTS_PER_MINUTE_PER_USER: '1000000',
  });
  const api = run.start('api', 'apps/api/dist/main.js', env);
  await waitForApi(base, api);
  const headers = bearer(stack);

  const repo = new FeedbackSearchRepository(stack.handle.db);
  const search = (q: string, filters: SearchFilters = {}, cursor?: string) => {
    const query = new URLSearchParams({ projectId: projectId!, limit: String(PAGE), ...(q ? { q } : {}) });
    for (const [k, v] of Object.entries(filters)) query.set(k, String(v));
    if (cursor) query.set('cursor', cursor);
    return `/api/feedback/search?${query.toString()}`;
  };
  const counted =
    (q: string, filters: SearchFilters = {}) =>
    () =>
      repo.count(projectId!, q, filters);

  // A deep page: the cursor after DEEP_PAGE - 1 pages of a multi-word search, walked over HTTP.
  const deepQuery = 'export crashes large projects';
  let cursor: string | undefined;
  let deepPage = 1;
  while (deepPage < DEEP_PAGE) {
    const answer = await call<{ nextCursor: string | null }>(`${base}${search(deepQuery, {}, cursor)}`, { headers });
    if (answer.status !== 200) throw new Error(`page ${deepPage} of "${deepQuery}": ${answer.status}`);
    // A smaller data set (--quick) may hold fewer pages: the last one is as deep as it goes.
    if (!answer.body.data.nextCursor) break;
    cursor = answer.body.data.nextCursor;
    deepPage++;
  }
  // The entry for "similar": one naming the rare tool, as a reader would open from a search.
  const rareHit = (await repo.search(projectId!, RARE_WORD, {}, { limit: 1 })).items[0]!;
  const filters: SearchFilters = { sentiment: 'negative', maxRating: 2, startDate: '2026-05-01', endDate: '2026-07-31' };

  const baselineKey = 'a';
  const scenarios: Scenario[] = [
    {
      key: baselineKey,
      label: `baseline: feedback page, newest first (GET /api/feedback?projectId&limit=${PAGE})`,
      path: `/api/feedback?projectId=${projectId}&limit=${PAGE}`,
    },
    { key: 'b', label: 'one entry by id (GET /api/feedback/:id)', path: `/api/feedback/${rareHit.id}` },
    { key: 'c', label: 'search, empty q (newest first)', path: search(''), matches: counted('') },
    { key: 'd', label: 'common word: q=export', path: search('export'), matches: counted('export') },
    { key: 'e', label: `rare word: q=${RARE_WORD}`, path: search(RARE_WORD), matches: counted(RARE_WORD) },
    { key: 'f', label: 'error code: q=4821', path: search('4821'), matches: counted('4821') },
    { key: 'g', label: `multi-word: q=${deepQuery}`, path: search(deepQuery), matches: counted(deepQuery) },
    { key: 'h', label: 'phrase: q="empty file"', path: search('"empty file"'), matches: counted('"empty file"') },
    { key: 'i', label: 'word and negation: q=slow -mobile', path: search('slow -mobile'), matches: counted('slow -mobile') },
    {
      key: 'j',
      label: 'with filters: q=slow, sentiment negative, rating ≤ 2, three months',
      path: search('slow', filters),
      matches: counted('slow', filters),
    },
    { key: 'k', label: 'German inflection: q=Anmeldung', path: search('Anmeldung'), matches: counted('Anmeldung') },
    { key: 'l', label: 'Cyrillic: q=отчёты', path: search('отчёты'), matches: counted('отчёты') },
    { key: 'm', label: `deep keyset page ${deepPage} of q=${deepQuery}`, path: search(deepQuery, {}, cursor), matches: counted(deepQuery) },
    { key: 'n', label: 'similar entries (GET /api/feedback/:id/similar, 10)', path: `/api/feedback/${rareHit.id}/similar?limit=10` },
  ];

  // Every request answers 200 before anything is timed.
  for (const s of scenarios) {
    const answer = await call(`${base}${s.path}`, { headers });
    if (answer.status !== 200) throw new Error(`${s.label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }

  const results = new Map<string, LoadFigures & { matches?: number }>();
  for (const s of scenarios) {
    const figures = await closedLoop({ url: `${base}${s.path}`, headers }, { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP });
    if (figures.non2xx > 0 || figures.errors > 0) throw new Error(`${s.label}: ${figures.non2xx} non-2xx answers, ${figures.errors} errors`);
    const matches = s.matches ? await s.matches() : undefined;
    results.set(s.key, { ...figures, matches });
    console.log(`${s.key}. ${s.label}: p50 ${ms(figures.p50)} ms, p95 ${ms(figures.p95)} ms, p99 ${ms(figures.p99)} ms, ${fmt(figures.rps, 1)} req/s`);
  }

  // --- Report ---------------------------------------------------------------------------------
  const baseline = results.get(baselineKey)!;
  console.log(
    `\nSearch benchmark: ${fmt(COUNT)} entries in one project; the built API (one process) and wrk on loopback, ` +
      `${CONNECTIONS} connection${CONNECTIONS === 1 ? '' : 's'}, ${SECONDS} s per request after ${WARMUP} s of warm-up; ${PAGE} entries a page`,
  );
  console.log(`${machineLine()}; PostgreSQL shared_buffers ${settings.sb}, maintenance_work_mem ${settings.mwm}; ${loadLine(loadAtStart)}\n`);
  console.log('| request | matches | p50 ms | p95 ms | p99 ms | req/s | p50 × baseline | p95 × baseline |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const s of scenarios) {
    const r = results.get(s.key)!;
    console.log(
      `| ${s.key}. ${s.label} | ${r.matches === undefined ? '–' : fmt(r.matches)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${fmt(r.rps, 1)} | ` +
        `${fmt(r.p50 / baseline.p50, 1)}× | ${fmt(r.p95 / baseline.p95, 1)}× |`,
    );
  }
  const searches = scenarios.filter((s) => s.key >= 'c' && s.key <= 'm').map((s) => results.get(s.key)!);
  const worst = Math.max(...searches.map((r) => r.p95));
  console.log(`\nslowest search p95: ${ms(worst)} ms (${fmt(worst / baseline.p95, 1)}× the feedback page's p95 of ${ms(baseline.p95)} ms)`);
  console.log(
    `\nmigration on ${fmt(COUNT)} entries: adding the stored search_vector (rewrites the table) ${fmt(columnMs / 1000, 1)} s ` +
      `(${fmt(perMillion(columnMs), 1)} s per million rows), its GIN index ${fmt(indexMs / 1000, 1)} s (${fmt(perMillion(indexMs), 1)} s per million rows); ` +
      `table ${before.table} → ${after.table}, all indexes ${before.indexes} → ${after.indexes} (GIN ${after.gin})`,
  );
  console.log(`whole benchmark ${fmt((performance.now() - startedAll) / 1000)} s`);
}

await run.run(main);
