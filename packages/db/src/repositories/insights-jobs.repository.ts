import { and, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import {
  insightsCache,
  insightsJobs,
  insightsThemeAlertSettings,
  insightsThemeEdits,
  llmCalls,
  type InsightsJob,
  type JobProgress,
  type JobStatus,
} from '../schema.js';
import { jobColumns } from './job-columns.js';
import { cacheUpsert, type CacheEntryInput } from './insights-cache.repository.js';

export type NewInsightsJob = typeof insightsJobs.$inferInsert;

const OPEN: JobStatus[] = ['pending', 'processing'];

/** What a job's calls cost, every attempt's: the sum of its ledger rows, read as the row is finished. */
const ledgerCost = sql`(select sum(${llmCalls.costUsd}) from ${llmCalls} where ${llmCalls.jobId} = ${insightsJobs.id})`;

// Column names written out in full: in an UPDATE's RETURNING drizzle writes a column without its
// table, and a subquery's own column of the same name would shadow the job row's.
const JOB_PROJECT = sql.raw('"insights_jobs"."project_id"');

/** The job's project's active theme edits, oldest first, as a JSON array of {action, themeId, intoThemeId, name} ('[]' for none). */
const activeThemeEditsJson = sql<string | null>`(select coalesce(json_agg(json_build_object('action', e.action, 'themeId', e.theme_id,
    'intoThemeId', e.into_theme_id, 'name', e.name) order by e.created_at, e.id), '[]'::json)::text
  from ${insightsThemeEdits} e where e.project_id = ${JOB_PROJECT} and e.undone_at is null)`;

/** Whether the job's project has theme alerts on (no settings row: off). */
const alertsEnabled = sql<boolean>`coalesce((select a.alerts_enabled from ${insightsThemeAlertSettings} a where a.project_id = ${JOB_PROJECT}), false)`;

/**
 * What a worker learns as it starts a job: the scope's newest stored result (trends compare with
 * it, its themes lend their ids), and for a project's job whose previous result has no theme ids
 * the project's newest project-wide result that has them, and the project's active theme edits
 * (a JSON array of {action, themeId, intoThemeId, name}, oldest first).
 */
export interface StartedJob {
  previousResultJson: string | null;
  projectResultJson?: string | null;
  themeEditsJson?: string | null;
}

/**
 * The job rows: the durable, user-facing record of each generation, as the launcher, the worker
 * and the reconciler move it through its states. Writes are idempotent. What their owners read
 * (history, one job with its result) is `JobViewsRepository`.
 */
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
    // Questions take seconds: they would make a generation's estimate look short.
    const generations = eq(insightsJobs.kind, 'insights');
    const recent = this.db
      .select({ ms: insightsJobs.processingTime })
      .from(insightsJobs)
      .where(and(scope, generations, eq(insightsJobs.status, 'completed'), gt(insightsJobs.processingTime, 0)))
      .orderBy(desc(insightsJobs.completedAt))
      .limit(sample)
      .as('recent');
    const [row] = await this.db.select({ median: sql<string | null>`percentile_cont(0.5) within group (order by ${recent.ms})` }).from(recent);
    return row?.median == null ? null : Number(row.median);
  }

  /** Removes a row that never became a job (its request was deduplicated onto another). */
  async discard(jobId: string): Promise<void> {
    await this.db.delete(insightsJobs).where(and(eq(insightsJobs.id, jobId), eq(insightsJobs.status, 'pending')));
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

  async findById(jobId: string): Promise<InsightsJob | undefined> {
    const [row] = await this.db.select(jobColumns).from(insightsJobs).where(eq(insightsJobs.id, jobId));
    return row;
  }

  /**
   * Open rows start processing; so does a failed one, because the queue only runs a failed job
   * again when an operator retries it (Bull Board). Cancelled and completed rows stay final.
   * Undefined when the row was not claimed; with `scopeKey`, the claim also returns that scope's
   * newest stored result and what theme identity reads (see StartedJob), in the same statement.
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
    // The previous result's first theme id, read in place: the project-wide result is sent only
    // when the previous one cannot lend ids (none, or made before ids).
    const previousHasIds = scopeKey
      ? sql`(select ${insightsCache.result} #>> '{themes,0,id}' from ${insightsCache} where ${insightsCache.scopeKey} = ${scopeKey}
          order by ${insightsCache.feedbackGeneration} desc, ${insightsCache.createdAt} desc limit 1) is not null`
      : sql`true`;
    const projectWide = sql`(select ${insightsCache.result}::text from ${insightsCache}
      where ${insightsCache.projectId} = ${insightsJobs.projectId} and ${insightsCache.scopeKey} <> ''
        and coalesce(${insightsCache.filters}->>'startDate', '') = '' and coalesce(${insightsCache.filters}->>'endDate', '') = ''
        and coalesce(${insightsCache.filters}->>'category', '') = ''
        and jsonb_typeof(${insightsCache.result} #> '{themes,0,id}') = 'string'
        and not ${previousHasIds}
      order by ${insightsCache.createdAt} desc limit 1)`;
    const edits = activeThemeEditsJson;
    const history = {
      projectResultJson: scopeKey ? sql<string | null>`${projectWide}` : sql<string | null>`null`,
      themeEditsJson: scopeKey ? sql<string | null>`${edits}` : sql<string | null>`null`,
    };
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
      .returning({ previousResultJson: sql<string | null>`${previous}`, ...history });
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
   * the same statement; the row references it by its key instead of holding a copy. Returns the
   * project's active theme edits as the statement saw them (a JSON array, as the claim returns
   * them), so the body readers get is built with the taxonomy in force when the result was
   * stored, at no extra statement; and whether the project has theme alerts on, so a project
   * without them spends no statement on the check. Undefined when the row was not open.
   */
  async complete(
    jobId: string,
    values: { processingTime: number; tokensUsed: number; progress: JobProgress } & ({ result: unknown } | { entry: CacheEntryInput & { cacheKey: string } }),
  ): Promise<{ themeEditsJson: string | null; alertsEnabled: boolean } | undefined> {
    const entry = 'entry' in values ? values.entry : undefined;
    const cached = entry ? this.db.$with('cached').as(cacheUpsert(this.db, entry).returning({ key: insightsCache.cacheKey })) : undefined;
    const [row] = await (cached ? this.db.with(cached) : this.db)
      .update(insightsJobs)
      .set({
        status: 'completed',
        result: 'result' in values ? values.result : null,
        ...(entry ? { dedupKey: entry.cacheKey } : {}),
        processingTime: values.processingTime,
        aiTokensUsed: values.tokensUsed,
        costUsd: ledgerCost,
        progress: 100,
        progressDetail: values.progress,
        error: null,
        completedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(insightsJobs.id, jobId), inArray(insightsJobs.status, OPEN)))
      .returning({ themeEditsJson: activeThemeEditsJson, alertsEnabled });
    return row;
  }

  /** True when the job was still open and is now failed. */
  async fail(jobId: string, error: string, attempt: number): Promise<boolean> {
    const rows = await this.db
      .update(insightsJobs)
      .set({ status: 'failed', error, attempts: attempt, costUsd: ledgerCost, completedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(insightsJobs.id, jobId), inArray(insightsJobs.status, OPEN)))
      .returning({ id: insightsJobs.id });
    return rows.length > 0;
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
    await this.db
      .update(insightsJobs)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(insightsJobs.id, jobId));
  }

  async status(jobId: string): Promise<JobStatus | undefined> {
    const [row] = await this.db.select({ status: insightsJobs.status }).from(insightsJobs).where(eq(insightsJobs.id, jobId));
    return row?.status;
  }
}
