import { Inject, Injectable } from '@nestjs/common';
import { RESULT_OVERLAY, type ResultOverlay } from '@insights/cache';
import { LRUCache } from 'lru-cache';
import { InsightsJobsRepository, JobViewsRepository, type JobKind } from '@insights/db';
import { JobLauncher } from '@insights/generation';
import { InsightsQueue, newJobId } from '@insights/queue';
import { AppError } from '../common/app-error.js';
import { JOB_ID, JOB_NOT_FOUND, JobDto, type JobCreatedDto, type JobNotFoundDto } from './dto/job.dto.js';
import { JobSummaryDto, type JobHistoryPageDto, type JobHistoryQueryDto } from './dto/job-history.dto.js';
import { decodeCursor, encodeCursor } from '../common/keyset-cursor.js';
import { ProjectsService } from '../projects/projects.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { WithMetaJson } from '../common/with-meta.js';
import type { ScopeIdentity } from './scope-identity.service.js';
import { spendHttpError } from './spend-refusal.js';
import { CompletedJobBodies } from './completed-job.fast-path.js';

// Before any generation of a scope has finished: what the existing backend promised.
const DEFAULT_ESTIMATE_SECONDS = 10;
// A scope's estimate is a median of its recent jobs and moves slowly: recomputing it per request
// (a Postgres query on every join of an in-flight job) buys nothing within this window.
const ESTIMATE_MEMO_MS = 30_000;
const DONE = { stage: 'done', percent: 100, chunksDone: 0, chunksTotal: 0, tokensUsed: 0 };

export function queueUnavailable(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError(503, 'QUEUE_UNAVAILABLE', 'the job queue is unavailable; try again shortly', undefined, { 'retry-after': '5' });
}

@Injectable()
export class InsightsJobsService {
  /** Seconds by scope (user and project). */
  private readonly estimates = new LRUCache<string, number>({ max: 10_000, ttl: ESTIMATE_MEMO_MS });
  /**
   * Seconds told to the requests joining a job in flight, by job: until a first job of the scope
   * has finished there is no estimate to memoise by scope, and a dashboard that keeps asking for
   * the same job would cost a query per request.
   */
  private readonly joinedEstimates = new LRUCache<string, number>({ max: 10_000, ttl: ESTIMATE_MEMO_MS });
  /**
   * The caller's completed job for a cache key: any completed job of the key answers a cached
   * POST, and a completed job stays completed, so it is asked of Postgres once per process.
   */
  private readonly completedJobs = new LRUCache<string, string>({ max: 10_000 });

  constructor(
    private readonly queue: InsightsQueue,
    private readonly jobs: InsightsJobsRepository,
    private readonly views: JobViewsRepository,
    private readonly launcher: JobLauncher,
    private readonly metrics: MetricsService,
    private readonly projects: ProjectsService,
    private readonly completedBodies: CompletedJobBodies,
    @Inject(RESULT_OVERLAY) private readonly overlay: ResultOverlay,
  ) {}

  /**
   * A job for this identity: completed at once from the cache, the in-flight one when an
   * identical request is already running, or a new one (the launcher's order of checks).
   */
  async create(id: ScopeIdentity, trigger: 'interactive' | 'background', useCache: boolean): Promise<JobCreatedDto> {
    const launched = await this.launcher.launch(id, trigger, { cache: useCache ? 'tiered' : 'none' }).catch((error: unknown) => {
      throw queueUnavailable(error);
    });
    if (launched.outcome === 'cached') return this.fromCache(id);
    if (launched.outcome === 'refused') throw spendHttpError(launched.refusal);
    this.metrics.jobRequest(launched.outcome === 'queued' ? 'new' : 'joined');
    // A job found in flight may have started; one that just won or lost the race is queued.
    const status = launched.outcome === 'joined' && !launched.lostRace ? await this.statusOf(launched.jobId) : 'pending';
    return { jobId: launched.jobId, status, cached: false, estimatedTime: await this.estimate(id, launched.outcome === 'joined' ? launched.jobId : undefined) };
  }

  private fromCache(id: ScopeIdentity): Promise<JobCreatedDto> {
    this.metrics.jobRequest('cached');
    return this.completedFromCache(id);
  }

  /** A job in flight's status from the queue; the row's only when the queue's says nothing simpler. */
  private async statusOf(jobId: string): Promise<JobCreatedDto['status']> {
    const state = await this.queue.state(jobId);
    if (state === 'active') return 'processing';
    if (['waiting', 'delayed', 'prioritized', 'waiting-children'].includes(state)) return 'pending';
    return (await this.jobs.status(jobId)) ?? 'pending';
  }

  /** The caller's jobs, newest first; a foreign or unknown project answers 404. */
  async history(userId: string, query: JobHistoryQueryDto): Promise<JobHistoryPageDto> {
    if (query.projectId) await this.projects.getOwned(userId, query.projectId);
    const after = query.cursor ? decodeCursor(query.cursor, JOB_ID) : undefined;
    const page = await this.views.history(userId, { projectId: query.projectId, status: query.status, kind: query.kind }, query.limit ?? 20, after);
    return { items: page.items.map(JobSummaryDto.fromSummary), nextCursor: encodeCursor(page.nextCursor) };
  }

  /**
   * A completed job's result is spliced in as stored text: polling never re-parses it. An
   * unknown id and another user's id answer the same `not_found` (the dashboard forgets the job).
   */
  async get(userId: string, jobId: string): Promise<JobDto | JobNotFoundDto | WithMetaJson> {
    const epoch = this.completedBodies.epoch;
    const found = await this.views.findVisibleWithRawResult(jobId, userId);
    if (!found) return JOB_NOT_FOUND;
    const { result: _none, ...dto } = JobDto.from({ ...found.job, result: null });
    if (found.job.status !== 'completed' || found.resultJson === null) return dto;
    // As the project's readers see it (its taxonomy); the stored text as it is when nothing applies.
    // An answer to a question is stored as it was given: the taxonomy is not its shape.
    const resultJson = found.job.kind === 'ask' ? found.resultJson : await this.overlay.applyJson(found.job.projectId, found.resultJson);
    const answer = new WithMetaJson(`${JSON.stringify(dto).slice(0, -1)},"result":${resultJson}}`, {});
    // Final but for the taxonomy: later polls are answered with these bytes before Nest
    // (CompletedJobFastPath) until the project's taxonomy changes.
    this.completedBodies.remember(jobId, found.job, answer.toString(), epoch);
    return answer;
  }

  /**
   * A waiting job is removed; an active one is told to stop (its worker aborts the LLM call).
   * A finished job is left as it is and returned (the dashboard "clears" failed jobs this way);
   * an unknown or foreign id answers `not_found`, as a status poll does.
   */
  async cancel(userId: string, jobId: string): Promise<JobDto | JobNotFoundDto> {
    const job = await this.views.findVisible(jobId, userId);
    if (!job) return JOB_NOT_FOUND;
    if (!(await this.jobs.cancel(jobId))) return JobDto.from((await this.jobs.findById(jobId)) ?? job);
    try {
      await this.queue.cancel(jobId);
    } catch {
      // The row is cancelled: a worker that still picks the job up refuses it.
    }
    return JobDto.from((await this.jobs.findById(jobId))!);
  }

  /**
   * Points at the caller's completed job for this key (usually the one that wrote the cache);
   * only when there is none is a completed row written, so repeated cached requests write nothing.
   */
  async completedFromCache(id: Pick<ScopeIdentity, 'userId' | 'projectId' | 'filters' | 'cacheKey'>, kind: JobKind = 'insights'): Promise<JobCreatedDto> {
    const memo = `${id.userId}:${id.cacheKey}`;
    const existing = this.completedJobs.get(memo) ?? (await this.jobs.latestCompleted(id.cacheKey, id.userId))?.id;
    if (existing) {
      this.completedJobs.set(memo, existing);
      return { jobId: existing, status: 'completed', cached: true, estimatedTime: 0 };
    }
    // The row refers to the stored result by its cache key (its dedup key), as a worker's does.
    const jobId = newJobId();
    await this.jobs.create({
      id: jobId,
      kind,
      userId: id.userId,
      projectId: id.projectId,
      filters: id.filters,
      dedupKey: id.cacheKey,
      status: 'completed',
      progress: 100,
      progressDetail: DONE,
      aiTokensUsed: 0,
      costUsd: 0,
      processingTime: 0,
      completedAt: new Date(),
    });
    return { jobId, status: 'completed', cached: true, estimatedTime: 0 };
  }

  /** Seconds a generation of this scope took lately (median of the last ones), or a default. */
  private async estimate(id: ScopeIdentity, joinedJobId?: string): Promise<number> {
    const scope = `${id.userId}:${id.projectId ?? ''}`;
    const known = this.estimates.get(scope) ?? (joinedJobId === undefined ? undefined : this.joinedEstimates.get(joinedJobId));
    if (known !== undefined) return known;
    const ms = await this.jobs.recentDurationMs(id.userId, id.projectId).catch(() => null);
    // Nothing measured yet: a new job asks again, so the first finished job counts at once; the
    // requests joining this one are told what it was told.
    const seconds = ms === null ? DEFAULT_ESTIMATE_SECONDS : Math.max(1, Math.ceil(ms / 1000));
    if (ms !== null) this.estimates.set(scope, seconds);
    else if (joinedJobId !== undefined) this.joinedEstimates.set(joinedJobId, seconds);
    return seconds;
  }
}
