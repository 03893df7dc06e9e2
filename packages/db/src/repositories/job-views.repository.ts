import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { KeysetCursor } from './feedback.repository.js';
import { insightsJobs, projects, type InsightsJob, type JobKind, type JobStatus } from '../schema.js';
import { createdAtUtc, jobColumns, storedResult, summaryColumns, visibleJobs, visibleTo, type InsightsJobSummary } from './job-columns.js';

export interface JobHistoryPage {
  items: InsightsJobSummary[];
  nextCursor: KeysetCursor | null;
}

/**
 * The job rows as the people who asked for them see them: only their own (own project, or all of
 * their projects), newest first, with or without the result. The lifecycle writes the worker and
 * the launcher make are `InsightsJobsRepository`'s.
 */
export class JobViewsRepository {
  constructor(private readonly db: Database) {}

  /**
   * The caller's jobs of one kind (generations unless asked for questions) newest first,
   * optionally of one project and one status; keyset-paginated on (created_at, id), so a deep
   * page costs what the first does.
   */
  async history(
    userId: string,
    filter: { projectId?: string; status?: JobStatus; kind?: JobKind },
    limit: number,
    after?: KeysetCursor,
  ): Promise<JobHistoryPage> {
    const conditions = [visibleJobs(userId), eq(insightsJobs.kind, filter.kind ?? 'insights')];
    if (filter.projectId) conditions.push(eq(insightsJobs.projectId, filter.projectId));
    if (filter.status) conditions.push(eq(insightsJobs.status, filter.status));
    if (after) {
      conditions.push(sql`(${insightsJobs.createdAt}, ${insightsJobs.id}) < (${after.createdAt}::timestamp at time zone 'UTC', ${after.id})`);
    }
    const rows = await this.db
      .select({ job: summaryColumns, position: createdAtUtc })
      .from(insightsJobs)
      .leftJoin(projects, eq(projects.id, insightsJobs.projectId))
      .where(and(...conditions))
      .orderBy(desc(insightsJobs.createdAt), desc(insightsJobs.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => row.job),
      nextCursor: rows.length > limit && last ? { createdAt: last.position, id: last.job.id } : null,
    };
  }

  /** Several jobs' rows without their results, by id (a batch's status). */
  async summaries(jobIds: string[]): Promise<InsightsJobSummary[]> {
    if (jobIds.length === 0) return [];
    return this.db.select(summaryColumns).from(insightsJobs).where(inArray(insightsJobs.id, jobIds));
  }

  /**
   * The job when the caller may see it: they own its project, or it covers all of their
   * projects. Anything else is indistinguishable from an unknown id.
   */
  async findVisible(jobId: string, userId: string): Promise<InsightsJob | undefined> {
    const [row] = await this.db
      .select({ job: jobColumns })
      .from(insightsJobs)
      .leftJoin(projects, eq(projects.id, insightsJobs.projectId))
      .where(visibleTo(jobId, userId));
    return row?.job;
  }

  /** The same, with the result as JSON text (not parsed): a status poll only passes it on. */
  async findVisibleWithRawResult(jobId: string, userId: string): Promise<{ job: Omit<InsightsJob, 'result'>; resultJson: string | null } | undefined> {
    const [row] = await this.db
      .select({ job: summaryColumns, resultJson: sql<string | null>`(${storedResult})::text` })
      .from(insightsJobs)
      .leftJoin(projects, eq(projects.id, insightsJobs.projectId))
      .where(visibleTo(jobId, userId));
    return row;
  }
}
