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
  // One child per label set, looked up by a short key: the hot read pays no label hashing.
  const series = new Map<string, { observe(value: number): void }>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = `${Math.floor(reply.statusCode / 100)}xx`;
    const key = `${request.method} ${route} ${status}`;
    let child = series.get(key);
    if (!child) {
      child = metrics.httpDuration.labels({ method: request.method, route, status });
      series.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });
  const { user, password } = config.metrics;
  if (!user || !password) return;
  fastify.get(METRICS_PATH, { onRequest: basicAuthHook(user, password, 'metrics', 'metrics need their own credentials') }, async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
