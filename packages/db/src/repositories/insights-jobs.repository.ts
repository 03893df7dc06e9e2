import { and, desc, eq, getTableColumns, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { KeysetCursor } from './feedback.repository.js';
import { insightsCache, insightsJobs, projects, type InsightsJob, type JobProgress, type JobStatus } from '../schema.js';
import { cacheUpsert, type CacheEntryInput } from './insights-cache.repository.js';

export type NewInsightsJob = typeof insightsJobs.$inferInsert;

const OPEN: JobStatus[] = ['pending', 'processing'];

/** Own project, or a job over all of the user's projects (no project); needs projects joined. */
function visibleJobs(userId: string) {
  return or(eq(projects.userId, userId), and(isNull(insightsJobs.projectId), eq(insightsJobs.userId, userId)));
}

function visibleTo(jobId: string, userId: string) {
  return and(eq(insightsJobs.id, jobId), visibleJobs(userId));
}

/** A job as a list shows it: everything but the result, which a list never carries. */
export type InsightsJobSummary = Omit<InsightsJob, 'result'>;

export interface JobHistoryPage {
  items: InsightsJobSummary[];
  nextCursor: KeysetCursor | null;
}

const { result: _result, ...summaryColumns } = getTableColumns(insightsJobs);
/**
 * A completed job's result: the row's own copy (rows the existing backend or a cache answer
 * wrote), else the cache entry the row references by its key (what the worker writes, once).
 */
const storedResult = sql`case when ${insightsJobs.status} = 'completed' then coalesce(${insightsJobs.result},
  (select ${insightsCache.result} from ${insightsCache} where ${insightsCache.cacheKey} = ${insightsJobs.dedupKey})) end`;
const jobColumns = { ...summaryColumns, result: sql<unknown>`${storedResult}` };

/** What a worker learns as it starts a job: the scope's newest stored result (trends compare with it). */
export interface StartedJob {
  previousResultJson: string | null;
}
// created_at in UTC, as Postgres writes a timestamp without time zone: exact to the microsecond.
const createdAtUtc = sql<string>`(${insightsJobs.createdAt} at time zone 'UTC')::text`;

/** The job rows: the durable, user-facing record of each generation. Writes are idempotent. */
export class InsightsJobsRepository {
  constructor(private readonly db: Database) {}

  async create(job: NewInsightsJob): Promise<void> {
    await this.db.insert(insightsJobs).values(job).onConflictDoNothing();
  }

  /** The caller's newest completed job for a cache key: a cached request points at it. */
  async latestCompleted(dedupKey: string, userId: string): Promise<{ id: string } | undefined> {
    const [row] = await this.db
      .select({ id: insightsJobs.id })
      .from(insightsJobs)
      .where(and(eq(insightsJobs.dedupKey, dedupKey), eq(insightsJobs.userId, userId), eq(insightsJobs.status, 'completed')))
      .orderBy(desc(insightsJobs.completedAt))
      .limit(1);
    return row;
  }

  /**
   * The median duration of the latest real generations (not cache answers) of a scope: a
   * project, or all of a user's projects. null when none has finished yet.
   */
  async recentDurationMs(userId: string, projectId: string | null, sample = 20): Promise<number | null> {
    const scope = projectId ? eq(insightsJobs.projectId, projectId) : and(isNull(insightsJobs.projectId), eq(insightsJobs.userId, userId));
    const recent = this.db
      .select({ ms: insightsJobs.processingTime })
      .from(insightsJobs)
      .where(and(scope, eq(insightsJobs.status, 'completed'), gt(insightsJobs.processingTime, 0)))
      .orderBy(desc(insightsJobs.completedAt))
      .limit(sample)
      .as('recent');
    const [row] = await this.db
      .select({ median: sql<string | null>`percentile_cont(0.5) within group (order by ${recent.ms})` })
      .from(recent);
    return row?.median == null ? null : Number(row.median);
  }

  /** Removes a row that never became a job (its request was deduplicated onto another). */
  async discard(jobId: string): Promise<void> {
    await this.db.delete(insightsJobs).where(and(eq(insightsJobs.id, jobId), eq(insightsJobs.status, 'pending')));
  }

  /**
   * The caller's jobs newest first, optionally of one project and one status; keyset-paginated
   * on (created_at, id), so a deep page costs what the first does.
   */
  async history(
    userId: string,
    filter: { projectId?: string; status?: JobStatus },
    limit: number,
    after?: KeysetCursor,
  ): Promise<JobHistoryPage> {
    const conditions = [visibleJobs(userId)];
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

  /** The open (pending or processing) job of a dedup key, newest first: a batch's child, say. */
  async openFor(dedupKey: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ id: insightsJobs.id })
      .from(insightsJobs)
      .where(and(eq(insightsJobs.dedupKey, dedupKey), inArray(insightsJobs.status, OPEN)))
      .orderBy(desc(insightsJobs.createdAt))
      .limit(1);
    return row?.id;
  }

  /** Several jobs' rows without their results, by id (a batch's status). */
  async summaries(jobIds: string[]): Promise<InsightsJobSummary[]> {
    if (jobIds.length === 0) return [];
    return this.db.select(summaryColumns).from(insightsJobs).where(inArray(insightsJobs.id, jobIds));
  }

  async findById(jobId: string): Promise<InsightsJob | undefined> {
    const [row] = await this.db.select(jobColumns).from(insightsJobs).where(eq(insightsJobs.id, jobId));
    return row;
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
  async findVisibleWithRawResult(
    jobId: string,
    userId: string,
  ): Promise<{ job: Omit<InsightsJob, 'result'>; resultJson: string | null } | undefined> {
    const [row] = await this.db
      .select({ job: summaryColumns, resultJson: sql<string | null>`(${storedResult})::text` })
      .from(insightsJobs)
      .leftJoin(projects, eq(projects.id, insightsJobs.projectId))
      .where(visibleTo(jobId, userId));
    return row;
  }


  /**
   * Open rows start processing; so does a failed one, because the queue only runs a failed job
   * again when an operator retries it (Bull Board). Cancelled and completed rows stay final.
   * Undefined when the row was not claimed; with `scopeKey`, the claim also returns that scope's
   * newest stored result.
   */
  async markProcessing(jobId: string, attempt: number, scopeKey?: string): Promise<StartedJob | undefined> {
    const previous = scopeKey
      ? sql`(${this.db
          .select({ result: sql`${insightsCache.result}::text` })
          .from(insightsCache)
          .where(eq(insightsCache.scopeKey, scopeKey))
          .orderBy(desc(insightsCache.feedbackGeneration), desc(insightsCache.createdAt))
          .limit(1)})`
      : sql`null`;
    const [row] = await this.db
      .update(insightsJobs)
      .set({
        status: 'processing',
        attempts: attempt,
        error: null,
        completedAt: null,
        startedAt: sql`coalesce(${insightsJobs.startedAt}, now())`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(insightsJobs.id, jobId), inArray(insightsJobs.status, [...OPEN, 'failed'])))
      // The previous result comes back with the claim: one round trip for both.
      .returning({ previousResultJson: sql<string | null>`${previous}` });
    return row;
  }

  /** False when the row is no longer open (cancelled meanwhile): the worker should stop. */
  async setProgress(jobId: string, progress: JobProgress): Promise<boolean> {
    const rows = await this.db
      .update(insightsJobs)
      .set({ progress: Math.round(progress.percent), progressDetail: progress, aiTokensUsed: progress.tokensUsed, updatedAt: sql`now()` })
      .where(and(eq(insightsJobs.id, jobId), inArray(insightsJobs.status, OPEN)))
      .returning({ id: insightsJobs.id });
    return rows.length > 0;
  }

  /** Back to pending between attempts: only the last attempt may turn a job `failed`. */
  async markRetrying(jobId: string, error: string, attempt: number): Promise<void> {
    await this.db
      .update(insightsJobs)
      .set({ status: 'pending', error, attempts: attempt, updatedAt: sql`now()` })
      .where(and(eq(insightsJobs.id, jobId), inArray(insightsJobs.status, OPEN)));
  }

  /**
   * Completes the row. With `entry`, the result is stored once, as that cache entry, written in
   * the same statement; the row references it by its key instead of holding a copy.
   */
  async complete(
    jobId: string,
    values: { processingTime: number; tokensUsed: number; progress: JobProgress } & ({ result: unknown } | { entry: CacheEntryInput & { cacheKey: string } }),
  ): Promise<void> {
    const entry = 'entry' in values ? values.entry : undefined;
    const cached = entry ? this.db.$with('cached').as(cacheUpsert(this.db, entry).returning({ key: insightsCache.cacheKey })) : undefined;
    await (cached ? this.db.with(cached) : this.db)
      .update(insightsJobs)
      .set({
        status: 'completed',
        result: 'result' in values ? values.result : null,
        ...(entry ? { dedupKey: entry.cacheKey } : {}),
        processingTime: values.processingTime,
        aiTokensUsed: values.tokensUsed,
        progress: 100,
        progressDetail: values.progress,
        error: null,
        completedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(insightsJobs.id, jobId), inArray(insightsJobs.status, OPEN)));
  }

  async fail(jobId: string, error: string, attempt: number): Promise<void> {
    await this.db
      .update(insightsJobs)
      .set({ status: 'failed', error, attempts: attempt, completedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(insightsJobs.id, jobId), inArray(insightsJobs.status, OPEN)));
  }

  /** True when the job was still open and is now cancelled. */
  async cancel(jobId: string): Promise<boolean> {
    const rows = await this.db
      .update(insightsJobs)
      .set({ status: 'cancelled', completedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(insightsJobs.id, jobId), inArray(insightsJobs.status, OPEN)))
      .returning({ id: insightsJobs.id });
    return rows.length > 0;
  }

  /** Open rows untouched for `olderThanMs`: candidates for a lost queue job. */
  async stale(olderThanMs: number, limit = 100): Promise<InsightsJob[]> {
    return this.db
      .select()
      .from(insightsJobs)
      .where(and(inArray(insightsJobs.status, OPEN), lt(insightsJobs.updatedAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`)))
      .orderBy(insightsJobs.updatedAt)
      .limit(limit);
  }

  async touch(jobId: string, values: { dedupKey: string; status: 'pending' }): Promise<void> {
    await this.db.update(insightsJobs).set({ ...values, updatedAt: sql`now()` }).where(eq(insightsJobs.id, jobId));
  }

  async status(jobId: string): Promise<JobStatus | undefined> {
    const [row] = await this.db.select({ status: insightsJobs.status }).from(insightsJobs).where(eq(insightsJobs.id, jobId));
    return row?.status;
  }
}
