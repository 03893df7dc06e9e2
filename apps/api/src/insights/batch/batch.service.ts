import { Injectable } from '@nestjs/common';
import { JobViewsRepository, type InsightsFilters } from '@insights/db';
import { JobLauncher } from '@insights/generation';
import { InsightsQueue, newJobId } from '@insights/queue';
import { NotFoundError } from '../../common/app-error.js';
import { queueUnavailable, InsightsJobsService } from '../insights-jobs.service.js';
import { spendHttpError } from '../spend-refusal.js';
import { ScopeIdentityService } from '../scope-identity.service.js';
import type { BatchProjectDto, BatchStatusDto } from './batch.dto.js';

const OPEN = new Set(['pending', 'processing']);

/**
 * Several projects in one request, as one BullMQ flow: a child generation per project that has
 * neither a cached result nor an identical job in flight (those are joined, exactly as a single
 * request would be), under a parent that finishes when they all have. The launcher decides each
 * project's part; this service names the cached ones' jobs and reads the batch's status.
 */
@Injectable()
export class BatchService {
  constructor(
    private readonly identity: ScopeIdentityService,
    private readonly jobs: InsightsJobsService,
    private readonly rows: JobViewsRepository,
    private readonly queue: InsightsQueue,
    private readonly launcher: JobLauncher,
  ) {}

  async create(userId: string, projectIds: string[], filters: InsightsFilters): Promise<BatchStatusDto> {
    // Every project is checked before anything is queued: one foreign id answers 404, nothing half-done.
    const identities = await Promise.all(projectIds.map((projectId) => this.identity.resolve(userId, projectId, filters)));
    const batchId = newJobId();
    try {
      await this.launcher.launchBatch({ batchId, userId, filters }, identities, async (id) => (await this.jobs.completedFromCache(id)).jobId);
    } catch (error) {
      throw queueUnavailable(spendHttpError(error));
    }
    return this.status(userId, batchId);
  }

  /** One status over the batch's projects, read from their job rows. Another user's batch is a 404. */
  async status(userId: string, batchId: string): Promise<BatchStatusDto> {
    const batch = await this.queue.findBatch(batchId).catch((error: unknown) => {
      throw queueUnavailable(error);
    });
    if (!batch || batch.userId !== userId) throw new NotFoundError('BATCH_NOT_FOUND', `no batch ${batchId} for this user (batches are kept 7 days)`);
    const rows = new Map((await this.rows.summaries(batch.entries.flatMap((e) => (e.jobId ? [e.jobId] : [])))).map((row) => [row.id, row]));
    const projects: BatchProjectDto[] = batch.entries.map((entry) => {
      const row = entry.jobId ? rows.get(entry.jobId) : undefined;
      if (!row)
        return {
          projectId: entry.projectId,
          jobId: entry.jobId,
          how: entry.how,
          status: entry.how === 'skipped' ? 'skipped' : 'failed',
          progress: 0,
          error: entry.reason ?? 'the job is gone',
        };
      return {
        projectId: entry.projectId,
        jobId: entry.jobId,
        how: entry.how,
        status: row.status,
        progress: row.status === 'completed' ? 100 : Math.max(0, Math.min(100, row.progress ?? 0)),
        ...(row.error && row.status !== 'completed' ? { error: row.error } : {}),
      };
    });
    const open = projects.filter((p) => OPEN.has(p.status));
    const completed = projects.filter((p) => p.status === 'completed').length;
    let status: BatchStatusDto['status'];
    if (open.length > 0) status = open.every((p) => p.status === 'pending') && completed === 0 ? 'pending' : 'processing';
    else status = completed === projects.length ? 'completed' : completed === 0 ? 'failed' : 'partial';
    // A finished project (completed, failed or skipped) counts as done.
    const progress = Math.round(projects.reduce((sum, p) => sum + (OPEN.has(p.status) ? p.progress : 100), 0) / projects.length);
    return { batchId, status, progress, projects };
  }
}
