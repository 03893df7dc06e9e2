import { Inject, Injectable } from '@nestjs/common';
import { RESULT_OVERLAY, type ResultOverlay } from '@insights/cache';
import type { AppConfig } from '@insights/config';
import { InsightsJobsRepository, JobViewsRepository, type InsightsFilters } from '@insights/db';
import { LlmError, type LlmErrorKind } from '@insights/engine';
import { APP_CONFIG } from '@insights/platform';
import { JobEventsFeed } from '@insights/queue';
import { AppError } from '../common/app-error.js';
import { WithMetaJson } from '../common/with-meta.js';
import { llmHttpError } from './llm-http-error.js';
import { InsightsJobsService } from './insights-jobs.service.js';
import { ScopeIdentityService } from './scope-identity.service.js';

const FINAL = new Set(['completed', 'failed', 'cancelled']);
// The queue's event stream wakes the wait; this re-read only covers an event missed in between.
const RECHECK_MS = 2_000;
const LLM_KINDS = new Set<string>([
  'rate_limit',
  'overloaded',
  'server',
  'network',
  'timeout',
  'auth',
  'quota',
  'content_blocked',
  'invalid_request',
  'context_too_long',
  'unknown_model',
  'invalid_output',
  'cancelled',
  'budget_exceeded',
  'unknown',
]);

/**
 * The old synchronous generation, kept behind INSIGHTS_LEGACY_GENERATE while clients move to
 * jobs. It is a job with a waiting caller: the same launch as POST /insights/jobs (the cache,
 * an identical job in flight, the spend policy, then a new job), then it waits for that job on
 * the queue's event stream and answers its result. The API still runs no generation itself.
 */
@Injectable()
export class LegacyInsightsService {
  constructor(
    private readonly identity: ScopeIdentityService,
    private readonly jobs: InsightsJobsService,
    private readonly rows: InsightsJobsRepository,
    private readonly views: JobViewsRepository,
    private readonly feed: JobEventsFeed,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RESULT_OVERLAY) private readonly overlay: ResultOverlay,
  ) {}

  async generate(userId: string, projectId: string | null, filters: InsightsFilters): Promise<WithMetaJson> {
    if (!this.config.insights.legacyGenerate) {
      throw new AppError(410, 'LEGACY_GENERATE_DISABLED', 'synchronous generation is switched off: use POST /api/insights/jobs');
    }
    const created = await this.jobs.create(await this.identity.resolve(userId, projectId, filters), 'interactive', true);
    return this.answer(userId, created.jobId, await this.settled(created.jobId));
  }

  /** Waits until the job's row is final, or for the configured time. */
  private async settled(jobId: string): Promise<string> {
    let wake = () => {};
    const unsubscribe = await this.feed.subscribe(jobId, (event) => event.type === 'settled' && wake());
    const deadline = Date.now() + this.config.insights.legacyWaitMs;
    try {
      for (;;) {
        // Read after subscribing: a job that settled in between is seen here.
        const status = await this.rows.status(jobId);
        if (status && FINAL.has(status)) return status;
        const left = deadline - Date.now();
        if (left <= 0) throw this.stillRunning(jobId);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, RECHECK_MS));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      unsubscribe();
    }
  }

  private async answer(userId: string, jobId: string, status: string): Promise<WithMetaJson> {
    const found = await this.views.findVisibleWithRawResult(jobId, userId);
    if (status === 'completed' && found?.resultJson) return new WithMetaJson(await this.overlay.applyJson(found.job.projectId, found.resultJson), {});
    if (status === 'cancelled') throw new AppError(409, 'GENERATION_FAILED', `job ${jobId} was cancelled`, { jobId });
    throw this.failed(jobId, found?.job.error ?? 'the job failed');
  }

  /** A failed job's reason is `kind: message` for provider failures: answered as before, by kind. */
  private failed(jobId: string, reason: string): unknown {
    const kind = /^([a-z_]+): /.exec(reason)?.[1];
    if (kind && LLM_KINDS.has(kind)) {
      const mapped = llmHttpError(new LlmError(kind as LlmErrorKind, reason.slice(kind.length + 2)));
      if (mapped instanceof AppError) return new AppError(mapped.status, mapped.code, mapped.message, { jobId }, mapped.headers);
    }
    return new AppError(502, 'GENERATION_FAILED', `job ${jobId} failed: ${reason}`, { jobId });
  }

  private stillRunning(jobId: string): AppError {
    return new AppError(
      504,
      'GENERATION_PENDING',
      `job ${jobId} is still running after ${Math.round(this.config.insights.legacyWaitMs / 1000)} s: follow it at GET /api/insights/jobs/${jobId}`,
      { jobId },
    );
  }
}
