import type { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { TokenUsage } from '../ports.js';

/**
 * The openai SDK's error classes. Passed in by the caller that loaded the SDK, so classifying
 * an error never loads it (a process that never calls GLM never does).
 */
export interface SdkErrorClasses {
  APIError: typeof APIError;
  APIConnectionError: typeof APIConnectionError;
  APIConnectionTimeoutError: typeof APIConnectionTimeoutError;
  APIUserAbortError: typeof APIUserAbortError;
}

export type LlmErrorKind =
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'network'
  | 'timeout'
  | 'auth'
  | 'quota'
  | 'content_blocked'
  | 'invalid_request'
  | 'context_too_long'
  | 'unknown_model'
  | 'invalid_output'
  | 'cancelled'
  | 'budget_exceeded'
  | 'unknown';

// Transient kinds are worth another queue attempt. invalid_output is transient because a fresh
// sample usually parses, and memoised chunks make the retry cheap; unknown is transient because
// queue attempts are bounded anyway.
const TRANSIENT: Record<LlmErrorKind, boolean> = {
  rate_limit: true,
  overloaded: true,
  server: true,
  network: true,
  timeout: true,
  invalid_output: true,
  unknown: true,
  auth: false,
  quota: false,
  content_blocked: false,
  invalid_request: false,
  context_too_long: false,
  unknown_model: false,
  cancelled: false,
  budget_exceeded: false,
};

export interface LlmErrorOptions {
  code?: string;
  status?: number;
  retryAfterMs?: number;
  /** What a failed call was billed, when the provider said (a withheld answer still is). */
  usage?: TokenUsage;
  cause?: unknown;
}

export class LlmError extends Error {
  override readonly name = 'LlmError';
  readonly transient: boolean;
  readonly code?: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly usage?: TokenUsage;

  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    options: LlmErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.transient = TRANSIENT[kind];
    this.code = options.code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.usage = options.usage;
  }
}

export function isLlmError(err: unknown): err is LlmError {
  return err instanceof LlmError;
}

/** The provider's content filter refused the prompt (GLM 1301) or withheld the answer (`sensitive`). */
export function isRefusal(err: unknown): err is LlmError {
  return err instanceof LlmError && err.kind === 'content_blocked';
}

/** `Retry-After` is either delta-seconds or an HTTP date; `retry-after-ms` is an OpenAI extension. */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') && Number.isFinite(ms)) return Math.max(0, ms);
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// Z.ai business codes (`{ error: { code, message } }`), which say more than the HTTP status:
// a 429 may be a concurrency limit (retry) or an empty balance (do not).
const BY_CODE: Record<string, LlmErrorKind> = {
  '1000': 'auth',
  '1001': 'auth',
  '1002': 'auth',
  '1003': 'auth',
  '1004': 'auth',
  '1113': 'quota',
  '1211': 'unknown_model',
  '1301': 'content_blocked',
  '1302': 'rate_limit',
  '1303': 'rate_limit',
  '1304': 'quota',
  '1305': 'overloaded',
  '1308': 'quota',
};
const CONTEXT_CODES = new Set(['1210', '1214', '1261']);
const CONTEXT_WORDING = /context|too long|maximum.*tokens|token limit|exceeds.*length|max(imum)? length/i;
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function businessCode(err: APIError): string | undefined {
  const body = err.error as { code?: unknown } | undefined;
  const code = body?.code ?? err.code;
  return (typeof code === 'string' && code !== '') || typeof code === 'number' ? String(code) : undefined;
}

function bodyMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : err.message;
}

function kindFromStatus(status: number, message: string): LlmErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'unknown_model';
  if (status === 408) return 'timeout';
  if (status === 413) return 'context_too_long';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500) return 'server';
  if (status === 400 || status === 422) return CONTEXT_WORDING.test(message) ? 'context_too_long' : 'invalid_request';
  return 'invalid_request';
}

function fromApiError(err: APIError): LlmError {
  const code = businessCode(err);
  const message = bodyMessage(err);
  const status = err.status;
  let kind: LlmErrorKind | undefined = code ? BY_CODE[code] : undefined;
  if (!kind && code && CONTEXT_CODES.has(code)) {
    kind = CONTEXT_WORDING.test(message) ? 'context_too_long' : 'invalid_request';
  }
  kind ??= kindFromStatus(status ?? 0, message);
  const retryAfterMs = parseRetryAfter(err.headers);
  return new LlmError(kind, `GLM ${status ?? ''} ${code ?? ''}: ${message}`.replace(/\s+/g, ' '), {
    code,
    status,
    retryAfterMs,
    cause: err,
  });
}

// Duck-typed rather than `instanceof Error`: DOMException and errors from other realms (undici,
// test sandboxes) fail that check.
type ErrorLike = { name?: unknown; code?: unknown; cause?: unknown; message?: unknown };
const asErrorLike = (err: unknown): ErrorLike | undefined => (typeof err === 'object' && err !== null ? (err as ErrorLike) : undefined);

function errnoCode(err: unknown): string | undefined {
  let current = asErrorLike(err);
  for (let depth = 0; depth < 4 && current; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = asErrorLike(current.cause);
  }
  return undefined;
}

/**
 * Maps anything a provider call throws onto the small vocabulary the queue decides on; `sdk`
 * recognises the openai SDK's own errors (a provider built on it passes its classes).
 */
export function classifyLlmError(err: unknown, sdk?: SdkErrorClasses): LlmError {
  if (err instanceof LlmError) return err;
  if ((sdk && err instanceof sdk.APIUserAbortError) || asErrorLike(err)?.name === 'AbortError') {
    return new LlmError('cancelled', 'LLM call cancelled', { cause: err });
  }
  if (sdk && err instanceof sdk.APIConnectionTimeoutError) return new LlmError('timeout', 'LLM call timed out', { cause: err });
  if (sdk && err instanceof sdk.APIConnectionError) {
    return new LlmError('network', `LLM connection failed: ${err.message}`, { code: errnoCode(err.cause), cause: err });
  }
  if (sdk && err instanceof sdk.APIError) return fromApiError(err as APIError);
  const errno = errnoCode(err);
  if (errno === 'ETIMEDOUT' || errno === 'UND_ERR_CONNECT_TIMEOUT') {
    return new LlmError('timeout', 'LLM call timed out', { code: errno, cause: err });
  }
  if (errno && (NETWORK_CODES.has(errno) || errno.startsWith('UND_ERR'))) {
    return new LlmError('network', `LLM connection failed: ${errno}`, { code: errno, cause: err });
  }
  const message = typeof asErrorLike(err)?.message === 'string' ? String(asErrorLike(err)?.message) : String(err);
  return new LlmError('unknown', `LLM call failed: ${message}`, { cause: err });
}
