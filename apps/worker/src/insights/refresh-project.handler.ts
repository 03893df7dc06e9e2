import { Injectable, Logger } from '@nestjs/common';
import { TwoTierInsightsCache } from '@insights/cache';
import { InsightsJobsRepository, ProjectsRepository, QUEUED_PROGRESS } from '@insights/db';
import { JobIdentity, JobSizer, SpendPolicy, SpendRefused } from '@insights/generation';
import { InsightsQueue, JOB_NAMES, newJobId, type RefreshProjectPayload } from '@insights/queue';

/**
 * A debounced refresh after new feedback: each recently read scope of the project without a
 * result for today's feedback gets a background generation, queued exactly as the API queues
 * one (a job row first, deduplicated on the cache key), so an identical request joins it, and
 * paid for as the API's are: each new generation passes the owner's spend policy first.
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
    private readonly spend: SpendPolicy,
    private readonly queue: InsightsQueue,
  ) {}

  async handle(payload: RefreshProjectPayload): Promise<{ queued: string[]; skipped?: string }> {
    const project = await this.projects.findById(payload.projectId);
    if (!project) return { queued: [], skipped: 'project deleted' };
    const scope = { userId: project.userId, projectId: project.id };
    const queued: string[] = [];
    for (const filters of payload.scopes) {
      const keys = this.identity.keys({ projectId: project.id }, filters, project.feedbackGeneration);
      if ((await this.cache.freshBody(keys.cacheKey)) || (await this.queue.inFlight(keys.cacheKey))) continue;
      const refusal = await this.spend.admit(scope).then(
        () => undefined,
        (error: unknown) => {
          if (error instanceof SpendRefused) return error;
          throw error;
        },
      );
      // The next read of a refused scope serves the stale result and asks again.
      if (refusal) return this.done(project.id, queued, refusal.message);
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
      if (actual !== jobId) {
        await this.jobs.discard(jobId);
        await this.spend.returnJobs(project.userId);
      } else queued.push(jobId);
    }
    return this.done(project.id, queued);
  }

  private done(projectId: string, queued: string[], skipped?: string): { queued: string[]; skipped?: string } {
    if (queued.length) this.logger.log(`project ${projectId}: new feedback, refreshing ${queued.length} scope(s)`);
    if (skipped) this.logger.log(`project ${projectId}: refresh skipped (${skipped})`);
    return skipped ? { queued, skipped } : { queued };
  }
}
