/**
 * Seeds very large projects inside Postgres (INSERT ... SELECT over generate_series): realistic,
 * deterministic feedback built from a few phrase arrays per theme, without a row crossing the
 * wire. Every random choice is a slice of md5(seed, row number), so a seed always yields the same
 * rows, ids included.
 */
import { type DatabaseHandle } from '@insights/db';
import { DEMO_NAMES, DEMO_THEMES } from '@insights/testkit';

type Pool = DatabaseHandle['pool'];

// The demo data's themes and phrasing, so prompts look alike.
const THEMES = DEMO_THEMES;
const NAMES = DEMO_NAMES;

const LONG_TAIL =
  'To give some context, we are a team of twelve and we collect feedback from three products. ' +
  'We tried several workarounds, including clearing the cache and using another browser. ' +
  'Our customers noticed it too, and a few of them mentioned it in their own surveys.';

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
export const textArray = (values: string[]) => `array[${values.map(literal).join(', ')}]::text[]`;

/** The demo themes as a SQL `theme` CTE: each row's share of 0..99, category, ratings, sentiment and phrases. */
export function themesSql(): string {
  let from = 0;
  const rows = THEMES.map((t) => {
    const row =
      `(${literal(t.name)}, ${from}, ${from + t.weight}, ${literal(t.category)}, ${t.ratings[0]}, ${t.ratings[1]}, ` +
      `${literal(t.sentiment)}, ${textArray(t.openers)}, ${textArray(t.subjects)}, ${textArray(t.details)})`;
    from += t.weight;
    return row;
  });
  if (from !== 100) throw new Error('theme weights must add up to 100');
  return `theme(name, lo, hi, category, rlo, rhi, sentiment, openers, subjects, details) as (values ${rows.join(',\n')})`;
}

export interface SqlSeedOptions {
  projectId: string;
  /** Part of every random draw and id: another seed, other rows. */
  seed: number;
  count: number;
  /** Rows are numbered from here (so a big load can go in slices). */
  offset?: number;
  /** created_at spreads over this many days before `now`. */
  days: number;
  now: Date;
}

/** Inserts `count` rows in one statement; returns the rows inserted. */
export async function insertSqlFeedback(pool: Pool, options: SqlSeedOptions): Promise<number> {
  const from = (options.offset ?? 0) + 1;
  const to = (options.offset ?? 0) + options.count;
  // r1..r4: four independent 32-bit draws from one md5 per row.
  const sql = `
    with ${themesSql()},
    draws as (
      select g,
             md5($1 || ':' || g) as m,
             ('x' || substr(md5('r' || $1 || ':' || g), 1, 8))::bit(32)::bigint as r1,
             ('x' || substr(md5('r' || $1 || ':' || g), 9, 8))::bit(32)::bigint as r2,
             ('x' || substr(md5('r' || $1 || ':' || g), 17, 8))::bit(32)::bigint as r3,
             ('x' || substr(md5('r' || $1 || ':' || g), 25, 8))::bit(32)::bigint as r4
      from generate_series($2::int, $3::int) g
    )
    insert into feedback (id, project_id, text, rating, category, sentiment, sentiment_score, user_name, user_email, processing_status, metadata, created_at, updated_at)
    select
      d.m::uuid,
      $4::uuid,
      t.openers[1 + d.r2 % 4] || ' ' || t.subjects[1 + (d.r2 / 4) % 4] || ' ' || t.details[1 + (d.r2 / 16) % 4] || '.'
        || case when d.r3 % 50 = 0 then ' ' || ${literal(LONG_TAIL)} else '' end,
      t.rlo + (d.r3 / 50) % (t.rhi - t.rlo + 1),
      t.category,
      case when d.r4 % 50 = 0 then 'pending' else t.sentiment end,
      case t.sentiment when 'positive' then 0.3 + (d.r4 % 700) / 1000.0
                       when 'negative' then -0.3 - (d.r4 % 700) / 1000.0
                       else ((d.r4 % 200) - 100) / 1000.0 end,
      (${textArray(NAMES)})[1 + (d.r4 / 1000) % ${NAMES.length}],
      lower((${textArray(NAMES)})[1 + (d.r4 / 1000) % ${NAMES.length}]) || (d.g % 97) || '@example.com',
      'completed',
      jsonb_build_object('theme', t.name, 'source', 'bench'),
      $5::timestamp - make_interval(secs => ((d.r1 / 100) % ($6::bigint * 86400))::double precision),
      $5::timestamp - make_interval(secs => ((d.r1 / 100) % ($6::bigint * 86400))::double precision)
    from draws d
    join theme t on d.r1 % 100 >= t.lo and d.r1 % 100 < t.hi`;
  const result = await pool.query(sql, [
    String(options.seed),
    from,
    to,
    options.projectId,
    options.now.toISOString().replace('T', ' ').replace('Z', ''),
    options.days,
  ]);
  return result.rowCount ?? 0;
}

/**
 * Drops the feedback table's secondary indexes and returns a function that rebuilds them from
 * their saved definitions: one bulk build each is far faster than a million index insertions.
 */
export async function dropSecondaryIndexes(pool: Pool): Promise<() => Promise<void>> {
  const { rows } = await pool.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition
       from pg_indexes i
      where i.schemaname = 'public' and i.tablename = 'feedback'
        and i.indexname not in (select conname from pg_constraint where conrelid = 'feedback'::regclass)`,
  );
  for (const row of rows) await pool.query(`drop index "${row.name}"`);
  return async () => {
    for (const row of rows) await pool.query(row.definition);
  };
}
