import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import { InsightsCacheRepository, ThemeAlertsRepository, type Project } from '@insights/db';
import { buildDigest, type Digest } from '@insights/engine';
import { currentThemes } from '@insights/generation';
import { APP_CONFIG } from '@insights/platform';
import { InsightsQueue } from '@insights/queue';
import { AppError } from '../common/app-error.js';
import { ProjectsService } from '../projects/projects.service.js';
import type { ThemeAlertSettingsDto, UpdateThemeAlertSettingsDto } from './dto/theme-alerts.dto.js';

/**
 * A project's theme alerts and weekly digest, opt-in by its owner. Both post to the project's
 * `slack_webhook_url`, the webhook failure notices use (the existing product sets it; the
 * messages are Slack's), never to the deployment's NOTIFY_WEBHOOK_URL: they carry customers'
 * words, which go to the project's own channel only.
 */
@Injectable()
export class ThemeAlertsSettingsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projects: ProjectsService,
    private readonly alerts: ThemeAlertsRepository,
    private readonly cache: InsightsCacheRepository,
    private readonly queue: InsightsQueue,
  ) {}

  async get(userId: string, projectId: string): Promise<ThemeAlertSettingsDto> {
    const project = await this.projects.getOwned(userId, projectId);
    return { ...(await this.alerts.settings(project.id)), webhookConfigured: hasWebhook(project) };
  }

  /**
   * Saves the fields given. Turning alerts or the digest on needs the webhook; turning the digest
   * on upserts the project's job scheduler before the setting is saved, turning it off removes it
   * after (a run of a scheduler left behind finds the digest off and removes it then).
   */
  async update(userId: string, projectId: string, dto: UpdateThemeAlertSettingsDto): Promise<ThemeAlertSettingsDto> {
    const project = await this.projects.getOwned(userId, projectId);
    const webhookConfigured = hasWebhook(project);
    for (const field of ['alertsEnabled', 'digestEnabled'] as const) {
      if (dto[field] === true && !webhookConfigured) {
        const problem = 'the project has no webhook configured (slack_webhook_url): set one before turning this on';
        throw new AppError(400, 'WEBHOOK_NOT_CONFIGURED', `${field}: ${problem}`, [{ field, problems: [problem] }]);
      }
    }
    if (dto.digestEnabled === true) await this.queue.scheduleDigest(project.id, this.config.digest.cron, this.config.notify.retryDelayMs);
    const saved = await this.alerts.update(project.id, dto);
    if (dto.digestEnabled === false) await this.queue.unscheduleDigest(project.id);
    return { ...saved, webhookConfigured };
  }

  /** The digest the project's next scheduled run would post now, rendered without sending it. */
  async preview(userId: string, projectId: string, now = new Date()): Promise<Digest> {
    const project = await this.projects.getOwned(userId, projectId);
    const view = await currentThemes(this.cache, project.id);
    return buildDigest({ projectName: project.name, themes: view?.result.themes ?? [], trends: view?.result.trends, now });
  }
}

const hasWebhook = (project: Project): boolean => Boolean(project.slackWebhookUrl?.trim());
