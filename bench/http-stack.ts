import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createDatabase, dropDatabase, ensureDatabase, runMigrations, type DatabaseHandle } from '@insights/db';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEEP_OUTPUT_CHARS = 20_000;

/** A child Node process running an entry point (built `.js` or a `.ts` file); its output is kept, not echoed. */
export class ChildTs {
  protected readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;
  private expectedExit = false;

  constructor(
    readonly name: string,
    entry: string,
    env: NodeJS.ProcessEnv,
    onUnexpectedExit: (name: string, code: number | null, output: string) => void,
    args: string[] = [],
    nodeArgs: string[] = [],
  ) {
    // Built JavaScript as production runs it, or a TypeScript file compiled at start.
    const runner = entry.endsWith('.ts') ? ['--conditions=development', '--import', '@swc-node/register/esm-register'] : ['--enable-source-maps'];
    this.child = spawn(process.execPath, [...nodeArgs, ...runner, entry, ...args], {
      cwd: ROOT,
      // Benchmarks run several workers at once: none serves HTTP unless the benchmark asks.
      env: { WORKER_HTTP_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-KEEP_OUTPUT_CHARS);
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        if (!this.expectedExit) onUnexpectedExit(this.name, code ?? (signal ? -1 : null), this.output);
        resolve(code);
      }),
    );
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until the output matches `pattern`; fails if the process exits or the time runs out. */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (!this.running) throw new Error(`${this.name} exited before printing ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not print ${pattern} within ${timeoutMs / 1000} s:\n${this.output}`);
      await sleep(50);
    }
  }

  /** SIGTERM, then SIGKILL if it is still running after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    this.expectedExit = true;
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A port free on 127.0.0.1 right now (the OS picks it; the caller binds it soon after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`${url}: the process serving it exited`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
}

/** Polls until `check` returns a value, or throws after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}

export interface Throwaway {
  databaseUrl: string;
  redisUrl: string;
  keyPrefix: string;
  handle: DatabaseHandle;
  redis: Redis;
  /** Drops the database and deletes every Redis key carrying the prefix; safe to call twice. */
  remove(): Promise<void>;
}

/** A fresh database `fi_bench_http_<hex>` (migrated) and a Redis key prefix of the same name. */
export async function createThrowaway(baseDatabaseUrl: string, redisUrl: string): Promise<Throwaway> {
  const name = `fi_bench_http_${randomBytes(4).toString('hex')}`;
  const target = new URL(baseDatabaseUrl);
  target.pathname = `/${name}`;
  const databaseUrl = target.toString();
  await ensureDatabase(databaseUrl);
  const handle = createDatabase(databaseUrl);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  let removed = false;
  const remove = async () => {
    if (removed) return;
    removed = true;
    await handle.close().catch(() => undefined);
    const problems: string[] = [];
    await dropDatabase(databaseUrl).catch((error: unknown) => problems.push(`drop database ${name}: ${String(error)}`));
    await deleteKeys(redis, name).catch((error: unknown) => problems.push(`delete Redis keys ${name}: ${String(error)}`));
    redis.disconnect();
    if (problems.length) throw new Error(problems.join('\n'));
  };
  try {
    await runMigrations(databaseUrl);
  } catch (error) {
    await remove().catch(() => undefined);
    throw error;
  }
  return { databaseUrl, redisUrl, keyPrefix: name, handle, redis, remove };
}

/**
 * Keys use the prefix bare (`p:...`), inside a hash tag (`{p}:...`, BullMQ) or after a namespace;
 * the prefix ends in 8 random hex digits, so matching it anywhere touches nothing else.
 */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  const deadline = Date.now() + 30_000;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1_000);
    if (keys.length) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0' && Date.now() < deadline);
  return deleted;
}
