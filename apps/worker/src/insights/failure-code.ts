import { UnrecoverableError } from 'bullmq';
import { isLlmError, type LlmErrorKind } from '@insights/engine';

export type FailureCode = LlmErrorKind | 'stalled' | 'database' | 'invalid_job' | 'internal';

/**
 * The fixed wording a notification gives each code. Error messages from the provider or the
 * database never leave the service: they can carry request content, keys or internal names, and
 * Slack would act on control sequences inside them.
 */
const REASONS: Record<FailureCode, string> = {
  rate_limit: 'the model provider kept rate-limiting requests',
  overloaded: 'the model provider was overloaded',
  server: 'the model provider answered with a server error',
  network: 'the model provider could not be reached',
  timeout: 'a call to the model provider timed out',
  auth: 'the model provider refused the API key',
  quota: 'the model provider account has no balance or quota left',
  content_blocked: 'the model provider refused the content',
  invalid_request: 'the model provider rejected the request',
  context_too_long: 'a request exceeded the model context window',
  unknown_model: 'the configured model is unknown to the provider',
  invalid_output: 'the model answered with output that could not be used',
  cancelled: 'the job was cancelled',
  budget_exceeded: 'the token budget was exhausted',
  unknown: 'a model call failed',
  stalled: 'the worker running the job stopped responding too often',
  database: 'a database operation failed',
  invalid_job: 'the job could not be read',
  internal: 'an internal error; the service logs have the details',
};

export const isFailureCode = (value: string | undefined): value is FailureCode => value !== undefined && Object.hasOwn(REASONS, value);

export const failureReason = (code: FailureCode): string => REASONS[code];

// node-postgres errors carry the server's five-character SQLSTATE and a severity.
const isDatabaseError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'severity' in error && /^[0-9A-Z]{5}$/.test(String((error as { code?: unknown }).code));

/** The small vocabulary a failure is reported in. */
export function failureCode(error: unknown): FailureCode {
  if (isLlmError(error)) return error.kind;
  if (isDatabaseError(error)) return 'database';
  if (error instanceof UnrecoverableError && error.message.startsWith('invalid payload')) return 'invalid_job';
  return 'internal';
}

/** A notification queued before codes existed names its kind as its error's first word. */
export function codeOf(payload: { errorCode?: string; error: string }): FailureCode {
  if (isFailureCode(payload.errorCode)) return payload.errorCode;
  const prefix = /^([a-z_]+):/.exec(payload.error)?.[1];
  return isFailureCode(prefix) ? prefix : 'internal';
}
