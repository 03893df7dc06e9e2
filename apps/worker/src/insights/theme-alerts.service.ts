import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import { InsightsCacheRepository, ProjectsRepository, ThemeAlertsRepository } from '@insights/db';
import { detectThemeAlerts, type ResultTheme, type ThemeAlert } from '@insights/engine';
import { currentThemes } from '@insights/generation';
import { APP_CONFIG } from '@insights/platform';
import { InsightsQueue, JOB_NAMES } from '@insights/queue';

/** What an alert row's `details` hold: the comparison, and the theme as it was when it alerted. */
export type AlertFacts = ThemeAlert['details'] & { count: number; name: string; themeKind: ResultTheme['kind']; quotes: string[] };

export interface AlertCheck {
  /** Alerts the project's themes call for this week. */
  found: ThemeAlert[];
  /** Those recorded by this check, each with its delivery job queued (the others were sent before). */
  queued: ThemeAlert[];
  skipped?: 'alerts-off' | 'no-webhook' | 'no-result';
}

/**
 * Checks a project's themes for alerts and queues each new one once. Called by the generation
 * handler after a project-wide result is stored; the feedback assignment job calls it after it
 * assigned new feedback to the themes (their weekly counts grow between regenerations).
 */
@Injectable()
export class ThemeAlertsService {
  private readonly logger = new Logger(ThemeAlertsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: ThemeAlertsRepository,
    private readonly cache: InsightsCacheRepository,
    private readonly projects: ProjectsRepository,
    private readonly queue: InsightsQueue,
  ) {}

  /**
   * Records each alert the current view calls for (insert on conflict do nothing: one per
   * project, theme, week and kind) and queues `notify-theme-alert` only for the rows this call
   * inserted, so running the check twice, or on two workers at once, sends each alert once.
   */
  async check(projectId: string, now = new Date()): Promise<AlertCheck> {
    const settings = await this.alerts.settings(projectId);
    if (!settings.alertsEnabled) return { found: [], queued: [], skipped: 'alerts-off' };
    if (!(await this.projects.findById(projectId))?.slackWebhookUrl) return { found: [], queued: [], skipped: 'no-webhook' };
    const view = await currentThemes(this.cache, projectId);
    if (!view) return { found: [], queued: [], skipped: 'no-result' };
    const found = detectThemeAlerts(view.result, { now, minNewThemeSize: settings.minNewThemeSize });
    const queued: ThemeAlert[] = [];
    for (const alert of found) {
      const { themeId, kind, week, details } = alert;
      const theme = view.result.themes.find((t) => t.id === themeId)!;
      // The message is rendered from the row: what the theme was called and said when it alerted.
      const facts: AlertFacts = { ...details, count: alert.count, name: theme.name, themeKind: theme.kind, quotes: theme.quotes.slice(0, 2) };
      if (!(await this.alerts.record({ projectId, themeId, week, kind, details: facts }))) continue;
      try {
        await this.queue.enqueue(JOB_NAMES.themeAlert, { projectId, themeId, kind, week }, { retryDelayMs: this.config.notify.retryDelayMs });
      } catch (error) {
        // Not queued, so not sent: the row goes too, and the next check records it again.
        await this.alerts.forget({ projectId, themeId, week, kind });
        throw error;
      }
      queued.push(alert);
    }
    if (queued.length) this.logger.log(`project ${projectId}: ${queued.length} theme alert(s) queued`);
    return { found, queued };
  }
}
