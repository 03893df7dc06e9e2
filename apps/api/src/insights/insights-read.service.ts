import { Injectable } from '@nestjs/common';
import { TwoTierInsightsCache, type CachedInsights } from '@insights/cache';
import { AppError, NotFoundError } from '../common/app-error.js';
import { WithMetaJson } from '../common/with-meta.js';
import { ProjectsService } from '../projects/projects.service.js';
import type { JobCreatedDto } from './dto/job.dto.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RefreshScheduler } from '../refresh/refresh-scheduler.service.js';
import { InsightsJobsService } from './insights-jobs.service.js';
import type { ScopeIdentity } from './scope-identity.service.js';
import type { InsightsResult } from '@insights/engine';
import type { ExportSnapshot } from './export/insights-export.js';

export type ReadOutcome = { status: 200; body: WithMetaJson } | { status: 202; body: JobCreatedDto };

function served(entry: CachedInsights, meta: Record<string, unknown>): WithMetaJson {
  return WithMetaJson.mergedInto(entry.resultJson, meta);
}

@Injectable()
export class InsightsReadService {
  constructor(
    private readonly cache: TwoTierInsightsCache,
    private readonly jobs: InsightsJobsService,
    private readonly projects: ProjectsService,
    private readonly metrics: MetricsService,
    private readonly refreshes: RefreshScheduler,
  ) {}

  /**
   * Cached → 200. After new feedback, the previous result → 200 with `stale: true` and the
   * id of the job refreshing it. Nothing yet (or forceRefresh) → 202 with a queued job.
   */
  async read(id: ScopeIdentity, forceRefresh: boolean): Promise<ReadOutcome> {
    this.refreshes.noteRead(id.projectId, id.filters);
    if (!forceRefresh) {
      const hit = await this.cache.get(id.cacheKey);
      if (hit) {
        this.metrics.cacheRead(hit.tier);
        return { status: 200, body: served(hit.entry, { cached: true, stale: false }) };
      }
      const previous = await this.cache.latestForScope(id.scopeKey);
      if (previous) {
        this.metrics.cacheRead('stale');
        const refreshJobId = await this.refresh(id);
        return { status: 200, body: served(previous, { cached: true, stale: true, refreshJobId }) };
      }
    }
    this.metrics.cacheRead('miss');
    return { status: 202, body: await this.jobs.create(id, 'interactive', false) };
  }

  async latestForProject(userId: string, projectId: string): Promise<WithMetaJson> {
    const { project, entry } = await this.latestOwned(userId, projectId);
    this.refreshes.noteRead(projectId, entry.filters ?? {});
    return served(entry, { cached: true, stale: entry.feedbackGeneration !== project.feedbackGeneration, filters: entry.filters });
  }

  /** The project's latest snapshot, parsed, with what names it (for exports). */
  async snapshotForExport(userId: string, projectId: string): Promise<ExportSnapshot> {
    const { project, entry } = await this.latestOwned(userId, projectId);
    return { projectName: project.name, result: JSON.parse(entry.resultJson) as InsightsResult, fingerprint: entry.cacheKey, filters: entry.filters ?? {} };
  }

  /** The caller's project and its newest stored result; 404 for another user's project or none yet. */
  private async latestOwned(userId: string, projectId: string) {
    const project = await this.projects.getOwned(userId, projectId);
    const entry = await this.cache.latestForProject(projectId);
    if (!entry) throw new NotFoundError('INSIGHTS_NOT_FOUND', `no insights generated yet for project ${projectId}`);
    return { project, entry };
  }

  /** The reader already has something to look at, so the refresh queues behind interactive work. */
  private async refresh(id: ScopeIdentity): Promise<string | null> {
    try {
      return (await this.jobs.create(id, 'background', false)).jobId;
    } catch (error) {
      // Over the rate limit or queue down: still serve the stale result, just without a refresh.
      if (error instanceof AppError && (error.status === 429 || error.status === 503)) return null;
      throw error;
    }
  }
}
