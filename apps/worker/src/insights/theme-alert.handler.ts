import { Injectable } from '@nestjs/common';
import { ProjectsRepository, ThemeAlertsRepository } from '@insights/db';
import { renderThemeAlert } from '@insights/engine';
import type { ThemeAlertPayload } from '@insights/queue';
import type { AlertFacts } from './theme-alerts.service.js';
import { WebhookDelivery } from './webhook-delivery.js';

export interface AlertDelivery {
  delivered: boolean;
  status?: number;
  skipped?: 'project-gone' | 'alerts-off' | 'no-webhook' | 'not-recorded';
}

/**
 * `notify-theme-alert`: posts one recorded theme alert to the project's slack_webhook_url through
 * the delivery failure notices use (signed, URL checked at delivery, retried while the receiver
 * is down). Nothing is posted when the owner turned alerts off or removed the webhook since.
 */
@Injectable()
export class ThemeAlertHandler {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly alerts: ThemeAlertsRepository,
    private readonly delivery: WebhookDelivery,
  ) {}

  async handle(payload: ThemeAlertPayload): Promise<AlertDelivery> {
    const project = await this.projects.findById(payload.projectId);
    if (!project) return { delivered: false, skipped: 'project-gone' };
    if (!(await this.alerts.settings(project.id)).alertsEnabled) return { delivered: false, skipped: 'alerts-off' };
    if (!project.slackWebhookUrl) return { delivered: false, skipped: 'no-webhook' };
    const row = await this.alerts.find(payload);
    if (!row) return { delivered: false, skipped: 'not-recorded' };
    const { count, name, themeKind, quotes, ...details } = row.details as AlertFacts;
    const message = renderThemeAlert({
      projectId: project.id,
      projectName: project.name,
      theme: { id: payload.themeId, name, kind: themeKind, count, quotes },
      alert: { themeId: payload.themeId, kind: payload.kind, week: payload.week, count, details },
    });
    const label = `theme alert ${payload.kind} ${payload.themeId} (${payload.week})`;
    return this.delivery.post({ url: project.slackWebhookUrl, source: 'the project’s slack_webhook_url' }, message, label);
  }
}
