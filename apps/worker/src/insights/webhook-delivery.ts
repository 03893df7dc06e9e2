import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { AppConfig } from '@insights/config';
import { APP_CONFIG, checkOutboundUrl, OutboundUrlRefused, postPinned, type CheckedUrl } from '@insights/platform';

export const SIGNATURE_HEADER = 'x-insights-signature';
export const TIMESTAMP_HEADER = 'x-insights-timestamp';

/** `v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>`: a receiver recomputes it to trust the body. */
export function signNotification(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

export interface WebhookTarget {
  url: string;
  /** Where the URL came from, for the log and the job's failure (`the project’s slack_webhook_url`). */
  source: string;
}

/**
 * Every webhook message the worker sends (failure notices, theme alerts, the weekly digest) goes
 * through here, from inside its own queue job: the URL is checked again at delivery (the existing
 * product writes `slack_webhook_url` directly, and a name can be pointed elsewhere at any time)
 * and the connection pinned to the checked address; the body is signed with
 * NOTIFY_WEBHOOK_SECRET. A receiver that is down (5xx, 408, 429, no answer) throws a plain error,
 * which BullMQ retries with its backoff; one that refuses (other 4xx, a redirect, which is never
 * followed) or a URL that is refused throws `UnrecoverableError`, and is not retried.
 */
@Injectable()
export class WebhookDelivery {
  private readonly logger = new Logger(WebhookDelivery.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Posts `message` as JSON; `label` names what is sent in errors and the log (`notification for job …`). */
  async post(target: WebhookTarget, message: object, label: string): Promise<{ delivered: true; status: number }> {
    const checked = await this.check(target, label);
    const body = JSON.stringify(message);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(timestamp) };
    const { secret, timeoutMs } = this.config.notify;
    if (secret) headers[SIGNATURE_HEADER] = signNotification(secret, timestamp, body);
    const { status } = await postPinned(checked, { headers, body, timeoutMs });
    if (status >= 200 && status < 300) return { delivered: true, status };
    const error = `${label}: the webhook answered ${status}`;
    if (retryable(status)) throw new Error(error);
    this.logger.warn(`${error}; not retried`);
    throw new UnrecoverableError(error);
  }

  private async check(target: WebhookTarget, label: string): Promise<CheckedUrl> {
    try {
      return await checkOutboundUrl(target.url, this.config.webhooks);
    } catch (error) {
      if (!(error instanceof OutboundUrlRefused)) throw error;
      const message = `${label}: ${error.message} (${target.source})`;
      this.logger.warn(error.transient ? `${message}; retried` : `${message}; not sent`);
      throw error.transient ? new Error(message) : new UnrecoverableError(message);
    }
  }
}
