import { Injectable, Logger } from '@nestjs/common';
import { TwoTierInsightsCache } from '@insights/cache';
import { InsightsJobsRepository, ProjectsRepository, QUEUED_PROGRESS } from '@insights/db';
import { JobIdentity, JobSizer, TokenBudget } from '@insights/generation';
import { InsightsQueue, JOB_NAMES, newJobId, type RefreshProjectPayload } from '@insights/queue';

/**
 * A debounced refresh after new feedback: each recently read scope of the project without a
 * result for today's feedback gets a background generation, queued exactly as the API queues
 * one (a job row first, deduplicated on the cache key), so an identical request joins it.
 */
@Injectable()
export class RefreshProjectHandler {
  private readonly logger = new Logger(RefreshProjectHandler.name);

  constructor(
    private readonly projects: ProjectsRepository,
    private readonly jobs: InsightsJobsRepository,
    private readonly cache: TwoTierInsightsCache,
    private readonly identity: JobIdentity,
    private readonly sizer: JobSizer,
    private readonly budget: TokenBudget,
    private readonly queue: InsightsQueue,
  ) {}

  async handle(payload: RefreshProjectPayload): Promise<{ queued: string[]; skipped?: string }> {
    const project = await this.projects.findById(payload.projectId);
    if (!project) return { queued: [], skipped: 'project deleted' };
    if (this.budget.enabled && (await this.budget.status(project.id)).remaining <= 0) return { queued: [], skipped: 'daily budget spent' };
    const queued: string[] = [];
    for (const filters of payload.scopes) {
      const keys = this.identity.keys({ projectId: project.id }, filters, project.feedbackGeneration);
      if ((await this.cache.freshBody(keys.cacheKey)) || (await this.queue.inFlight(keys.cacheKey))) continue;
      const jobId = newJobId();
      const size = await this.sizer.classify({ projectId: project.id }, filters);
      await this.jobs.create({ id: jobId, userId: project.userId, projectId: project.id, filters, dedupKey: keys.cacheKey, progress: 0, progressDetail: QUEUED_PROGRESS });
      const actual = await this.queue
        .enqueue(
          JOB_NAMES.generate,
          { jobId, userId: project.userId, projectId: project.id, filters, feedbackGeneration: project.feedbackGeneration, ...keys, trigger: 'background', size },
          { jobId, dedupId: keys.cacheKey, trigger: 'background' },
        )
        .catch(async (error: unknown) => {
          await this.jobs.discard(jobId).catch(() => undefined);
          throw error;
        });
      if (actual !== jobId) await this.jobs.discard(jobId);
      else queued.push(jobId);
    }
    if (queued.length) this.logger.log(`project ${project.id}: new feedback, refreshing ${queued.length} scope(s)`);
    return { queued };
  }
}
