import { createHash } from 'node:crypto';
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { toFeedbackFilter } from '../filters/date-range.js';
import { feedback, projects, SEARCH_LANGUAGES } from '../schema.js';
import { filterConditions } from './feedback.repository.js';

/** The filters of a search: the same fields as `searchFiltersSchema` in @insights/queue. */
export interface SearchFilters {
  /** ISO date or date-time, inclusive. */
  startDate?: string;
  /** ISO date or date-time, inclusive; a bare date includes the whole day. */
  endDate?: string;
  category?: string;
  sentiment?: 'positive' | 'neutral' | 'negative';
  /** 1..5; unrated entries (rating 0) are never in a rating range. */
  minRating?: number;
  maxRating?: number;
}

export interface SearchHit {
  id: string;
  text: string;
  /** ISO 8601. */
  createdAt: string;
  category: string;
  sentiment: string;
  rating: number;
  /** Relevance, 0..1 (0 for an empty query and for `entries`). */
  rank: number;
}

export interface SearchPage {
  items: SearchHit[];
  nextCursor: string | null;
}

/** A cursor that is not one this search handed out (malformed, or from another query or filters). */
export class SearchCursorError extends Error {}

/**
 * Every configuration a query is read with: each language an entry can be stemmed in (its
 * metadata's language, its script, else English) and `simple` (words as written, for names and
 * codes a stemmer would change). A query matches an entry when it matches read in that entry's
 * language; Postgres' GIN scan looks each distinct lexeme up once, however many readings share it.
 */
export const SEARCH_QUERY_CONFIGS: readonly string[] = [...new Set(['english', 'simple', ...Object.values(SEARCH_LANGUAGES)])];

/**
 * ts_rank normalisation: scaled to 0..1 (rank / (rank + 1)); not divided by length, as feedback is
 * short and an entry naming the words more often is the better match.
 * ts_rank rather than ts_rank_cd: cover density over a query read in several languages (an OR of
 * readings) cost about six times as much per matching entry on the benchmark data set.
 */
const RANK_NORMALISATION = 32;

/** Similar entries: lexemes found in more entries than this are not distinctive. */
const DISTINCTIVE_MAX = 500;
/** Lexemes the table's statistics put in more entries than this (all projects) are common without counting. */
const COMMON_ANYWHERE = 10_000;
/** At most this many of an entry's lexemes are weighed (the longest), and this many kept. */
const SIMILAR_WEIGHED = 32;
const SIMILAR_KEPT = 8;
/** With them, entries holding all of its this many rarest common lexemes are weighed too. */
const SIMILAR_COMMON = 3;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
const RANK_TEXT = /^\d+(\.\d+)?(e[-+]?\d+)?$/;

/** The shape alone lets 2026-13-45 99:99:99 through, and Postgres would fail on the cast. */
function realTimestamp(value: string): boolean {
  const iso = `${value.replace(' ', 'T').slice(0, 23)}Z`;
  const time = Date.parse(iso);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === iso.slice(0, 19);
}

/**
 * The negated words and phrases of a websearch query (`-word`, `-"a phrase"`), apart from the
 * rest: each reading of the query would otherwise negate its own stem only, and an entry holding
 * the word under another stem would slip through another reading.
 */
export function splitNegations(query: string): { positive: string; negated: string[] } {
  const negated: string[] = [];
  const positive = query.replace(/(^|\s)-("[^"]*"?|[^\s"]+)/g, (_all, lead: string, term: string) => {
    const words = term.replace(/"/g, ' ').trim();
    if (words) negated.push(term.startsWith('"') ? `"${words}"` : words);
    return lead;
  });
  return { positive: positive.trim(), negated };
}

/** A lexeme as tsquery input: quoted, with quotes and backslashes doubled (no normalisation). */
const quoteLexeme = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

interface Position {
  /** 'r': ranked (rank, created_at, id); 'n': newest first (created_at, id). */
  k: 'r' | 'n';
  /** Fingerprint of the query and filters the cursor belongs to. */
  f: string;
  r?: string;
  c: string;
  i: string;
}

function encodePosition(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodePosition(cursor: string, kind: Position['k'], fingerprint: string): Position {
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error();
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new SearchCursorError('cursor is not a valid search cursor');
  }
  const p = value as Partial<Position> | null;
  const valid =
    typeof p === 'object' &&
    p !== null &&
    (p.k === 'r' || p.k === 'n') &&
    typeof p.f === 'string' &&
    typeof p.c === 'string' &&
    PG_TIMESTAMP.test(p.c) &&
    realTimestamp(p.c) &&
    typeof p.i === 'string' &&
    UUID.test(p.i) &&
    (p.k === 'n' || (typeof p.r === 'string' && p.r !== '' && RANK_TEXT.test(p.r)));
  if (!valid) throw new SearchCursorError('cursor is not a valid search cursor');
  if (p.k !== kind || p.f !== fingerprint) throw new SearchCursorError('cursor belongs to another query or other filters');
  return p as Position;
}

function fingerprintOf(query: string, filters: SearchFilters): string {
  const key = JSON.stringify([
    query,
    filters.startDate ?? null,
    filters.endDate ?? null,
    filters.category ?? null,
    filters.sentiment ?? null,
    filters.minRating ?? null,
    filters.maxRating ?? null,
  ]);
  return createHash('sha256').update(key).digest('base64url').slice(0, 12);
}

interface HitRow extends Record<string, unknown> {
  id: string;
  text: string;
  created_at: Date | string;
  position: string;
  category: string;
  sentiment: string;
  rating: number;
  rank: number | string;
  rank_text?: string;
}

/** created_at is a timestamp without time zone holding UTC. */
function isoOf(value: Date | string): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(`${value.replace(' ', 'T')}Z`).toISOString();
}

const toHit = (row: HitRow): SearchHit => ({
  id: row.id,
  text: row.text,
  createdAt: isoOf(row.position),
  category: row.category,
  sentiment: row.sentiment,
  rating: Number(row.rating),
  rank: Number(row.rank),
});

/** Full-text search over one project's feedback, on the `search_vector` Postgres keeps per entry. */
export class FeedbackSearchRepository {
  constructor(private readonly db: Database) {}

  /**
   * websearch_to_tsquery over every language configuration (see SEARCH_QUERY_CONFIGS), ranked by
   * ts_rank, keyset pages on (rank, created_at, id). An empty query lists newest first.
   */
  async search(projectId: string, query: string, filters: SearchFilters, page: { limit: number; cursor?: string | null }): Promise<SearchPage> {
    const text = query.trim();
    const fingerprint = fingerprintOf(text, filters);
    const kind = text ? 'r' : 'n';
    const after = page.cursor ? decodePosition(page.cursor, kind, fingerprint) : null;
    const limit = Math.max(1, Math.floor(page.limit));
    const conditions = [eq(feedback.projectId, projectId), ...this.filterSql(filters)];

    if (!text) {
      if (after) conditions.push(sql`(${feedback.createdAt}, ${feedback.id}) < (${after.c}::timestamp, ${after.i}::uuid)`);
      const { rows } = await this.db.execute<HitRow>(sql`
        select id, text, created_at::text as position, category, sentiment, rating, 0 as rank
          from ${feedback}
         where ${and(...conditions)}
         order by created_at desc, id desc
         limit ${limit + 1}`);
      return this.pageOf(rows, limit, (last) => ({ k: 'n', f: fingerprint, c: last.position, i: last.id }));
    }

    const tsquery = await this.tsqueryOf(text);
    if (tsquery === null) return { items: [], nextCursor: null };
    conditions.push(sql`search_vector @@ ${tsquery}::tsquery`);
    // Every match is ranked, so the ranking reads only what it sorts on; OFFSET 0 keeps that
    // subquery whole (each rank computed once). The page's rows are then read by primary key.
    const { rows } = await this.db.execute<HitRow>(sql`
      select f.id, f.text, f.created_at::text as position, f.category, f.sentiment, f.rating, page.rank, page.rank::text as rank_text
        from (
          select * from (
            select id, created_at, ts_rank(search_vector, ${tsquery}::tsquery, ${RANK_NORMALISATION}) as rank
              from ${feedback}
             where ${and(...conditions)}
            offset 0
          ) ranked
          ${after ? sql`where (rank, created_at, id) < (${after.r}::real, ${after.c}::timestamp, ${after.i}::uuid)` : sql``}
          order by rank desc, created_at desc, id desc
          limit ${limit + 1}
        ) page
        join ${feedback} f on f.id = page.id
       order by page.rank desc, page.created_at desc, page.id desc`);
    return this.pageOf(rows, limit, (last) => ({ k: 'r', f: fingerprint, r: String(last.rank_text ?? last.rank), c: last.position, i: last.id }));
  }

  /** Exact count of the entries `search` would return over all pages. */
  async count(projectId: string, query: string, filters: SearchFilters): Promise<number> {
    const text = query.trim();
    const conditions = [eq(feedback.projectId, projectId), ...this.filterSql(filters)];
    if (text) {
      const tsquery = await this.tsqueryOf(text);
      if (tsquery === null) return 0;
      conditions.push(sql`search_vector @@ ${tsquery}::tsquery`);
    }
    const { rows } = await this.db.execute<{ n: number }>(sql`select count(*)::int as n from ${feedback} where ${and(...conditions)}`);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Entries like one entry of the project (not itself), best first: those sharing the most of
   * its distinctive lexemes (found in fewer than DISTINCTIVE_MAX entries of the project), each
   * lexeme weighed by how rare it is. Null when the project has no such entry.
   */
  async similar(projectId: string, feedbackId: string, limit: number): Promise<SearchHit[] | null> {
    if (!UUID.test(feedbackId)) return null;
    const { rows: found } = await this.db.execute<{ lexemes: string[] }>(sql`
      select coalesce(tsvector_to_array(search_vector), '{}') as lexemes
        from ${feedback} where project_id = ${projectId} and id = ${feedbackId}`);
    if (found.length === 0) return null;
    const lexemes = [...found[0]!.lexemes].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).slice(0, SIMILAR_WEIGHED);
    if (lexemes.length === 0) return [];

    // Lexemes Postgres' statistics put in more than COMMON_ANYWHERE entries of the table are
    // common without counting; the others are counted in the project, up to DISTINCTIVE_MAX.
    const { rows: stats } = await this.db.execute<{ lexeme: string; estimate: number }>(sql`
      select e.lexeme, e.freq * greatest(c.reltuples, 0) as estimate
        from pg_stats s
        join pg_class c on c.oid = 'feedback'::regclass
        cross join lateral unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as e(lexeme, freq)
       where s.schemaname = current_schema() and s.tablename = 'feedback' and s.attname = 'search_vector'
         and e.lexeme = any(${toTextArray(lexemes)})`);
    const estimates = new Map(stats.map((r) => [r.lexeme, Number(r.estimate)]));
    const toCount = lexemes.filter((l) => (estimates.get(l) ?? 0) < COMMON_ANYWHERE);
    const counts = new Map<string, number>();
    if (toCount.length > 0) {
      // One subquery per lexeme, its tsquery a parameter: each is planned for its own lexeme.
      const { rows: counted } = await this.db.execute<{ lexeme: string; df: number }>(
        sql.join(
          toCount.map(
            (lexeme) => sql`(select ${lexeme}::text as lexeme, (select count(*) from (
                select 1 from ${feedback} where project_id = ${projectId} and search_vector @@ ${quoteLexeme(lexeme)}::tsquery
                 limit ${DISTINCTIVE_MAX}) s)::int as df)`,
          ),
          sql` union all `,
        ),
      );
      for (const row of counted) counts.set(row.lexeme, Number(row.df));
    }
    // Rarest first: counted in the project, then by the table's statistics.
    const shared = lexemes
      .map((lexeme) => ({ lexeme, df: counts.get(lexeme) ?? DISTINCTIVE_MAX, estimate: estimates.get(lexeme) ?? 0 }))
      .filter((c) => c.df >= 2)
      .sort((a, b) => a.df - b.df || a.estimate - b.estimate || (a.lexeme < b.lexeme ? -1 : 1));
    if (shared.length === 0) return [];
    // Entries holding any of its distinctive lexemes, or all of its (up to) three rarest common
    // ones: a bounded set to weigh, found through the GIN index.
    const distinctive = shared.filter((c) => c.df < DISTINCTIVE_MAX).slice(0, SIMILAR_KEPT);
    const common = shared.filter((c) => c.df >= DISTINCTIVE_MAX).slice(0, SIMILAR_COMMON);
    const branches = distinctive.map((c) => quoteLexeme(c.lexeme));
    if (common.length >= 2 || (common.length === 1 && shared.length === 1)) branches.push(common.map((c) => quoteLexeme(c.lexeme)).join(' & '));
    if (branches.length === 0) return [];
    const chosen = [...distinctive, ...common];
    // A lexeme's weight: how rare it is in the project (df counted up to DISTINCTIVE_MAX).
    const weighed = chosen.map((c) => ({ query: quoteLexeme(c.lexeme), weight: Math.log((2 * DISTINCTIVE_MAX) / Math.min(c.df, DISTINCTIVE_MAX)) }));
    const total = weighed.reduce((s, w) => s + w.weight, 0);
    const score = sql.join(
      weighed.map((w) => sql`(case when f.search_vector @@ ${w.query}::tsquery then ${w.weight}::float8 else 0 end)`),
      sql` + `,
    );

    const { rows } = await this.db.execute<HitRow>(sql`
      select id, text, created_at::text as position, category, sentiment, rating, ((${score}) / ${total}::float8)::real as rank
        from ${feedback} f
       where project_id = ${projectId} and id <> ${feedbackId} and search_vector @@ ${branches.map((b) => `(${b})`).join(' | ')}::tsquery
       order by rank desc, created_at desc, id desc
       limit ${Math.max(1, Math.floor(limit))}`);
    return rows.map(toHit);
  }

  /** The project's entries with these ids (rank 0), in the order given; ids not in the project are left out. */
  async entries(projectId: string, ids: string[]): Promise<SearchHit[]> {
    const wanted = [...new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
    if (wanted.length === 0) return [];
    const { rows } = await this.db.execute<HitRow>(sql`
      select id, text, created_at::text as position, category, sentiment, rating, 0 as rank
        from ${feedback}
       where project_id = ${projectId} and id = any(${sql.param(wanted)}::uuid[])`);
    const byId = new Map(rows.map((r) => [r.id, toHit(r)]));
    return ids.map((id) => byId.get(id.toLowerCase())).filter((hit): hit is SearchHit => hit !== undefined);
  }

  /** The project of an entry whose project `userId` owns; null for unknown ids and other users' entries alike. */
  async ownedProjectOf(userId: string, feedbackId: string): Promise<string | null> {
    if (!UUID.test(feedbackId)) return null;
    const { rows } = await this.db.execute<{ project_id: string }>(sql`
      select f.project_id from ${feedback} f join ${projects} p on p.id = f.project_id
       where f.id = ${feedbackId} and p.user_id = ${userId}`);
    return rows[0]?.project_id ?? null;
  }

  /**
   * The query read in every configuration, distinct readings OR-ed, negated words taken out of
   * the whole result (see splitNegations); null when no reading holds a searchable word.
   */
  private async tsqueryOf(query: string): Promise<string | null> {
    const { positive, negated } = splitNegations(query);
    const configs = toTextArray([...SEARCH_QUERY_CONFIGS]);
    const readings = (text: string) => sql`(
      select string_agg('(' || q::text || ')', ' | ' order by q::text)
        from (select distinct websearch_to_tsquery(c::regconfig, ${text}) as q from unnest(${configs}) c) r
       where numnode(q) > 0)`;
    const { rows } = await this.db.execute<{ positive: string | null; negated: string | null }>(sql`
      select ${readings(positive)} as positive, ${negated.length ? readings(negated.join(' or ')) : sql`null`} as negated`);
    const found = rows[0];
    if (!found?.positive) return null;
    return found.negated ? `(${found.positive}) & !(${found.negated})` : found.positive;
  }

  private filterSql(filters: SearchFilters): SQL[] {
    const conditions = filterConditions(
      toFeedbackFilter({ startDate: filters.startDate, endDate: filters.endDate, category: filters.category, sentiment: filters.sentiment }),
    );
    if (filters.minRating !== undefined || filters.maxRating !== undefined) {
      conditions.push(gte(feedback.rating, Math.max(1, filters.minRating ?? 1)));
      if (filters.maxRating !== undefined) conditions.push(lte(feedback.rating, filters.maxRating));
    }
    return conditions;
  }

  private pageOf(rows: HitRow[], limit: number, positionOf: (last: HitRow) => Position): SearchPage {
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toHit), nextCursor: rows.length > limit && last ? encodePosition(positionOf(last)) : null };
  }
}

function toTextArray(values: string[]): SQL {
  return sql`${sql.param(values)}::text[]`;
}
