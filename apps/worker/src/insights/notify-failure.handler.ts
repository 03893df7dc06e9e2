import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { AppConfig } from '@insights/config';
import { ProjectsRepository } from '@insights/db';
import { APP_CONFIG, checkOutboundUrl, OutboundUrlRefused, postPinned, type CheckedUrl } from '@insights/platform';
import type { NotifyFailurePayload } from '@insights/queue';
import { codeOf, failureReason } from './failure-code.js';
import { slackEscape } from './slack-text.js';

export const SIGNATURE_HEADER = 'x-insights-signature';
export const TIMESTAMP_HEADER = 'x-insights-timestamp';

/** `v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>`: a receiver recomputes it to trust the body. */
export function signNotification(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

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

const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

/**
 * Posts a job's final failure to its project's Slack webhook, or to NOTIFY_WEBHOOK_URL. Runs as
 * its own queue job, so the failed job never waits for it and BullMQ retries a receiver that is
 * down (5xx, 429, no answer) with backoff; a receiver that refuses the message (other 4xx, or a
 * redirect, which is never followed) is not retried. The URL is checked again here, not only where
 * it was accepted: the existing product writes `slack_webhook_url` directly, and a name can be
 * pointed elsewhere at any time.
 */
@Injectable()
export class NotifyFailureHandler {
  private readonly logger = new Logger(NotifyFailureHandler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projects: ProjectsRepository,
  ) {}

  async handle(payload: NotifyFailurePayload): Promise<{ delivered: boolean; status?: number }> {
    const project = payload.projectId ? await this.projects.findById(payload.projectId) : undefined;
    const target = project?.slackWebhookUrl || this.config.notify.webhookUrl;
    if (!target) return { delivered: false };
    const checked = await this.check(target, payload.jobId, project?.slackWebhookUrl ? 'the project’s slack_webhook_url' : 'NOTIFY_WEBHOOK_URL');
    const body = JSON.stringify(failureMessage(payload, project?.name ?? null));
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(timestamp) };
    const { secret, timeoutMs } = this.config.notify;
    if (secret) headers[SIGNATURE_HEADER] = signNotification(secret, timestamp, body);
    const { status } = await postPinned(checked, { headers, body, timeoutMs });
    if (status >= 200 && status < 300) return { delivered: true, status };
    const message = `notification for job ${payload.jobId}: the webhook answered ${status}`;
    if (retryable(status)) throw new Error(message);
    this.logger.warn(`${message}; not retried`);
    throw new UnrecoverableError(message);
  }

  private async check(target: string, jobId: string, source: string): Promise<CheckedUrl> {
    try {
      return await checkOutboundUrl(target, this.config.webhooks);
    } catch (error) {
      if (!(error instanceof OutboundUrlRefused)) throw error;
      const message = `notification for job ${jobId}: ${error.message} (${source})`;
      this.logger.warn(error.transient ? `${message}; retried` : `${message}; not sent`);
      throw error.transient ? new Error(message) : new UnrecoverableError(message);
    }
  }
}
