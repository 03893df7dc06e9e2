import { loadConfig } from '@insights/config';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { BullInsightsQueue, type ConnectionRole } from '@insights/queue';
import { ApiProcess, WorkerProcess } from './processes.js';
import { QueueAdmin } from './queue-admin.js';

/** The insights queue under a suite's key prefix, on the run's Redis (one server or the cluster). */
export function openQueue(keyPrefix: string, role: ConnectionRole = 'producer'): BullInsightsQueue {
  const { redis } = loadConfig(process.env);
  return BullInsightsQueue.open({ redisUrl: redis.url, clusterNodes: redis.clusterNodes, keyPrefix, role });
}

/** Pauses, empties and inspects the queue of a stack under `keyPrefix`, as apps never do. */
export function openQueueAdmin(keyPrefix: string): QueueAdmin {
  const { redis } = loadConfig(process.env);
  return QueueAdmin.open({ redisUrl: redis.url, clusterNodes: redis.clusterNodes, keyPrefix, role: 'producer' });
}

/**
 * Settings for API and worker processes that generate with the real GLM client against a fake
 * GLM server: small chunks and one call at a time, so a job has several visible steps; a Redis
 * prefix of its own per suite, so suites running side by side never share a queue.
 */
export function glmStackEnv(glmUrl: string, prefixSuffix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    INSIGHTS_PROVIDER: 'glm',
    GLM_API_KEY: 'test-key',
    GLM_BASE_URL: glmUrl,
    INSIGHTS_CHUNK_TOKENS: '800',
    GLM_CONCURRENCY: '1',
    REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}-${prefixSuffix}`,
    JOBS_PER_MINUTE_PER_USER: '1000',
    ...extra,
  };
}

export interface GlmStackOptions {
  /** The fake GLM's latency per call, ms. */
  latencyMs?: number;
  /** Settings for both processes, over glmStackEnv's. */
  env?: Record<string, string>;
  /** Settings for the worker alone (its HTTP port, say). */
  workerEnv?: Record<string, string>;
}

/** An API and a worker process on the fake GLM server, with a database handle for counting rows. */
export class GlmStack {
  private constructor(
    readonly fake: FakeGlm,
    readonly api: ApiProcess,
    readonly worker: WorkerProcess,
    readonly db: DatabaseHandle,
  ) {}

  static async start(prefixSuffix: string, options: GlmStackOptions = {}): Promise<GlmStack> {
    const fake = await startFakeGlm({ port: 0, latencyMs: options.latencyMs ?? 0 });
    const env = glmStackEnv(fake.url, prefixSuffix, options.env);
    const [api, worker] = await Promise.all([ApiProcess.start(env), WorkerProcess.start({ ...env, ...options.workerEnv })]);
    return new GlmStack(fake, api, worker, createDatabase(process.env.DATABASE_URL!));
  }

  async stop(): Promise<void> {
    await this.db.close();
    await Promise.all([this.api.stop(), this.worker.stop()]);
    await this.fake.close();
  }
}
