import { Inject, Injectable } from '@nestjs/common';
import { RESULT_OVERLAY, TwoTierInsightsCache, type CachedInsights, type ResultOverlay } from '@insights/cache';
import { AppError, NotFoundError, ValidationError } from '../common/app-error.js';
import { PreparedJson, WithMetaJson } from '../common/with-meta.js';
import { ProjectsService } from '../projects/projects.service.js';
import type { JobCreatedDto } from './dto/job.dto.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RefreshScheduler } from '../refresh/refresh-scheduler.service.js';
import { InsightsJobsService } from './insights-jobs.service.js';
import type { ScopeIdentity } from './scope-identity.service.js';
import { compactResult } from '@insights/engine';
import type { ExportSnapshot } from './export/insights-export.js';
import type { EvidencePageDto, EvidenceQueryDto } from './dto/evidence.dto.js';

function decodeEvidenceCursor(cursor: string, cacheKey: string): number {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    position = undefined;
  }
  if (!Array.isArray(position) || typeof position[0] !== 'string' || !Number.isInteger(position[1]) || position[1] < 0) {
    throw new ValidationError('cursor is invalid: pass nextCursor from a previous page unchanged');
  }
  if (position[0] !== cacheKey) {
    throw new AppError(409, 'SNAPSHOT_CHANGED', 'the insights were regenerated since the first page: start again without a cursor');
  }
  return position[1] as number;
}

export type ReadOutcome = { status: 200; body: WithMetaJson | PreparedJson } | { status: 202; body: JobCreatedDto };

/** A stored result as the dashboard reads it: compact, with what the envelope says about it. */
function served(entry: CachedInsights, meta: Record<string, unknown>): WithMetaJson {
  return new WithMetaJson(JSON.stringify(compactResult(entry.result)), meta);
}

@Injectable()
export class InsightsReadService {
  constructor(
    private readonly cache: TwoTierInsightsCache,
    private readonly jobs: InsightsJobsService,
    private readonly projects: ProjectsService,
    private readonly metrics: MetricsService,
    private readonly refreshes: RefreshScheduler,
    @Inject(RESULT_OVERLAY) private readonly overlay: ResultOverlay,
  ) {}

  /**
   * Cached → 200. After new feedback, the previous result → 200 with `stale: true` and the
   * id of the job refreshing it. Nothing yet (or forceRefresh) → 202 with a queued job.
   */
  async read(id: ScopeIdentity, forceRefresh: boolean): Promise<ReadOutcome> {
    this.refreshes.noteRead(id.projectId, id.filters);
    if (!forceRefresh) {
      const hit = await this.cache.freshBody(id.cacheKey);
      if (hit) {
        this.metrics.cacheRead(hit.tier);
        return { status: 200, body: new PreparedJson(hit.body) };
      }
      const stored = await this.cache.latestForScope(id.scopeKey);
      if (stored) {
        this.metrics.cacheRead('stale');
        const previous = await this.readerView(stored);
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
    return { projectName: project.name, result: entry.result, fingerprint: entry.cacheKey, filters: entry.filters ?? {} };
  }

  /**
   * A page of the evidence ids behind one theme of the project's latest result (the dashboard's
   * read lists only the first few). The cursor names the snapshot it was made on: a page asked
   * for after a regeneration is a 409 rather than a page of another result.
   */
  async evidence(userId: string, projectId: string, query: EvidenceQueryDto): Promise<EvidencePageDto> {
    const { entry } = await this.latestOwned(userId, projectId);
    const theme = entry.result.themes.find((t) => t.name === query.theme);
    if (!theme) throw new NotFoundError('THEME_NOT_FOUND', `the latest insights of project ${projectId} have no theme named "${query.theme}"`);
    const start = query.cursor ? decodeEvidenceCursor(query.cursor, entry.cacheKey) : 0;
    const end = start + (query.limit ?? 20);
    const ids = theme.feedbackIds;
    return {
      theme: theme.name,
      count: theme.count,
      listed: ids.length,
      feedbackIds: ids.slice(start, end),
      nextCursor: end < ids.length ? Buffer.from(JSON.stringify([entry.cacheKey, end])).toString('base64url') : null,
      generatedAt: entry.result.generatedAt,
    };
  }

  /** A scope's newest stored result, and the same as its readers see it (the caller checked the scope is theirs). */
  async latestOfScope(scopeKey: string): Promise<{ stored: CachedInsights; view: CachedInsights } | undefined> {
    const stored = await this.cache.latestForScope(scopeKey);
    return stored && { stored, view: await this.readerView(stored) };
  }

  /** The caller's project and its newest stored result as its readers see it; 404 for another user's project or none yet. */
  private async latestOwned(userId: string, projectId: string) {
    const project = await this.projects.getOwned(userId, projectId);
    const stored = await this.cache.latestForProject(projectId);
    if (!stored) throw new NotFoundError('INSIGHTS_NOT_FOUND', `no insights generated yet for project ${projectId}`);
    return { project, entry: await this.readerView(stored) };
  }

  /**
   * A stored result as its readers see it, in this order: the stored result, then the project's
   * taxonomy (renames, merges, hides by theme id; ADR 0021). Views counted by the stored themes'
   * ids come before the taxonomy.
   */
  private async readerView(entry: CachedInsights): Promise<CachedInsights> {
    return { ...entry, result: await this.overlay.apply(entry.projectId, entry.result) };
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
