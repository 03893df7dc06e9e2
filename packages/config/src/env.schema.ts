import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { parseTrustProxy } from './trust-proxy.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const hostPort = /^(?<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?<port>\d{1,5})$/;

/** `host:port,host:port`: the seed nodes of a Redis Cluster. */
const nodeList = list
  .refine((nodes) => nodes.length > 0 && nodes.every((node) => hostPort.test(node) && Number(node.split(':').pop()) <= 65_535), {
    message: 'must be a comma-separated list of host:port',
  })
  .transform((nodes) =>
    nodes.map((node) => {
      const { host, port } = hostPort.exec(node)!.groups!;
      return { host: host.replace(/^\[(.*)\]$/, '$1'), port: Number(port) };
    }),
  );

const url = (protocols: string[]) =>
  z.url({ message: `must be a URL (${protocols.join(', ')})` }).refine(
    (v) => protocols.some((p) => v.startsWith(`${p}://`)),
    { message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}` },
  );

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

/** Fastify's `trustProxy`: a hop count or the proxies' addresses (see trust-proxy.ts). */
const trustProxy = z.string().transform((v, ctx) => {
  const parsed = parseTrustProxy(v);
  if ('value' in parsed) return parsed.value;
  ctx.addIssue({ code: 'custom', message: parsed.problem });
  return z.NEVER;
});

/** Every variable the service reads; `.env.example` documents each one. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(1, 65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  CORS_ORIGINS: list.default([]),
  SWAGGER_ENABLED: bool.default(true),
  SWAGGER_USER: z.string().min(1).optional(),
  SWAGGER_PASSWORD: z.string().min(1).optional(),
  // Unset: X-Forwarded-For is ignored and the peer's address is the client's.
  TRUST_PROXY: trustProxy.optional(),
  SWAGGER_PUBLIC: bool.default(false),

  DATABASE_URL: url(['postgres', 'postgresql']).default(
    'postgres://postgres@127.0.0.1:5432/feedback_insights',
  ),
  DATABASE_POOL_MAX: int(1, 200).default(10),
  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  CACHE_REDIS_URL: url(['redis', 'rediss']).optional(),
  REDIS_CLUSTER_NODES: nodeList.optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, _ or -' })
    .default('fi'),

  CLERK_JWT_KEY: z.string().min(1).optional(),
  CLERK_AUTHORIZED_PARTIES: list.default(['http://localhost:3000']),
  // The longest an API process trusts what it remembers about a token, a user or a project's
  // owner and generation without asking again; a backstop to the Postgres notices.
  AUTH_MEMO_TTL_MS: int(1_000, 3_600_000).default(60_000),

  GLM_API_KEY: z.string().min(1).optional(),
  GLM_BASE_URL: url(['http', 'https']).default('https://api.z.ai/api/paas/v4'),
  GLM_MODEL: z.string().min(1).default('glm-4.5-flash'),
  GLM_TIMEOUT_MS: int(1000, 600_000).default(60_000),
  GLM_CONCURRENCY: int(1, 100).default(4),
  // GLM-4.5 / GLM-4.5-Flash: 128K; GLM-4.6: about 200K.
  GLM_CONTEXT_TOKENS: int(32_000, 2_000_000).default(128_000),
  GLM_MAX_OUTPUT_TOKENS: int(8_000, 1_000_000).default(16_384),
  // Entries one map call holds at most; unset: as many as GLM_MAX_OUTPUT_TOKENS allows.
  GLM_MAP_ENTRIES_PER_CALL: int(1, 500).optional(),
  INSIGHTS_PROVIDER: z.enum(['glm', 'offline']).optional(),
  INSIGHTS_MAX_FEEDBACK: int(1, 1_000_000).default(5_000),
  INSIGHTS_MAX_TOKENS_PER_RUN: int(1_000).default(2_000_000),
  INSIGHTS_CHUNK_TOKENS: int(500, 100_000).default(6_000),
  INSIGHTS_LARGE_JOB_MIN_FEEDBACK: int(1, 10_000_000).default(2_000),
  WORKER_CONCURRENCY: int(1, 64).default(2),
  WORKER_LARGE_JOB_CONCURRENCY: int(1, 64).default(1),
  QUEUE_JOBS_PER_SECOND: int(1, 10_000).default(50),
  WORKER_LOCK_MS: int(1_000).optional(),
  WORKER_STALLED_INTERVAL_MS: int(500).default(15_000),
  WORKER_SHUTDOWN_GRACE_MS: int(0).default(10_000),
  RECONCILE_INTERVAL_MS: int(1_000).default(60_000),
  AUTO_REFRESH: bool.default(true),
  AUTO_REFRESH_DEBOUNCE_MS: int(100, 3_600_000).default(30_000),
  AUTO_REFRESH_MAX_WAIT_MS: int(100, 86_400_000).default(300_000),
  AUTO_REFRESH_READ_WINDOW_MS: int(1_000).default(24 * 60 * 60 * 1000),
  NOTIFY_WEBHOOK_URL: url(['http', 'https']).optional(),
  NOTIFY_WEBHOOK_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  NOTIFY_TIMEOUT_MS: int(100, 60_000).default(5_000),
  NOTIFY_RETRY_DELAY_MS: int(10, 600_000).default(5_000),
  WEBHOOK_ALLOWED_HOSTS: list.default([]),
  WEBHOOK_ALLOW_LOOPBACK: bool.default(false),
  WORKER_HTTP_PORT: int(0, 65_535).default(9_464),
  WORKER_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  JOBS_PER_MINUTE_PER_USER: int(1, 10_000).default(30),
  REQUESTS_PER_MINUTE_PER_IP: int(1, 1_000_000).default(1_200),
  INSIGHTS_DAILY_TOKEN_BUDGET: int(0).default(5_000_000),
  REQUESTS_PER_MINUTE_PER_USER: int(1, 1_000_000).default(1_200),
  WIDGET_WRITES_PER_MINUTE_PER_PROJECT: int(1, 1_000_000).default(120),
  WIDGET_KEY_FAILURES_PER_MINUTE_PER_PROJECT: int(1, 10_000).default(10),
  EVENTS_MAX_STREAMS_PER_USER: int(1, 1_000).default(10),
  EVENTS_HEARTBEAT_MS: int(100, 300_000).default(15_000),
  EVENTS_TOKEN_TTL_SECONDS: int(10, 3_600).default(120),
  METRICS_USER: z.string().min(1).optional(),
  METRICS_PASSWORD: z.string().min(8, { message: 'must be at least 8 characters' }).optional(),
  INSIGHTS_CACHE_TTL_MS: int(1000).default(24 * 60 * 60 * 1000),
  // Unset: off in production, on elsewhere.
  INSIGHTS_LEGACY_GENERATE: bool.optional(),
  // Spend policy: a user's daily LLM tokens over all their projects (0: none), and how long the
  // legacy synchronous endpoint waits for its job.
  USER_DAILY_TOKEN_BUDGET: int(0).default(20_000_000),
  INSIGHTS_LEGACY_WAIT_MS: int(1_000, 900_000).default(120_000),
  REDACT_PERSONAL_DATA: bool.default(true),
  REDACTION_PHONE_COUNTRIES: list
    .refine((codes) => codes.length > 0 && codes.every((code) => isSupportedCountry(code)), {
      message: 'must be a comma-separated list of ISO 3166 country codes, e.g. US,GB,DE',
    })
    .default(['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP']),

  BULL_BOARD_USER: z.string().min(1).optional(),
  BULL_BOARD_PASSWORD: z.string().min(8, { message: 'must be at least 8 characters' }).optional(),
});

export type RawEnv = z.input<typeof envSchema>;
export type ParsedEnv = z.output<typeof envSchema>;
