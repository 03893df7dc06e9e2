import { and, eq, getTableColumns, isNull, or, sql } from 'drizzle-orm';
import { insightsCache, insightsJobs, projects, type InsightsJob } from '../schema.js';

/** Own project, or a job over all of the user's projects (no project); needs projects joined. */
export function visibleJobs(userId: string) {
  return or(eq(projects.userId, userId), and(isNull(insightsJobs.projectId), eq(insightsJobs.userId, userId)));
}

export function visibleTo(jobId: string, userId: string) {
  return and(eq(insightsJobs.id, jobId), visibleJobs(userId));
}

/** A job as a list shows it: everything but the result, which a list never carries. */
export type InsightsJobSummary = Omit<InsightsJob, 'result'>;

const { result: _result, ...columns } = getTableColumns(insightsJobs);
export const summaryColumns = columns;
/**
 * A completed job's result: the row's own copy (rows the existing backend or a cache answer
 * wrote), else the cache entry the row references by its key (what the worker writes, once).
 */
export const storedResult = sql`case when ${insightsJobs.status} = 'completed' then coalesce(${insightsJobs.result},
  (select ${insightsCache.result} from ${insightsCache} where ${insightsCache.cacheKey} = ${insightsJobs.dedupKey})) end`;
export const jobColumns = { ...summaryColumns, result: sql<unknown>`${storedResult}` };

// created_at in UTC, as Postgres writes a timestamp without time zone: exact to the microsecond.
export const createdAtUtc = sql<string>`(${insightsJobs.createdAt} at time zone 'UTC')::text`;
