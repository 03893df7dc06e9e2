import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import { ProjectsRepository } from '@insights/db';
import { APP_CONFIG } from '@insights/platform';
import type { NotifyFailurePayload } from '@insights/queue';
import { codeOf, failureReason } from './failure-code.js';
import { slackEscape } from './slack-text.js';
import { WebhookDelivery } from './webhook-delivery.js';

export { SIGNATURE_HEADER, TIMESTAMP_HEADER, signNotification } from './webhook-delivery.js';

/**
 * A Slack-compatible message (text, plus blocks for clients that render them). Every value is
 * escaped for mrkdwn, and the failure is told as its classified code and a fixed reason: the raw
 * error text of the provider or the database stays in the job row.
 */
export function failureMessage(payload: NotifyFailurePayload, projectName: string | null): object {
  const scope = projectName ? `project “${slackEscape(projectName)}”` : 'all projects';
  const errorCode = codeOf(payload);
  const reason = `${errorCode}: ${failureReason(errorCode)}`;
  const jobId = slackEscape(payload.jobId);
  const text = `Insights generation failed for ${scope} (job ${jobId}): ${reason}`;
  const { error: _raw, ...facts } = payload;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*Insights generation failed* for ${scope}` } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Job*\n${jobId}` },
          { type: 'mrkdwn', text: `*Failed at*\n${slackEscape(payload.failedAt)}` },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*Reason*\n${reason}` } },
    ],
    insights: { event: 'job.failed', ...facts, errorCode, reason: failureReason(errorCode) },
  };
}

/**
 * Posts a job's final failure to its project's Slack webhook, or to NOTIFY_WEBHOOK_URL. Runs as
 * its own queue job, so the failed job never waits for it; delivery, signing, URL checks and
 * retries are `WebhookDelivery`'s, shared with theme alerts and the digest.
 */
@Injectable()
export class NotifyFailureHandler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projects: ProjectsRepository,
    private readonly delivery: WebhookDelivery,
  ) {}

  async handle(payload: NotifyFailurePayload): Promise<{ delivered: boolean; status?: number }> {
    const project = payload.projectId ? await this.projects.findById(payload.projectId) : undefined;
    const url = project?.slackWebhookUrl || this.config.notify.webhookUrl;
    if (!url) return { delivered: false };
    const source = project?.slackWebhookUrl ? 'the project’s slack_webhook_url' : 'NOTIFY_WEBHOOK_URL';
    return this.delivery.post({ url, source }, failureMessage(payload, project?.name ?? null), `notification for job ${payload.jobId}`);
  }
}
