import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import type { DatabaseHandle } from '@insights/db';
import { APP_CONFIG, DATABASE, basicAuthMatcher } from '@insights/platform';
import { QueueMonitor } from '@insights/queue';
import { WorkerMetrics } from './worker-metrics.service.js';

const PROBE_TIMEOUT_MS = 1_500;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
};

/**
 * The configured port is taken, most often by another worker on the same host. The worker stops
 * rather than moving to another port: Prometheus, the alerts and the orchestrator's health check
 * all name this port, so a worker anywhere else would run unwatched.
 */
export class WorkerHttpPortTaken extends Error {
  constructor(host: string, port: number) {
    super(`WORKER_HTTP_PORT ${port} is already in use on ${host}:${port} (another worker on this host?): give each worker its own port, or 0 for none`);
    this.name = 'WorkerHttpPortTaken';
  }
}

/**
 * The worker's own small HTTP server (WORKER_HTTP_PORT): liveness, readiness (Postgres and Redis
 * answer) and Prometheus metrics. Metrics follow the API's rule: served only behind
 * METRICS_USER / METRICS_PASSWORD, not at all without them.
 */
@Injectable()
export class WorkerHttpServer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHttpServer.name);
  private server?: Server;
  private readonly authorized?: (header: string | undefined) => boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly queue: QueueMonitor,
    private readonly metrics: WorkerMetrics,
  ) {
    const { user, password } = config.metrics;
    if (user && password) this.authorized = basicAuthMatcher(user, password);
  }

  /** At module init, before the processor starts taking jobs at bootstrap: a worker that cannot serve its port stops holding none. */
  async onModuleInit(): Promise<void> {
    const { port, host } = this.config.worker.http;
    if (!port) return;
    const server = createServer((req, res) => void this.route(req, res).catch(() => send(res, 500, { status: 'error' })));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new WorkerHttpPortTaken(host, port) : error));
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.logger.log(`health${this.authorized ? ' and metrics' : ''} on http://${host}:${port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { status: 'error', message: 'GET only' }, { allow: 'GET, HEAD' });
    if (path === '/health') return send(res, 200, { status: 'ok', info: {}, error: {}, details: {} });
    if (path === '/health/ready') return this.ready(res);
    if (path === '/metrics' && this.authorized) {
      if (!this.authorized(req.headers.authorization)) {
        return send(res, 401, { status: 'error', message: 'metrics need their own credentials' }, { 'www-authenticate': 'Basic realm="metrics"' });
      }
      return send(res, 200, await this.metrics.registry.metrics(), { 'content-type': this.metrics.registry.contentType });
    }
    return send(res, 404, { status: 'error', message: `no route ${path}` });
  }

  /** Terminus' report shape, so one probe config fits both processes. */
  private async ready(res: ServerResponse): Promise<void> {
    const probe = async (check: () => Promise<unknown>) => {
      try {
        await withTimeout(check(), PROBE_TIMEOUT_MS);
        return { status: 'up' };
      } catch (error) {
        return { status: 'down', message: (error as Error).message };
      }
    };
    const [postgres, redis] = await Promise.all([probe(() => this.database.pool.query('select 1')), probe(() => this.queue.counts())]);
    const details = { postgres, redis };
    const down = Object.fromEntries(Object.entries(details).filter(([, value]) => value.status === 'down'));
    const up = Object.fromEntries(Object.entries(details).filter(([, value]) => value.status === 'up'));
    const healthy = Object.keys(down).length === 0;
    send(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'error', info: up, error: down, details });
  }
}
