import { Injectable } from '@nestjs/common';
import { ProjectsRepository, toFeedbackFilter, type InsightsFilters } from '@insights/db';
import { JobIdentity } from '@insights/generation';
import { normalizeId } from '../common/normalize-id.js';
import { ProjectGenerations } from '../projects/project-generations.service.js';

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
  constructor(
    private readonly generations: ProjectGenerations,
    private readonly projectsRepo: ProjectsRepository,
    private readonly identity: JobIdentity,
  ) {}

  async resolve(userId: string, requested: string | null, filters: InsightsFilters): Promise<ScopeIdentity> {
    toFeedbackFilter(filters); // rejects an inverted date range before any work
    // One spelling of the id for the cache key, the job's dedup id and its row, whatever the
    // request's: an upper-case id is the same project and the same scope.
    const projectId = normalizeId(requested);
    if (projectId) {
      const generation = await this.generations.generationOf(userId, projectId);
      return { userId, projectId, filters, generation, ...this.identity.keys({ projectId }, filters, generation) };
    }
    const { generation, fingerprint } = await this.projectsRepo.userGeneration(userId);
    return { userId, projectId: null, filters, generation, ...this.identity.keys({ userId }, filters, fingerprint) };
  }
}
