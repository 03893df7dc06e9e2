import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@insights/config';
import { MetricsService } from '../metrics/metrics.service.js';
import { basicAuthHook } from './basic-auth.js';

export const METRICS_PATH = '/metrics';

/**
 * Request timing for every route, and `/metrics` for Prometheus behind its own credentials;
 * without credentials the endpoint is not mounted (timing is still kept, at one histogram
 * observation per request).
 */
export function mountMetrics(app: NestFastifyApplication, config: AppConfig): void {
  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });
  const { user, password } = config.metrics;
  if (!user || !password) return;
  fastify.get(METRICS_PATH, { onRequest: basicAuthHook(user, password, 'metrics', 'metrics need their own credentials') }, async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
