import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import type { InsightsFilters } from '@insights/db';
import { isLlmError, type InsightsResult } from '@insights/engine';
import { InsightsGenerator } from '@insights/generation';
import { APP_CONFIG } from '@insights/platform';
import { AppError } from '../common/app-error.js';
import { ProjectsService } from '../projects/projects.service.js';
import { llmHttpError } from './llm-http-error.js';
import { InsightsJobsService } from './insights-jobs.service.js';

// A caller is waiting on the socket: retry a provider blip briefly, never for long.
const ATTEMPTS = 3;
const MAX_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The old synchronous generation, kept behind INSIGHTS_LEGACY_GENERATE while clients move to
 * jobs. Same generator as the worker, so the same result; chunk memoisation makes a retry cheap.
 */
@Injectable()
export class LegacyInsightsService {
  constructor(
    private readonly generator: InsightsGenerator,
    private readonly projects: ProjectsService,
    private readonly jobs: InsightsJobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async generate(userId: string, projectId: string | null, filters: InsightsFilters): Promise<InsightsResult> {
    if (!this.config.insights.legacyGenerate) {
      throw new AppError(410, 'LEGACY_GENERATE_DISABLED', 'synchronous generation is switched off: use POST /api/insights/jobs');
    }
    if (projectId) await this.projects.getOwned(userId, projectId);
    await this.jobs.checkBudget(projectId);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.generator.generate({ userId, projectId, filters });
      } catch (error) {
        const wait = isLlmError(error) && error.transient ? Math.min(error.retryAfterMs ?? 1_000 * attempt, MAX_WAIT_MS + 1) : -1;
        if (wait < 0 || wait > MAX_WAIT_MS || attempt >= ATTEMPTS) throw llmHttpError(error);
        await sleep(wait);
      }
    }
  }
}
