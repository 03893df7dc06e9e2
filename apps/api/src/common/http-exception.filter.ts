import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DateRangeError } from '@insights/db';
import { AppError, ValidationError } from './app-error.js';
import type { ErrorCode } from './error-codes.js';

const CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

// Fastify's own request errors (bad JSON, body too large, ...) carry a FST_ code and a status.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

interface ErrorBody {
  success: false;
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Maps every error to one JSON shape; internals never reach the client. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, headers } = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void reply
      .status(body.statusCode)
      .headers(headers ?? {})
      .send(body);
  }

  toBody(exception: unknown): { body: ErrorBody; headers?: Record<string, string> } {
    if (exception instanceof DateRangeError) exception = new ValidationError(exception.message);
    if (exception instanceof AppError) {
      return {
        body: {
          success: false,
          statusCode: exception.status,
          code: exception.code,
          message: exception.message,
          ...(exception.details === undefined ? {} : { details: exception.details }),
        },
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const {
        message = exception.message,
        statusCode: _s,
        error: _e,
        ...rest
      } = typeof response === 'string' ? { message: response } : (response as Record<string, unknown>);
      const body: ErrorBody = { success: false, statusCode: status, code: CODES[status] ?? 'HTTP_ERROR', message: String(message) };
      // e.g. the failing checks of a readiness probe
      if (Object.keys(rest).length) body.details = rest;
      return { body };
    }
    const unavailable = dependencyOutage(exception);
    if (unavailable) {
      return {
        body: { success: false, statusCode: 503, code: unavailable, message: 'a backing service is unavailable; try again shortly' },
        headers: { 'retry-after': '5' },
      };
    }
    const fst = exception as { code?: unknown; statusCode?: unknown; message?: unknown };
    if (typeof fst.code === 'string' && typeof fst.statusCode === 'number' && fst.statusCode < 500) {
      return {
        body: {
          success: false,
          statusCode: fst.statusCode,
          code: FASTIFY_CODES[fst.code] ?? CODES[fst.statusCode] ?? 'BAD_REQUEST',
          message: String(fst.message),
        },
      };
    }
    return {
      body: {
        success: false,
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        code: 'INTERNAL_ERROR',
        message: 'Internal server error',
      },
    };
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/** Connection failures to Postgres or Redis are outages (503), not bugs (500). */
function dependencyOutage(exception: unknown): ErrorCode | undefined {
  for (let e = exception as { code?: unknown; message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    const message = typeof e.message === 'string' ? e.message : '';
    if (/Connection terminated|timeout exceeded when trying to connect|the database system is (starting|shutting) up|not queryable/i.test(message)) {
      return 'DATABASE_UNAVAILABLE';
    }
    if (typeof e.code === 'string' && e.code.startsWith('57P')) return 'DATABASE_UNAVAILABLE';
    if (/enableOfflineQueue|Connection is closed|MaxRetriesPerRequest|Reached the max retries/i.test(message)) return 'REDIS_UNAVAILABLE';
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return /6379|redis/i.test(message) ? 'REDIS_UNAVAILABLE' : 'DATABASE_UNAVAILABLE';
  }
  return undefined;
}
