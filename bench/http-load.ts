import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadFigures {
  /** Completed requests per second over the measured window. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  requests: number;
  /** Answers outside 2xx/3xx. */
  non2xx: number;
  /** Connect, read, write errors and timeouts. */
  errors: number;
}

// wrk calls done() once at the end: its latency histogram is exact (microseconds).
const REPORT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"us":%d,"non2xx":%d,"errors":%d,"p50":%d,"p95":%d,"p99":%d,"max":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
`;

/** wrk must be on PATH (Debian: apt-get install wrk); checked before any run. */
export async function requireWrk(): Promise<string> {
  try {
    const { stdout, stderr } = await run('wrk', ['--version']).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }));
    const line = `${stdout}${stderr}`.split('\n')[0]!.trim();
    if (!line.startsWith('wrk')) throw new Error(line);
    return line;
  } catch {
    throw new Error('wrk is not installed: apt-get install wrk (the load generator must not share the Node event loop it measures)');
  }
}

/**
 * Closed loop with wrk: `connections` keep-alive connections on one thread, each sending its next
 * request when the previous answer arrives, for `seconds`, after a discarded warm-up run.
 * `during`, when given, runs while the measured run is in flight (e.g. reads a counter).
 */
export async function closedLoop<T = undefined>(
  target: LoadTarget,
  options: { connections: number; seconds: number; warmupSeconds: number; during?: () => Promise<T> },
): Promise<LoadFigures & { during?: T }> {
  const dir = await mkdtemp(join(tmpdir(), 'wrk-'));
  try {
    const script = join(dir, 'run.lua');
    const setup = [`wrk.method = ${JSON.stringify(target.method ?? 'GET')}`];
    if (target.body !== undefined) setup.push(`wrk.body = ${JSON.stringify(target.body)}`);
    await writeFile(script, `${setup.join('\n')}\n${REPORT}`);
    const headers = Object.entries(target.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    const args = (seconds: number) => ['-t1', `-c${options.connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, ...headers, target.url];
    if (options.warmupSeconds > 0) await run('wrk', args(options.warmupSeconds));
    const measured = run('wrk', args(options.seconds), { maxBuffer: 1 << 20 });
    const during = options.during ? await options.during() : undefined;
    const { stdout } = await measured;
    const line = stdout.split('\n').find((l) => l.startsWith('WRK '));
    if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
    const r = JSON.parse(line.slice(4)) as { requests: number; us: number; non2xx: number; errors: number; p50: number; p95: number; p99: number; max: number };
    return {
      rps: r.requests / (r.us / 1e6),
      p50: r.p50 / 1000,
      p95: r.p95 / 1000,
      p99: r.p99 / 1000,
      max: r.max / 1000,
      requests: r.requests,
      non2xx: r.non2xx,
      errors: r.errors,
      during,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `count` identical requests at once (fetch); each answer's status, body and latency. */
export async function burst<T>(target: LoadTarget, count: number): Promise<{ status: number; body: T; ms: number }[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const started = performance.now();
      const res = await fetch(target.url, {
        method: target.method ?? 'GET',
        headers: target.headers,
        body: target.body,
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json()) as T;
      return { status: res.status, body, ms: performance.now() - started };
    }),
  );
}
