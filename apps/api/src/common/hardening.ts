import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { AppConfig } from '@insights/config';
import { TokenVerifier } from '../auth/token-verifier.service.js';

/**
 * Security headers and a request limit in front of everything but health probes.
 * CSP is left to the pages that serve HTML (Swagger UI and Bull Board need inline scripts);
 * every other response is JSON. The limit is an abuse guard counted in each API process's
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
  const { requestsPerMinutePerIp, requestsPerMinutePerUser } = config.limits;
  await app.register(rateLimit, {
    keyGenerator: requestKey(app.get(TokenVerifier)),
    max: (_request, key) => (key.startsWith(USER_KEY) ? requestsPerMinutePerUser : requestsPerMinutePerIp),
    timeWindow: 60_000,
    allowList: (request) => request.url.startsWith('/health'),
    errorResponseBuilder: (_request, context) => ({
      success: false,
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
}

const USER_KEY = 'user:';

/**
 * Whose bucket a request draws from. A token the verifier already holds (every request of a
 * polling client after its first) names its user, so users behind one address (an office, a
 * proxy) do not share a bucket; anything else, including a token not seen yet, counts against
 * the client address (`request.ip`, which TRUST_PROXY lets the proxy name). The lookup is the
 * verifier's memo: no second verification and no Redis on the hot read path.
 */
function requestKey(verifier: TokenVerifier): (request: FastifyRequest) => string {
  return (request) => {
    const session = verifier.known(request.headers.authorization);
    return session ? USER_KEY + session.clerkUserId : `ip:${request.ip}`;
  };
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
