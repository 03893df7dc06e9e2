import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { handleChat } from './chat.js';
import { handleEmbeddings } from './embeddings.js';
import { faultListSchema, type FaultInput } from './faults.js';
import { BadBodyError, readJsonBody, sendError, sendJson } from './http.js';
import { FakeGlmState, type FakeGlmStats } from './state.js';
import { refusalFrom, refusalSchema, type RefusalInput } from './refusal.js';
import { decodeModelDefaults, realWait, type DecodeModel, type FakeGlmTiming, type FakeGlmWait, type TimingConfig } from './timing.js';

export interface FakeGlmOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Added to every chat call (in either timing); `reset()` returns to this value. */
  latencyMs?: number;
  /**
   * `fixed` (the default, what the test suites use): every answer takes `latencyMs`. `decode`:
   * an answer of N completion tokens takes timeToFirstTokenMs + N / decodeTokensPerSecond seconds
   * (plus `latencyMs`). Benchmarks pass `decodeModelDefaults()`.
   */
  timing?: FakeGlmTiming;
  /** Decode timing only; default 800. */
  timeToFirstTokenMs?: number;
  /** Decode timing only; default 80. */
  decodeTokensPerSecond?: number;
  /**
   * Chat calls the account may have in flight; one more is answered at once with 429 code 1302.
   * Default: 4 in decode timing, no limit in fixed timing.
   */
  accountConcurrency?: number;
  /** Decode timing only: what any embedding request takes before its input is read; default 150. */
  embedLatencyMs?: number;
  /** Decode timing only: input tokens embedded a second; default 50,000. */
  embedTokensPerSecond?: number;
  /**
   * Embedding requests the account may have in flight (counted apart from chat calls); one more
   * is answered at once with 429 code 1302. Default: 8 in decode timing, no limit in fixed timing.
   */
  embedConcurrency?: number;
  /** Replaces the timer the answers wait on (specs record or hold what the server schedules). */
  wait?: FakeGlmWait;
  /** Refuse prompts holding a marker, as GLM's content filter does (see refusal.ts). */
  refuse?: RefusalInput;
}

export interface FakeGlm {
  /** Base URL without a path; `${url}/api/paas/v4` works as well (chat completions and embeddings). */
  url: string;
  port: number;
  stats(): FakeGlmStats;
  reset(): void;
  addFaults(faults: FaultInput[]): void;
  setLatency(ms: number): void;
  /** Switches to fixed timing (no concurrency limit) or to decode timing with these figures. */
  setTiming(model: DecodeModel | 'fixed'): void;
  /** Changes (or with a null marker, ends) the refusal of marked prompts. */
  setRefusal(refuse: RefusalInput): void;
  close(): Promise<void>;
}

const CHAT_PATHS = new Set(['/chat/completions', '/api/paas/v4/chat/completions']);
const EMBEDDING_PATHS = new Set(['/embeddings', '/api/paas/v4/embeddings']);
const configSchema = z.object({ latencyMs: z.number().int().nonnegative() });
const timingSchema = z.object({
  timing: z.enum(['fixed', 'decode']),
  timeToFirstTokenMs: z.number().int().nonnegative(),
  decodeTokensPerSecond: z.number().positive(),
  accountConcurrency: z.union([z.number().int().positive(), z.literal(Number.POSITIVE_INFINITY)]),
  embedLatencyMs: z.number().int().nonnegative(),
  embedTokensPerSecond: z.number().positive(),
  embedConcurrency: z.union([z.number().int().positive(), z.literal(Number.POSITIVE_INFINITY)]),
});

function timingFrom(options: FakeGlmOptions): TimingConfig {
  const defaults = decodeModelDefaults();
  const timing = options.timing ?? 'fixed';
  const parsed = timingSchema.parse({
    timing,
    timeToFirstTokenMs: options.timeToFirstTokenMs ?? defaults.timeToFirstTokenMs,
    decodeTokensPerSecond: options.decodeTokensPerSecond ?? defaults.decodeTokensPerSecond,
    accountConcurrency: options.accountConcurrency ?? (timing === 'decode' ? defaults.accountConcurrency : Number.POSITIVE_INFINITY),
    embedLatencyMs: options.embedLatencyMs ?? defaults.embedLatencyMs,
    embedTokensPerSecond: options.embedTokensPerSecond ?? defaults.embedTokensPerSecond,
    embedConcurrency: options.embedConcurrency ?? (timing === 'decode' ? defaults.embedConcurrency : Number.POSITIVE_INFINITY),
  });
  return { ...parsed, wait: options.wait ?? realWait };
}

async function route(req: IncomingMessage, res: ServerResponse, state: FakeGlmState, signal: AbortSignal) {
  const path = new URL(req.url ?? '/', 'http://fake').pathname.replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  if (method === 'GET' && path === '/__control/stats') return sendJson(res, 200, state.stats());
  if (method !== 'POST' || !(CHAT_PATHS.has(path) || EMBEDDING_PATHS.has(path) || path.startsWith('/__control/'))) {
    return sendError(res, { status: 404, code: '404', message: `No route for ${method} ${path}.` });
  }
  const body = await readJsonBody(req);
  if (CHAT_PATHS.has(path)) return handleChat(req, res, body, state, signal);
  if (EMBEDDING_PATHS.has(path)) return handleEmbeddings(req, res, body, state, signal);
  switch (path) {
    case '/__control/faults':
      state.faults.add(faultListSchema.parse(body));
      return sendJson(res, 200, { pending: state.faults.pending });
    case '/__control/config':
      state.latencyMs = configSchema.parse(body).latencyMs;
      return sendJson(res, 200, { latencyMs: state.latencyMs });
    case '/__control/refuse':
      state.refusal = refusalFrom(refusalSchema.parse(body));
      return sendJson(res, 200, { refusal: state.refusal });
    case '/__control/reset':
      state.reset();
      return sendJson(res, 200, state.stats());
    default:
      return sendError(res, { status: 404, code: '404', message: `No control route ${path}.` });
  }
}

export async function startFakeGlm(options: FakeGlmOptions = {}): Promise<FakeGlm> {
  const host = options.host ?? '127.0.0.1';
  const state = new FakeGlmState(options.latencyMs ?? 0, timingFrom(options));
  state.refusal = refusalFrom(options.refuse);

  const server = createServer((req, res) => {
    const controller = new AbortController();
    state.pending.add(controller);
    // 'close' on the response fires when the socket goes away; unfinished means the client left.
    res.on('close', () => {
      if (!res.writableEnded) controller.abort();
    });
    route(req, res, state, controller.signal)
      .catch((error: unknown) => {
        const invalid = error instanceof BadBodyError || error instanceof z.ZodError;
        const message = error instanceof z.ZodError ? z.prettifyError(error) : String((error as Error).message);
        sendError(res, { status: invalid ? 400 : 500, code: invalid ? '1214' : '500', message });
      })
      .finally(() => state.pending.delete(controller));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    port,
    stats: () => state.stats(),
    reset: () => state.reset(),
    addFaults: (faults) => state.faults.add(faults),
    setLatency: (ms) => {
      state.latencyMs = configSchema.parse({ latencyMs: ms }).latencyMs;
    },
    setTiming: (model) => {
      const next = timingFrom(model === 'fixed' ? { timing: 'fixed' } : model);
      Object.assign(state.timing, { ...next, wait: state.timing.wait });
    },
    setRefusal: (refuse) => {
      state.refusal = refusalFrom(refuse);
    },
    close: async () => {
      for (const controller of state.pending) controller.abort();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
