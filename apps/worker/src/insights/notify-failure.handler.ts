import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { AppConfig } from '@insights/config';
import { ProjectsRepository } from '@insights/db';
import { APP_CONFIG } from '@insights/platform';
import type { NotifyFailurePayload } from '@insights/queue';

export const SIGNATURE_HEADER = 'x-insights-signature';
export const TIMESTAMP_HEADER = 'x-insights-timestamp';

/** `v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>`: a receiver recomputes it to trust the body. */
export function signNotification(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A Slack-compatible message (text, plus blocks for clients that render them). */
export function failureMessage(payload: NotifyFailurePayload, projectName: string | null): object {
  const scope = projectName ? `project “${projectName}”` : 'all projects';
  const text = `Insights generation failed for ${scope} (job ${payload.jobId}): ${payload.error}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*Insights generation failed* for ${scope}` } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Job*\n${payload.jobId}` },
          { type: 'mrkdwn', text: `*Failed at*\n${payload.failedAt}` },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*Reason*\n${payload.error.slice(0, 1_500)}` } },
    ],
    insights: { event: 'job.failed', ...payload },
  };
}

/**
 * Posts a job's final failure to its project's Slack webhook, or to NOTIFY_WEBHOOK_URL. Runs as
 * its own queue job, so the failed job never waits for it and BullMQ retries a receiver that is
 * down (5xx, 429, no answer) with backoff; a receiver that refuses the message (other 4xx) is
 * not retried.
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
    const target = project?.slackWebhookUrl || this.config.worker.notify.webhookUrl;
    if (!target || !/^https?:\/\//.test(target)) return { delivered: false };
    const body = JSON.stringify(failureMessage(payload, project?.name ?? null));
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(timestamp) };
    const { secret, timeoutMs } = this.config.worker.notify;
    if (secret) headers[SIGNATURE_HEADER] = signNotification(secret, timestamp, body);
    const response = await fetch(target, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    await response.body?.cancel();
    if (response.ok) return { delivered: true, status: response.status };
    const message = `notification for job ${payload.jobId}: the webhook answered ${response.status}`;
    if (response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 408) {
      this.logger.warn(`${message}; not retried`);
      throw new UnrecoverableError(message);
    }
    throw new Error(message);
  }
}
