import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { insightsThemeAssignments } from '../schema.js';

/** A feedback entry written after a stored result and not assigned to its themes yet. */
export interface UnassignedFeedback {
  id: string;
  rating: number;
  text: string;
  createdAt: Date;
}

export interface NewThemeAssignment {
  feedbackId: string;
  themeId: string | null;
  method: 'model' | 'offline';
}

/** What the assignments of one stored result add up to at the time of a read. */
export interface AssignmentTally {
  /** Assigned entries by theme (null: none) and by the Monday (YYYY-MM-DD) of the week they were written. */
  rows: { themeId: string | null; week: string; count: number }[];
  /** Entries of the project written after the result and not assigned. */
  pending: number;
  /** Entries the project holds now: with the result's own total, shows entries imported with an earlier date. */
  total: number;
  /** When the newest assignment was made, ISO; null when none was. */
  asOf: string | null;
}

/**
 * Feedback written after a project-wide result, placed in that result's themes between
 * regenerations (`insights_theme_assignments`, keyed by the result's cache key). The project's
 * feedback is the scope: only the unfiltered result is kept current this way.
 */
export class ThemeAssignmentsRepository {
  constructor(private readonly db: Database) {}

  /** Whether the project has a stored result of this scope (any generation): cheap, no result body read. */
  async hasResult(scopeKey: string): Promise<boolean> {
    const { rows } = await this.db.execute<{ found: number }>(sql`select 1 as found from insights_cache where scope_key = ${scopeKey} limit 1`);
    return rows.length > 0;
  }

  /**
   * Drops the project's assignments for results other than this one (its latest project-wide
   * result): a regenerated result analysed those entries itself, and no read asks for the old one.
   */
  async forgetOthers(projectId: string, cacheKey: string): Promise<number> {
    const deleted = await this.db
      .delete(insightsThemeAssignments)
      .where(and(eq(insightsThemeAssignments.projectId, projectId), ne(insightsThemeAssignments.cacheKey, cacheKey)))
      .returning({ feedbackId: insightsThemeAssignments.feedbackId });
    return deleted.length;
  }

  /** How many entries are assigned for this result. */
  async assignedCount(cacheKey: string): Promise<number> {
    const { rows } = await this.db.execute<{ n: number }>(sql`select count(*)::int as n from insights_theme_assignments where cache_key = ${cacheKey}`);
    return rows[0]?.n ?? 0;
  }

  /** The oldest `limit` entries of the project written after `after` that this result has not assigned. */
  async unassigned(projectId: string, cacheKey: string, after: Date, limit: number): Promise<UnassignedFeedback[]> {
    if (limit <= 0) return [];
    const { rows } = await this.db.execute<{ id: string; rating: number; text: string; created_at: Date | string }>(sql`
      select f.id, f.rating, f.text, f.created_at
        from feedback f
       where f.project_id = ${projectId}
         and f.created_at > ${after.toISOString()}::timestamptz
         and not exists (select 1 from insights_theme_assignments a where a.cache_key = ${cacheKey} and a.feedback_id = f.id)
       order by f.created_at, f.id
       limit ${limit}`);
    return rows.map((r) => ({ id: r.id, rating: r.rating, text: r.text, createdAt: new Date(r.created_at) }));
  }

  /** Writes assignments; an entry already assigned for this result keeps its first one (a retried job). */
  async record(cacheKey: string, projectId: string, assignments: readonly NewThemeAssignment[]): Promise<number> {
    if (assignments.length === 0) return 0;
    const written = await this.db
      .insert(insightsThemeAssignments)
      .values(assignments.map((a) => ({ cacheKey, projectId, feedbackId: a.feedbackId, themeId: a.themeId, method: a.method })))
      .onConflictDoNothing()
      .returning({ feedbackId: insightsThemeAssignments.feedbackId });
    return written.length;
  }

  /**
   * One statement per read: assigned entries of the result by theme and week written, entries
   * written after it and not assigned, the project's entries now, and the newest assignment.
   */
  async tally(projectId: string, cacheKey: string, after: Date): Promise<AssignmentTally> {
    const { rows } = await this.db.execute<{ pending: number; total: number; as_of: Date | string | null; rows: AssignmentTally['rows'] }>(sql`
      select
        (select count(*)::int from feedback f
          where f.project_id = ${projectId} and f.created_at > ${after.toISOString()}::timestamptz
            and not exists (select 1 from insights_theme_assignments a where a.cache_key = ${cacheKey} and a.feedback_id = f.id)) as pending,
        (select count(*)::int from feedback f where f.project_id = ${projectId}) as total,
        (select max(a.created_at) from insights_theme_assignments a where a.cache_key = ${cacheKey}) as as_of,
        coalesce((select json_agg(json_build_object('themeId', t.theme_id, 'week', t.week, 'count', t.n))
          from (select a.theme_id, to_char(date_trunc('week', f.created_at), 'YYYY-MM-DD') as week, count(*)::int as n
                  from insights_theme_assignments a join feedback f on f.id = a.feedback_id
                 where a.cache_key = ${cacheKey}
                 group by 1, 2) t), '[]'::json) as rows`);
    const row = rows[0]!;
    return { rows: row.rows, pending: row.pending, total: row.total, asOf: row.as_of === null ? null : new Date(row.as_of).toISOString() };
  }
}
