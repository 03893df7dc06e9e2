import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import { InsightsCacheRepository, ProjectsRepository, ThemeAlertsRepository } from '@insights/db';
import { buildDigest, digestMessage } from '@insights/engine';
import { currentThemes } from '@insights/generation';
import { APP_CONFIG } from '@insights/platform';
import { InsightsQueue, type DigestPayload } from '@insights/queue';
import { WebhookDelivery } from './webhook-delivery.js';

/**
 * `weekly-digest`: one run of a project's digest scheduler. Renders the digest of the project's
 * current themes (what `GET /api/projects/:projectId/digest/preview` shows) and posts it through
 * the delivery failure notices use.
 */
@Injectable()
export class DigestHandler {
  private readonly logger = new Logger(DigestHandler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projects: ProjectsRepository,
    private readonly alerts: ThemeAlertsRepository,
    private readonly cache: InsightsCacheRepository,
    private readonly queue: InsightsQueue,
    private readonly delivery: WebhookDelivery,
  ) {}

  async handle({ projectId }: DigestPayload, now = new Date()): Promise<{ delivered: boolean; status?: number; skipped?: string }> {
    const project = await this.projects.findById(projectId);
    const settings = project ? await this.alerts.settings(projectId) : undefined;
    if (!project || !settings?.digestEnabled) {
      // A scheduler that outlived its project or its setting (removed while Redis was away).
      await this.queue.unscheduleDigest(projectId);
      return { delivered: false, skipped: project ? 'digest-off' : 'project-gone' };
    }
    if (!project.slackWebhookUrl) return { delivered: false, skipped: 'no-webhook' };
    const view = await currentThemes(this.cache, projectId);
    const digest = buildDigest({ projectName: project.name, themes: view?.result.themes ?? [], trends: view?.result.trends, now });
    const target = { url: project.slackWebhookUrl, source: 'the project’s slack_webhook_url' };
    return this.delivery.post(target, digestMessage(projectId, digest), `weekly digest of project ${projectId}`);
  }

  /**
   * Every opted-in project's scheduler, upserted again with THEME_DIGEST_CRON: schedulers live in
   * Redis, so a Redis that lost its data lost them, and a changed pattern applies at the next start.
   */
  async reassertSchedules(): Promise<number> {
    const projectIds = await this.alerts.digestProjects();
    for (const projectId of projectIds) await this.queue.scheduleDigest(projectId, this.config.digest.cron, this.config.notify.retryDelayMs);
    if (projectIds.length) this.logger.log(`${projectIds.length} weekly digest scheduler(s) asserted`);
    return projectIds.length;
  }
}
