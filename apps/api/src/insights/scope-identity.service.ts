import { Injectable } from '@nestjs/common';
import { ProjectsRepository, toFeedbackFilter, type InsightsFilters } from '@insights/db';
import { JobIdentity, type LaunchScope } from '@insights/generation';
import { normalizeId } from '../common/normalize-id.js';
import { ProjectGenerations } from '../projects/project-generations.service.js';

/** Scope + filters + generation, with the cache key (job dedup id) and the scope key (finds the previous result to serve stale). */
export type ScopeIdentity = LaunchScope;

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
