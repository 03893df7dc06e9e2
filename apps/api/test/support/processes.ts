import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@insights/config';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { BullInsightsQueue, type ConnectionRole } from '@insights/queue';
import { QueueAdmin } from '@insights/testkit';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** A real process running an app's built output (dist/), so crashes and signals are real too. */
export class NodeProcess {
  protected readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(entry: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--enable-source-maps', entry], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'log', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => (this.output += chunk.toString());
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (Date.now() > deadline) throw new Error(`the process never printed ${pattern}; output:\n${this.output}`);
      if (this.child.exitCode !== null) throw new Error(`the process exited (${this.child.exitCode}); output:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

export class WorkerProcess extends NodeProcess {
  constructor(env: Record<string, string>) {
    super('apps/worker/dist/main.js', env);
  }

  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    const worker = new WorkerProcess(env);
    await worker.waitFor(/processing "insights-generate"/, 20_000);
    return worker;
  }
}

/** An API process listening on a free loopback port. */
export class ApiProcess extends NodeProcess {
  constructor(
    readonly url: string,
    env: Record<string, string>,
  ) {
    super('apps/api/dist/main.js', { HOST: '127.0.0.1', PORT: new URL(url).port, LOG_LEVEL: 'warn', ...env });
  }

  static async start(env: Record<string, string> = {}): Promise<ApiProcess> {
    const api = new ApiProcess(`http://127.0.0.1:${await freePort()}`, env);
    await eventually(
      async () => {
        if (api.child.exitCode !== null) throw new Error(`the API exited (${api.child.exitCode}); output:\n${api.output}`);
        return (await fetch(`${api.url}/health/ready`).catch(() => undefined))?.ok;
      },
      20_000,
      'the API to be ready',
    );
    return api;
  }
}

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

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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
