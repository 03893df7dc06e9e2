import { Injectable } from '@nestjs/common';
import { toFeedbackFilter } from '@insights/db';
import { JobIdentity, JobLauncher, type AskScope } from '@insights/generation';
import { searchFiltersSchema, type SearchFiltersPayload } from '@insights/queue';
import { AppError } from '../../common/app-error.js';
import { ProjectGenerations } from '../../projects/project-generations.service.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import type { AskCreatedDto } from '../dto/job.dto.js';
import type { AskRequestDto } from '../dto/ask.dto.js';
import { InsightsJobsService, queueUnavailable } from '../insights-jobs.service.js';
import { spendHttpError } from '../spend-refusal.js';

// A question is one short call: a few seconds at a hosted model's decode rate.
const ASK_ESTIMATE_SECONDS = 5;

/**
 * Questions about a project's feedback (docs/generation.md, "Questions"): the caller's project
 * (another user's is a 404), its filters checked, its cache key made from the normalised
 * question, and the job started through the launcher, so a question obeys every rule a
 * generation does; a stored answer comes back as a completed job at once.
 */
@Injectable()
export class AskService {
  constructor(
    private readonly generations: ProjectGenerations,
    private readonly identity: JobIdentity,
    private readonly launcher: JobLauncher,
    private readonly jobs: InsightsJobsService,
    private readonly metrics: MetricsService,
  ) {}

  async ask(userId: string, body: AskRequestDto): Promise<AskCreatedDto> {
    const filters = checkedFilters(body.filters ?? {});
    const generation = await this.generations.generationOf(userId, body.projectId);
    const question = body.question.trim();
    const scope: AskScope = {
      userId,
      projectId: body.projectId,
      question,
      filters,
      generation,
      cacheKey: this.identity.askKey(body.projectId, question, filters, generation),
    };
    const launched = await this.launcher.launchAsk(scope).catch((error: unknown) => {
      throw queueUnavailable(error);
    });
    if (launched.outcome === 'refused') throw spendHttpError(launched.refusal);
    if (launched.outcome === 'cached') {
      this.metrics.jobRequest('cached');
      return { ...(await this.jobs.completedFromCache(scope, 'ask')), kind: 'ask' };
    }
    this.metrics.jobRequest(launched.outcome === 'queued' ? 'new' : 'joined');
    return { jobId: launched.jobId, status: 'pending', cached: false, estimatedTime: ASK_ESTIMATE_SECONDS, kind: 'ask' };
  }
}

/** The filters as the job payload holds them: defined fields only, a date range in order, ratings in order. */
function checkedFilters(dto: object): SearchFiltersPayload {
  const defined = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
  const parsed = searchFiltersSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(400, 'VALIDATION_FAILED', `filters.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const filters = parsed.data;
  toFeedbackFilter(filters); // rejects an inverted date range
  if (filters.minRating !== undefined && filters.maxRating !== undefined && filters.minRating > filters.maxRating) {
    throw new AppError(400, 'VALIDATION_FAILED', 'filters.minRating must not be above filters.maxRating');
  }
  return filters;
}
