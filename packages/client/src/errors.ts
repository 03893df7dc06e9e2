import type { ErrorCode, Job } from './types.js';

/** Codes the client itself gives when no API answer was had. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';

/**
 * The API refused a request (or could not be reached: status 0). `code` is the API's stable
 * error code; switch on it rather than on the message.
 */
export class InsightsApiError extends Error {
  override readonly name = 'InsightsApiError';

  constructor(
    /** The HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    /** Seconds to wait before trying again, from Retry-After, when the API said so. */
    readonly retryAfter?: number,
    /** Per-field problems of a validation error. */
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Whether trying the same request again later can succeed. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** A job ended without a result: it failed (the reason is `job.error`) or was cancelled. */
export class InsightsJobError extends Error {
  override readonly name = 'InsightsJobError';

  constructor(readonly job: Job) {
    super(job.status === 'cancelled' ? `job ${job.jobId} was cancelled` : job.error || `job ${job.jobId} failed`);
  }

  get status(): 'failed' | 'cancelled' {
    return this.job.status === 'cancelled' ? 'cancelled' : 'failed';
  }
}

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The typed error for a response the API refused. */
export function apiErrorFrom(response: Response, body: unknown): InsightsApiError {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  if (typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string') {
    const { code, message, details } = body as { code: ErrorCode; message?: unknown; details?: unknown };
    return new InsightsApiError(response.status, code, typeof message === 'string' ? message : code, retryAfter, details);
  }
  // Not the API's error body: a proxy or load balancer answered.
  const text = typeof body === 'string' && body.trim() ? `: ${body.trim().slice(0, 200)}` : '';
  return new InsightsApiError(response.status, 'HTTP_ERROR', `HTTP ${response.status}${text}`, retryAfter);
}

export function abortError(signal?: AbortSignal): Error {
  if (signal?.reason instanceof Error && signal.reason.name === 'AbortError') return signal.reason;
  const error = new Error('the operation was aborted');
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
