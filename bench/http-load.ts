import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

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
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Responses per HTTP status code. */
  codes: Record<string, number>;
  /** How the latencies were taken, for the report. */
  method: string;
  /** Open loop only: how late the generator itself sent requests (p99 and max, ms). */
  sendLag?: { p99: number; max: number };
  /** Open loop only: the slowest answers, as [seconds after the start they were due, latency ms]. */
  slowest?: [number, number][];
}

/**
 * Closed loop: `connections` keep-alive connections, each sending its next request when the
 * previous answer arrives. A warm-up run (discarded) first, so JIT, pools and caches are hot.
 *
 * `counter`, when given, is read twice while the load is steady (1.5 s after the start and
 * 1 s before the end); `perResponse` is its increase divided by the responses in between.
 */
export async function closedLoop(
  target: LoadTarget,
  options: { connections: number; seconds: number; warmupSeconds: number; counter?: () => Promise<number> },
): Promise<LoadFigures & { perResponse?: number }> {
  const base = {
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers,
    body: target.body,
    connections: options.connections,
    pipelining: 1,
    timeout: 10,
  } satisfies autocannon.Options;
  if (options.warmupSeconds > 0) await autocannon({ ...base, duration: options.warmupSeconds });

  let responses = 0;
  let finish!: (result: autocannon.Result) => void;
  let failRun!: (error: Error) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    failRun = reject;
  });
  const instance = autocannon({ ...base, duration: options.seconds }, (error, result) => (error ? failRun(error) : finish(result)));
  instance.on('response', () => responses++);

  let perResponse: number | undefined;
  if (options.counter && options.seconds >= 4) {
    const read = options.counter;
    await sleepMs(1_500);
    const [c1, r1] = [await read(), responses];
    await sleepMs((options.seconds - 2.5) * 1_000);
    const [c2, r2] = [await read(), responses];
    perResponse = r2 > r1 ? (c2 - c1) / (r2 - r1) : undefined;
  }
  return { ...fromAutocannon(await finished, 'autocannon, closed loop'), perResponse };
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * autocannon's fixed rate (`overallRate`): each connection may start `rate / connections`
 * requests per one-second window, back to back, then waits for the next window; latencies go
 * through HdrHistogram's recordValueWithExpectedInterval (its coordinated-omission correction).
 */
export async function autocannonFixedRate(
  target: LoadTarget,
  options: { connections: number; seconds: number; warmupSeconds: number; rate: number },
): Promise<LoadFigures> {
  const base = {
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers,
    body: target.body,
    connections: options.connections,
    overallRate: options.rate,
    timeout: 10,
  } satisfies autocannon.Options;
  if (options.warmupSeconds > 0) await autocannon({ ...base, duration: options.warmupSeconds });
  return fromAutocannon(await autocannon({ ...base, duration: options.seconds }), 'autocannon overallRate');
}

function fromAutocannon(result: autocannon.Result, method: string): LoadFigures {
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result['2xx'] + result.non2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    codes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
    method,
  };
}

/**
 * Open loop at a fixed rate: request i is due at start + i / rate whatever happened before, and
 * its latency is measured from that due time, not from when it was actually sent. A stall
 * therefore shows in every request it delays (no coordinated omission), as in wrk2. Requests
 * share `connections` keep-alive sockets; one that finds them all busy waits, and the wait counts.
 */
export async function openLoop(target: LoadTarget, options: { connections: number; seconds: number; rate: number }): Promise<LoadFigures> {
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const total = Math.round(options.rate * options.seconds);
  const latencies = new Float64Array(total);
  const dueAt = new Float64Array(total);
  const answered = new Uint8Array(total);
  const sendLag = new Float64Array(total);
  const intervalMs = 1_000 / options.rate;
  let done = 0;
  let non2xx = 0;
  let errors = 0;
  let finished = 0;
  let lastAnswer = 0;
  const codes: Record<string, number> = {};

  const fire = (due: number, index: number) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: target.method ?? 'GET', headers: target.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (answered[index]) return;
          answered[index] = 1;
          lastAnswer = performance.now();
          codes[String(res.statusCode)] = (codes[String(res.statusCode)] ?? 0) + 1;
          latencies[index] = lastAnswer - due;
          if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
          else done++;
          finished++;
        });
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      if (answered[index]) return;
      answered[index] = 1;
      latencies[index] = performance.now() - due;
      errors++;
      finished++;
    });
    req.end(target.body);
    sendLag[index] = performance.now() - due;
  };

  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) {
        dueAt[sent] = start + sent * intervalMs;
        fire(dueAt[sent]!, sent);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  // Bounded wait for the stragglers; each request also has its own 10 s timeout.
  const deadline = performance.now() + 15_000;
  while (finished < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const now = performance.now();
  // Still unanswered: counted as errors, with the time they have waited so far as latency.
  for (let i = 0; i < total; i++) if (!answered[i]) latencies[i] = now - dueAt[i]!;
  const elapsed = (Math.max(lastAnswer, start + options.seconds * 1_000) - start) / 1_000;
  agent.destroy();

  const sorted = Float64Array.from(latencies.subarray(0, total)).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const lags = Float64Array.from(sendLag.subarray(0, total)).sort();
  const slowest = [...latencies.subarray(0, total)]
    .map((latency, i): [number, number] => [(dueAt[i]! - start) / 1_000, latency])
    .sort((a, b) => b[1] - a[1])
    .slice(0, Math.max(1, Math.ceil(total / 100)));
  return {
    rps: done / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1]!,
    requests: finished,
    non2xx,
    errors: errors + (total - finished),
    codes,
    method: 'open loop, latency from due time',
    sendLag: { p99: lags[Math.ceil(0.99 * lags.length) - 1]!, max: lags[lags.length - 1]! },
    slowest,
  };
}

/** `count` identical requests started at once; resolves with every parsed body and status. */
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
