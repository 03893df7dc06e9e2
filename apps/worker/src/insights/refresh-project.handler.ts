import { Injectable, Logger } from '@nestjs/common';
import { TwoTierInsightsCache } from '@insights/cache';
import { ProjectsRepository } from '@insights/db';
import { JobIdentity, JobLauncher, LiveThemes } from '@insights/generation';
import type { RefreshProjectPayload } from '@insights/queue';

/**
 * A debounced refresh after new feedback: each recently read scope of the project without a
 * result for today's feedback gets a background generation, launched exactly as the API launches
 * one, so an identical request (or a batch's child) already running is joined and each new
 * generation passes the owner's spend policy first. The project-wide scope follows the living
 * themes' rule (docs/generation.md, "Living themes"): while its new feedback is assigned to the
 * stored result's themes and few enough entries are unplaced, it is not regenerated.
 */
@Injectable()
export class RefreshProjectHandler {
  private readonly logger = new Logger(RefreshProjectHandler.name);

  constructor(
    private readonly projects: ProjectsRepository,
    private readonly identity: JobIdentity,
    private readonly launcher: JobLauncher,
    private readonly cache: TwoTierInsightsCache,
    private readonly live: LiveThemes,
  ) {}

  async handle(payload: RefreshProjectPayload): Promise<{ queued: string[]; skipped?: string }> {
    const project = await this.projects.findById(payload.projectId);
    if (!project) return { queued: [], skipped: 'project deleted' };
    const queued: string[] = [];
    for (const filters of payload.scopes) {
      const keys = this.identity.keys({ projectId: project.id }, filters, project.feedbackGeneration);
      const scope = { userId: project.userId, projectId: project.id, filters, generation: project.feedbackGeneration, ...keys };
      if (!(await this.regenerationDue(keys.scopeKey))) continue;
      const launched = await this.launcher.launch(scope, 'background', { cache: 'fresh' });
      // The next read of a refused scope serves the stale result and asks again.
      if (launched.outcome === 'refused') return this.done(project.id, queued, launched.refusal.message);
      if (launched.outcome === 'queued') queued.push(launched.jobId);
    }
    return this.done(project.id, queued);
  }

  /** False only for a scope whose stored result is kept current by assignment and below the share. */
  private async regenerationDue(scopeKey: string): Promise<boolean> {
    if (!this.live.enabled) return true;
    const stored = await this.cache.latestForScope(scopeKey);
    const view = stored ? await this.live.view(stored) : undefined;
    return view?.regenerate ?? true;
  }

  private done(projectId: string, queued: string[], skipped?: string): { queued: string[]; skipped?: string } {
    if (queued.length) this.logger.log(`project ${projectId}: new feedback, refreshing ${queued.length} scope(s)`);
    if (skipped) this.logger.log(`project ${projectId}: refresh skipped (${skipped})`);
    return skipped ? { queued, skipped } : { queued };
  }
}
