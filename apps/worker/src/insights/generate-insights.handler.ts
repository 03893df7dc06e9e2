import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { TwoTierInsightsCache } from '@insights/cache';
import { InsightsJobsRepository } from '@insights/db';
import { applyTaxonomy, compareResults, type InsightsResult } from '@insights/engine';
import { InsightsGenerator, parseThemeEdits, themeHistoryFrom } from '@insights/generation';
import type { GenerateInsightsPayload } from '@insights/queue';
import { JobInterrupted, type JobContext } from '../queue/job-context.js';
import { ProgressRecorder } from './progress-recorder.js';
import { ThemeAlertsService } from './theme-alerts.service.js';

export interface GenerateSummary {
  cacheKey: string;
  tokens: number;
  themes: number;
  skipped?: 'already-completed';
}

/** One generation job: row bookkeeping around the shared generator, then both cache tiers. */
@Injectable()
export class GenerateInsightsHandler {
  private readonly logger = new Logger(GenerateInsightsHandler.name);

  constructor(
    private readonly generator: InsightsGenerator,
    private readonly jobs: InsightsJobsRepository,
    private readonly cache: TwoTierInsightsCache,
    private readonly themeAlerts: ThemeAlertsService,
  ) {}

  /** `job` is BullMQ's, for progress in Bull Board; the payload was parsed by the processor. */
  async handle(payload: GenerateInsightsPayload, job: Job, context: JobContext): Promise<GenerateSummary> {
    const started = Date.now();

    const claimed = await this.jobs.markProcessing(payload.jobId, context.attempt, payload.scopeKey);
    if (!claimed) {
      const status = await this.jobs.status(payload.jobId);
      // A rerun after a crash that happened once the row was already written: nothing to redo.
      if (status === 'completed') return { cacheKey: payload.cacheKey, tokens: 0, themes: 0, skipped: 'already-completed' };
      throw new UnrecoverableError(status ? `job is ${status}` : 'job row not found');
    }

    const progress = new ProgressRecorder(job, this.jobs, () => context.interrupt('cancelled'), started);
    // The scope's newest stored result when the job was claimed is the previous snapshot: the
    // themes keep its ids by evidence and the trends compare with it.
    const history = themeHistoryFrom(claimed);
    const previous = history.history.previous;
    if (claimed.previousResultJson && !previous) this.logger.warn(`job ${payload.jobId}: the previous result could not be read; no trends`);
    const result = await this.generator.generate({
      userId: payload.userId,
      projectId: payload.projectId,
      filters: payload.filters,
      jobId: payload.jobId,
      signal: context.signal,
      onProgress: progress.sink,
      history,
    });
    if (context.signal.aborted) throw new JobInterrupted(String(context.signal.reason));
    result.trends ??= compareResults(result, previous);

    const finalProgress = {
      stage: 'done',
      percent: 100,
      chunksDone: progress.latest.chunksTotal,
      chunksTotal: progress.latest.chunksTotal,
      tokensUsed: result.tokens.total,
    };
    await job.updateProgress(finalProgress);
    // The result is stored once: the durable cache entry and the completed row that references
    // it are one statement; then the hot tier.
    const entry = {
      cacheKey: payload.cacheKey,
      scopeKey: payload.scopeKey,
      projectId: payload.projectId,
      userId: payload.userId,
      filters: payload.filters,
      feedbackGeneration: payload.feedbackGeneration,
      result,
    };
    // The hot tier gets what readers see: the result with the project's taxonomy as the
    // completing statement read it (ADR 0021), at no statement of its own.
    let shown: InsightsResult | undefined;
    await this.cache.put(
      entry,
      async (durable) => {
        const completed = await this.jobs.complete(payload.jobId, {
          entry: durable,
          processingTime: Date.now() - started,
          tokensUsed: result.tokens.total,
          progress: finalProgress,
        });
        if (completed) shown = applyTaxonomy(result, parseThemeEdits(completed.themeEditsJson));
      },
      () => shown,
    );
    this.logger.log(`job ${payload.jobId}: ${result.themes.length} themes, ${result.tokens.total} tokens, ${Date.now() - started} ms`);
    if (payload.projectId && Object.keys(payload.filters).length === 0) await this.checkAlerts(payload.projectId);
    return { cacheKey: payload.cacheKey, tokens: result.tokens.total, themes: result.themes.length };
  }

  /** A new project-wide result is the project's new view of its themes; the job never fails by its alerts. */
  private async checkAlerts(projectId: string): Promise<void> {
    try {
      await this.themeAlerts.check(projectId);
    } catch (error) {
      this.logger.warn(`project ${projectId}: theme alerts not checked: ${(error as Error).message}`);
    }
  }
}
