import { Injectable } from '@nestjs/common';
import { TwoTierInsightsCache } from '@insights/cache';
import { InsightsJobsRepository, type InsightsFilters } from '@insights/db';
import { SpendPolicy, SpendRefused } from '@insights/generation';
import { InsightsQueue, newJobId, type BatchInsightsPayload, type GenerateInsightsPayload } from '@insights/queue';
import { NotFoundError } from '../../common/app-error.js';
import { queueUnavailable, InsightsJobsService } from '../insights-jobs.service.js';
import { spendHttpError } from '../spend-refusal.js';
import { ScopeIdentityService, type ScopeIdentity } from '../scope-identity.service.js';
import type { BatchProjectDto, BatchStatusDto } from './batch.dto.js';

const OPEN = new Set(['pending', 'processing']);

/**
 * Several projects in one request, as one BullMQ flow: a child generation per project that has
 * neither a cached result nor an identical job in flight (those are joined, exactly as a single
 * request would be), under a parent that finishes when they all have.
 */
@Injectable()
export class BatchService {
  constructor(
    private readonly identity: ScopeIdentityService,
    private readonly jobs: InsightsJobsService,
    private readonly rows: InsightsJobsRepository,
    private readonly cache: TwoTierInsightsCache,
    private readonly queue: InsightsQueue,
    private readonly spend: SpendPolicy,
  ) {}

  async create(userId: string, projectIds: string[], filters: InsightsFilters): Promise<BatchStatusDto> {
    // Every project is checked before anything is queued: one foreign id answers 404, nothing half-done.
    const identities = await Promise.all(projectIds.map((projectId) => this.identity.resolve(userId, projectId, filters)));
    const batchId = newJobId();
    const entries: BatchInsightsPayload['entries'] = [];
    const children: { payload: GenerateInsightsPayload; dedupId: string }[] = [];
    try {
      for (const id of identities) entries.push(await this.plan(id, children));
      // Each new child is a job like any other: one point of the job rate apiece, all or none.
      await this.spend.takeJobs(userId, children.length);
      await this.queue.addBatch({ batchId, userId, filters, entries }, children);
    } catch (error) {
      // Nothing half-written: the rows of children that were never queued go too.
      await Promise.all(children.map(({ payload }) => this.rows.discard(payload.jobId).catch(() => undefined)));
      throw queueUnavailable(spendHttpError(error));
    }
    return this.status(userId, batchId);
  }

  private async plan(id: ScopeIdentity, children: { payload: GenerateInsightsPayload; dedupId: string }[]): Promise<BatchInsightsPayload['entries'][number]> {
    const projectId = id.projectId!;
    if (await this.cache.freshBody(id.cacheKey)) return { projectId, jobId: (await this.jobs.completedFromCache(id)).jobId, how: 'cached' };
    const inFlight = await this.jobs.inFlight(id.cacheKey);
    if (inFlight) return { projectId, jobId: inFlight, how: 'joined' };
    try {
      await this.spend.checkBudgets({ userId: id.userId, projectId });
    } catch (error) {
      // A project over its own budget is skipped; the user's budget spent refuses the whole batch.
      if (error instanceof SpendRefused && error.kind === 'project_budget') return { projectId, jobId: null, how: 'skipped', reason: error.message };
      throw error;
    }
    const payload = await this.jobs.newJobRow(id, 'background');
    children.push({ payload, dedupId: id.cacheKey });
    return { projectId, jobId: payload.jobId, how: 'queued' };
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
      if (!row) return { projectId: entry.projectId, jobId: entry.jobId, how: entry.how, status: entry.how === 'skipped' ? 'skipped' : 'failed', progress: 0, error: entry.reason ?? 'the job is gone' };
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
