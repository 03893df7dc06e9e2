import type { ParsedEnv } from './env.schema.js';
import type { TrustProxy } from './trust-proxy.js';

/** The validated, typed configuration both apps receive. Nothing else reads `process.env`. */
export interface AppConfig {
  env: ParsedEnv['NODE_ENV'];
  http: {
    host: string;
    port: number;
    corsOrigins: string[];
    swagger: { enabled: boolean; user?: string; password?: string; public: boolean };
    /** Which peers may name the client in X-Forwarded-For (Fastify's `trustProxy`). */
    trustProxy: TrustProxy;
  };
  logLevel: ParsedEnv['LOG_LEVEL'];
  database: { url: string; poolMax: number };
  redis: {
    url: string;
    cacheUrl: string;
    keyPrefix: string;
    /** A Redis Cluster's seed nodes (REDIS_CLUSTER_NODES): the queue and the API's keys live there instead of at `url`, whose credentials and TLS they use. */
    clusterNodes?: { host: string; port: number }[];
    /** The cache's cluster: the same one, unless CACHE_REDIS_URL gives the cache a Redis of its own. */
    cacheClusterNodes?: { host: string; port: number }[];
  };
  auth: {
    jwtKey: string;
    authorizedParties: string[];
    localKey: boolean;
    /** How long a verified token, a user id or a project's owner and generation is remembered at most. */
    memoTtlMs: number;
  };
  glm: {
    apiKey?: string;
    baseUrl: string;
    model: string;
    timeoutMs: number;
    concurrency: number;
    /** The model's context window (prompt and answer). */
    contextTokens: number;
    /** The longest answer a call asks for (max_tokens). */
    maxOutputTokens: number;
    /** A lower cap on the entries of one map call (shorter answers, more calls). */
    mapEntriesPerCall?: number;
  };
  insights: {
    provider: 'glm' | 'offline';
    cacheTtlMs: number;
    legacyGenerate: boolean;
    /** How long POST /insights/generate waits for its job before answering with the job's id. */
    legacyWaitMs: number;
    maxFeedback: number;
    maxTokensPerRun: number;
    /** The chunk memo's unit; map calls hold several chunks. */
    chunkTokens: number;
    /** A scope with at least this many entries (after filters) makes a large job. */
    largeJobMinFeedback: number;
    /** Personal data replaced by placeholders before any prompt; off only when set so explicitly. */
    redaction: { enabled: boolean; phoneCountries: string[] };
  };
  worker: {
    concurrency: number;
    /** Large jobs one process runs at once; the other slots stay free for small ones. */
    largeConcurrency: number;
    jobsPerSecond: number;
    lockMs: number;
    stalledIntervalMs: number;
    shutdownGraceMs: number;
    reconcileIntervalMs: number;
    /** Where a job's final failure is posted when its project names no Slack webhook. */
    notify: { webhookUrl?: string; secret?: string; timeoutMs: number; retryDelayMs: number };
    /** The worker's own small HTTP server (health, metrics); port 0: none. */
    http: { port: number; host: string };
  };
  /**
   * Where outbound webhooks may go: https only in production, never to this host's or the
   * private network's addresses; `allowedHosts` (when set) the only hosts allowed at all.
   */
  webhooks: { requireHttps: boolean; allowedHosts: string[]; allowLoopback: boolean };
  /** Background regeneration after new feedback, for scopes read within the window. */
  autoRefresh: { enabled: boolean; debounceMs: number; maxWaitMs: number; readWindowMs: number };
  limits: {
    jobsPerMinutePerUser: number;
    requestsPerMinutePerIp: number;
    /** A project's LLM tokens per UTC day (0: none). */
    dailyTokenBudget: number;
    /** A user's LLM tokens per UTC day over all their projects and the all-projects scope (0: none). */
    userDailyTokenBudget: number;
    /** Requests carrying a verified token count against their user, the rest against their address. */
    requestsPerMinutePerUser: number;
    /** Widget writes (POST /api/feedback) per project key, across API processes. */
    widgetWritesPerMinutePerProject: number;
    /** Attempts at an existing-backend (bcrypt) key per project and API process before 429 without comparing. */
    widgetKeyFailuresPerMinutePerProject: number;
  };
  /** Live job events (Server-Sent Events). */
  events: { maxStreamsPerUser: number; heartbeatMs: number; tokenTtlSeconds: number };
  metrics: { user?: string; password?: string };
  board: { user?: string; password?: string };
}

export function toAppConfig(env: ParsedEnv, jwtKey: string, localKey: boolean): AppConfig {
  return {
    env: env.NODE_ENV,
    http: {
      host: env.HOST,
      port: env.PORT,
      corsOrigins: env.CORS_ORIGINS,
      swagger: { enabled: env.SWAGGER_ENABLED, user: env.SWAGGER_USER, password: env.SWAGGER_PASSWORD, public: env.SWAGGER_PUBLIC },
      trustProxy: env.TRUST_PROXY ?? false,
    },
    logLevel: env.LOG_LEVEL,
    database: { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
    redis: {
      url: env.REDIS_URL,
      cacheUrl: env.CACHE_REDIS_URL ?? env.REDIS_URL,
      keyPrefix: env.REDIS_KEY_PREFIX,
      clusterNodes: env.REDIS_CLUSTER_NODES,
      cacheClusterNodes: env.CACHE_REDIS_URL ? undefined : env.REDIS_CLUSTER_NODES,
    },
    auth: { jwtKey, authorizedParties: env.CLERK_AUTHORIZED_PARTIES, localKey, memoTtlMs: env.AUTH_MEMO_TTL_MS },
    glm: {
      apiKey: env.GLM_API_KEY,
      baseUrl: env.GLM_BASE_URL,
      model: env.GLM_MODEL,
      timeoutMs: env.GLM_TIMEOUT_MS,
      concurrency: env.GLM_CONCURRENCY,
      contextTokens: env.GLM_CONTEXT_TOKENS,
      maxOutputTokens: env.GLM_MAX_OUTPUT_TOKENS,
      mapEntriesPerCall: env.GLM_MAP_ENTRIES_PER_CALL,
    },
    insights: {
      provider: env.INSIGHTS_PROVIDER ?? (env.GLM_API_KEY ? 'glm' : 'offline'),
      cacheTtlMs: env.INSIGHTS_CACHE_TTL_MS,
      // Every call of it is a generation: a production deployment opts in explicitly.
      legacyGenerate: env.INSIGHTS_LEGACY_GENERATE ?? env.NODE_ENV !== 'production',
      legacyWaitMs: env.INSIGHTS_LEGACY_WAIT_MS,
      maxFeedback: env.INSIGHTS_MAX_FEEDBACK,
      maxTokensPerRun: env.INSIGHTS_MAX_TOKENS_PER_RUN,
      chunkTokens: env.INSIGHTS_CHUNK_TOKENS,
      largeJobMinFeedback: env.INSIGHTS_LARGE_JOB_MIN_FEEDBACK,
      redaction: { enabled: env.REDACT_PERSONAL_DATA, phoneCountries: env.REDACTION_PHONE_COUNTRIES },
    },
    worker: {
      concurrency: env.WORKER_CONCURRENCY,
      largeConcurrency: env.WORKER_LARGE_JOB_CONCURRENCY,
      jobsPerSecond: env.QUEUE_JOBS_PER_SECOND,
      // The job lock must outlive the longest LLM call, or a healthy slow job is declared stalled.
      lockMs: env.WORKER_LOCK_MS ?? env.GLM_TIMEOUT_MS + 30_000,
      stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
      shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS,
      reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
      notify: {
        webhookUrl: env.NOTIFY_WEBHOOK_URL,
        secret: env.NOTIFY_WEBHOOK_SECRET,
        timeoutMs: env.NOTIFY_TIMEOUT_MS,
        retryDelayMs: env.NOTIFY_RETRY_DELAY_MS,
      },
      http: { port: env.WORKER_HTTP_PORT, host: env.WORKER_HTTP_HOST },
    },
    webhooks: {
      requireHttps: env.NODE_ENV === 'production',
      allowedHosts: env.WEBHOOK_ALLOWED_HOSTS.map((host) => host.toLowerCase()),
      allowLoopback: env.WEBHOOK_ALLOW_LOOPBACK,
    },
    autoRefresh: {
      enabled: env.AUTO_REFRESH,
      debounceMs: env.AUTO_REFRESH_DEBOUNCE_MS,
      maxWaitMs: env.AUTO_REFRESH_MAX_WAIT_MS,
      readWindowMs: env.AUTO_REFRESH_READ_WINDOW_MS,
    },
    limits: {
      jobsPerMinutePerUser: env.JOBS_PER_MINUTE_PER_USER,
      requestsPerMinutePerIp: env.REQUESTS_PER_MINUTE_PER_IP,
      dailyTokenBudget: env.INSIGHTS_DAILY_TOKEN_BUDGET,
      requestsPerMinutePerUser: env.REQUESTS_PER_MINUTE_PER_USER,
      widgetWritesPerMinutePerProject: env.WIDGET_WRITES_PER_MINUTE_PER_PROJECT,
      widgetKeyFailuresPerMinutePerProject: env.WIDGET_KEY_FAILURES_PER_MINUTE_PER_PROJECT,
      userDailyTokenBudget: env.USER_DAILY_TOKEN_BUDGET,
    },
    events: {
      maxStreamsPerUser: env.EVENTS_MAX_STREAMS_PER_USER,
      heartbeatMs: env.EVENTS_HEARTBEAT_MS,
      tokenTtlSeconds: env.EVENTS_TOKEN_TTL_SECONDS,
    },
    metrics: { user: env.METRICS_USER, password: env.METRICS_PASSWORD },
    board: { user: env.BULL_BOARD_USER, password: env.BULL_BOARD_PASSWORD },
  };
}

const LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

/** The Nest logger levels enabled by a LOG_LEVEL: that level and every more severe one. */
export function logLevels(level: AppConfig['logLevel']): (typeof LEVELS)[number][] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}
