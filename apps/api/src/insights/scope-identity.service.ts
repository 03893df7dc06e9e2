import { ProjectsRepository, toFeedbackFilter, type InsightsFilters } from '@insights/db';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import { InsightsGenerator } from '@insights/generation';
import { APP_CONFIG } from '../config/config.module.js';
import { cacheKeyFor, scopeKeyFor } from '@insights/queue';
import { ProjectsService } from '../projects/projects.service.js';

export interface ScopeIdentity {
  userId: string;
  projectId: string | null;
  filters: InsightsFilters;
  /** The project's feedback generation, or the sum over the user's projects. */
  generation: number;
  /** Scope + filters + generation + prompt version: cache key and job dedup id. */
  cacheKey: string;
  /** The same without the generation: finds the previous result to serve stale. */
  scopeKey: string;
}

/** Resolves what a request is about, checking ownership: another user's project is a 404. */
@Injectable()
export class ScopeIdentityService {
  private readonly version: string;

  constructor(
    private readonly projects: ProjectsService,
    private readonly projectsRepo: ProjectsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.version = InsightsGenerator.identityVersion(config);
  }

  async resolve(userId: string, projectId: string | null, filters: InsightsFilters): Promise<ScopeIdentity> {
    toFeedbackFilter(filters); // rejects an inverted date range before any work
    if (projectId) {
      const project = await this.projects.getOwned(userId, projectId);
      const scope = { projectId };
      return {
        userId,
        projectId,
        filters,
        generation: project.feedbackGeneration,
        cacheKey: cacheKeyFor(scope, filters, project.feedbackGeneration, this.version),
        scopeKey: scopeKeyFor(scope, filters, this.version),
      };
    }
    const { generation, fingerprint } = await this.projectsRepo.userGeneration(userId);
    const scope = { userId };
    return {
      userId,
      projectId: null,
      filters,
      generation,
      cacheKey: cacheKeyFor(scope, filters, fingerprint, this.version),
      scopeKey: scopeKeyFor(scope, filters, this.version),
    };
  }
}
