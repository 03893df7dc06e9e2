import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { AppConfig } from '@insights/config';

/**
 * Security headers and a per-IP request limit in front of everything but health probes.
 * CSP is left to the pages that serve HTML (Swagger UI and Bull Board need inline scripts);
 * every other response is JSON. The IP limit is an abuse guard counted in each API process's
 * memory: no Redis round trip on the hot read path, and it keeps working while Redis is down.
 * (The per-user job limit, which must hold across processes, is kept in Redis.)
 */
export async function harden(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const headers = securityHeaders();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  await app.register(rateLimit, {
    max: config.limits.requestsPerMinutePerIp,
    timeWindow: 60_000,
    allowList: (request) => request.url.startsWith('/health'),
    errorResponseBuilder: (_request, context) => ({
      success: false,
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `too many requests from this address; try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
}

/**
 * Helmet's headers, computed once: with CSP off none of them depends on the request, and running
 * helmet's middleware chain per request was a measurable part of a cached read's CPU.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false })({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}
