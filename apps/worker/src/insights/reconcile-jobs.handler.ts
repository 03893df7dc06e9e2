import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import { InsightsJobsRepository, ProjectsRepository, type InsightsJob } from '@insights/db';
import { JobIdentity, JobSizer } from '@insights/generation';
import { APP_CONFIG } from '@insights/platform';
import { InsightsQueue, isJobId, JOB_NAMES } from '@insights/queue';

const MAX_ATTEMPTS = 3;

export interface ReconcileSummary {
  checked: number;
  requeued: number;
  failed: number;
  /** Rows this service did not queue (the existing backend's) or that could not be settled now. */
  skipped: number;
}

/**
 * Settles job rows whose queue job is gone (Redis lost it) or failed outside a processor (a
 * job that stalled too often): re-enqueued under the same id while attempts remain, else
 * failed with a reason. A row is never left hanging.
 */
@Injectable()
export class ReconcileJobsHandler {
  private readonly logger = new Logger(ReconcileJobsHandler.name);

  constructor(
    private readonly jobs: InsightsJobsRepository,
    private readonly projects: ProjectsRepository,
    private readonly queue: InsightsQueue,
    private readonly identity: JobIdentity,
    private readonly sizer: JobSizer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(): Promise<ReconcileSummary> {
    // Older than two lock periods: a live job has renewed its lock (and usually its row) since.
    const rows = await this.jobs.stale(Math.max(60_000, 2 * this.config.worker.lockMs));
    const summary: ReconcileSummary = { checked: rows.length, requeued: 0, failed: 0, skipped: 0 };
    for (const row of rows) {
      if (!isJobId(row.id)) {
        summary.skipped++;
        continue;
      }
      // One row that cannot be settled now must not stop the rest: the next pass retries it.
      await this.settle(row, summary).catch((error: unknown) => {
        summary.skipped++;
        this.logger.error(`could not reconcile job ${row.id}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    if (summary.requeued || summary.failed) this.logger.warn(`reconciled job rows: ${JSON.stringify(summary)}`);
    return summary;
  }

  private async settle(row: InsightsJob, summary: ReconcileSummary): Promise<void> {
    const state = await this.queue.state(row.id);
    if (state === 'failed') {
      const job = await this.queue.find(row.id);
      await this.jobs.fail(row.id, job?.failedReason || 'failed in the queue', row.attempts);
      summary.failed++;
    } else if (state === 'unknown') {
      if (row.kind === 'ask') {
        // The row does not keep the question (only its key): it cannot be asked again from here.
        await this.jobs.fail(row.id, 'lost from the queue; ask the question again', row.attempts);
        summary.failed++;
      } else if (row.attempts >= MAX_ATTEMPTS) {
        await this.jobs.fail(row.id, 'lost from the queue after its last attempt; request it again', row.attempts);
        summary.failed++;
      } else {
        await this.requeue(row);
        summary.requeued++;
      }
    }
  }

  /** The same job id, for the project's current feedback, so whoever polls it gets a result. */
  private async requeue(row: InsightsJob): Promise<void> {
    const filters = row.filters ?? {};
    let generation: number;
    let keyGeneration: number | string;
    if (row.projectId) {
      generation = (await this.projects.findById(row.projectId))?.feedbackGeneration ?? 0;
      keyGeneration = generation;
    } else {
      ({ generation, fingerprint: keyGeneration } = await this.projects.userGeneration(row.userId));
    }
    const scope = row.projectId ? { projectId: row.projectId } : { userId: row.userId };
    const { cacheKey, scopeKey } = this.identity.keys(scope, filters, keyGeneration);
    const size = await this.sizer.classify(scope, filters);
    await this.jobs.touch(row.id, { dedupKey: cacheKey, status: 'pending' });
    await this.queue.enqueue(
      JOB_NAMES.generate,
      {
        jobId: row.id,
        userId: row.userId,
        projectId: row.projectId,
        filters,
        feedbackGeneration: generation,
        cacheKey,
        scopeKey,
        trigger: 'background',
        size,
      },
      { jobId: row.id, dedupId: cacheKey, trigger: 'background' },
    );
  }
}
