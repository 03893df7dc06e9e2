import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoFeedback, freePort, SPAWNED_TIMINGS, waitForPort } from '@insights/testkit';
import type { createTestApp } from '@insights/api/testing';

/** The in-process API application. */
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A private redis-server child on its own port, with no persistence: stopping it loses its data,
 * exactly like a crashed Redis without AOF.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  output = '';

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.restart();
    return redis;
  }

  /** Starts (again) on the same port. */
  async restart(): Promise<void> {
    if (this.running) return;
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000)));
    child.stderr!.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000)));
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    if (!(await waitForPort(this.port, 10_000))) throw new Error(`redis-server did not start on ${this.port}:\n${this.output}`);
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Stops it hard (SIGKILL): clients see their connections reset. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exited;
  }
}

/**
 * A TCP proxy in front of a backend (Postgres). `cut()` closes the listener and destroys every
 * open connection, so clients see resets and then refused connections; `restore()` listens on
 * the same port again.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private trigger?: { pattern: string; fired: () => void };
  connections = 0;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), target);
    await proxy.restore();
    return proxy;
  }

  async restore(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      this.connections++;
      const upstream = createConnection(this.target);
      this.sockets.add(client);
      this.sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop);
      upstream.on('error', drop);
      client.on('close', drop);
      upstream.on('close', drop);
      client.on('data', (chunk: Buffer) => {
        const trigger = this.trigger;
        if (trigger && chunk.includes(trigger.pattern)) {
          this.trigger = undefined;
          // Let this chunk reach the server, then cut: the statement started, its transaction never ends.
          upstream.write(chunk, () => void this.cut().then(trigger.fired));
          return;
        }
        if (!upstream.write(chunk)) client.pause();
      });
      upstream.on('drain', () => client.resume());
      upstream.pipe(client);
    });
    // Retries briefly in case the port is still being released after a cut.
    for (let attempt = 0; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(this.port, '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
          });
        });
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await sleep(100);
      }
    }
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  /** Cuts the proxy right after a client sends bytes containing `pattern`; resolves once cut. */
  cutWhenSent(pattern: string): Promise<void> {
    return new Promise((fired) => (this.trigger = { pattern, fired }));
  }

  get isUp(): boolean {
    return !!this.server;
  }
}

/** Resolves with the value, or rejects after `ms` (a request that hangs is a finding too). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Sets variables for the duration of a test file; `restore()` puts the previous values back. */
export function setEnv(values: Record<string, string>): { restore(): void } {
  const previous = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(values)) {
    previous.set(key, process.env[key]);
    process.env[key] = value;
  }
  return {
    restore() {
      for (const [key, value] of previous) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}

/** A project with `count` deterministic feedback entries, created through the API. */
export async function createProject(app: TestApp, headers: Record<string, string>, count: number, seed: number): Promise<{ id: string; apiKey: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/projects', headers, payload: { name: `fault-${seed}` } });
  if (res.statusCode !== 201) throw new Error(`project creation answered ${res.statusCode}: ${res.body}`);
  const created = res.json().data as { id: string; apiKey: string };
  const items = [...demoFeedback({ count, seed })].map((f) => ({ text: f.text, rating: f.rating, createdAt: f.createdAt!.toISOString() }));
  const bulk = await app.inject({ method: 'POST', url: `/api/projects/${created.id}/feedback/bulk`, headers, payload: { items } });
  if (bulk.statusCode !== 201) throw new Error(`bulk import answered ${bulk.statusCode}: ${bulk.body}`);
  return created;
}

/** The settings every fault suite shares: the GLM client against the fake server, no spending caps. */
export function glmEnv(fakeUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    INSIGHTS_PROVIDER: 'glm',
    GLM_API_KEY: 'test-key',
    GLM_BASE_URL: fakeUrl,
    INSIGHTS_CHUNK_TOKENS: '1500',
    INSIGHTS_DAILY_TOKEN_BUDGET: '0',
    JOBS_PER_MINUTE_PER_USER: '10000',
    ...SPAWNED_TIMINGS.quickShutdown,
    ...overrides,
  };
}
