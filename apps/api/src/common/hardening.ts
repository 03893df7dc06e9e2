import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
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
  await app.register(helmet, { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
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
