import { createRequire } from 'node:module';
import { z } from 'zod';
import { variable } from './declare.js';
import { bool, int, list, nodeList, price, trustProxy, url } from './kinds.js';
import { DEFAULT_ANSWER_TOKENS } from './models.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

const redisKeyPrefix = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, _ or -' });
// The metadata's country list, not the library: every process parses its configuration, and the
// library's code and numbering plans hold several MB that only redaction needs.
const phoneMetadata = createRequire(import.meta.url)('libphonenumber-js/metadata.min.json') as { countries: Record<string, unknown> };
const isSupportedCountry = (code: string) => Object.hasOwn(phoneMetadata.countries, code);
const phoneCountries = list.refine((codes) => codes.length > 0 && codes.every((code) => isSupportedCountry(code)), {
  message: 'must be a comma-separated list of ISO 3166 country codes, e.g. US,GB,DE',
});
const nodes = (value: { host: string; port: number }[] | undefined) =>
  (value ?? []).map(({ host, port }) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`)).join(',');

/**
 * Every variable the API and the worker read, by concern. The zod schema (env.schema.ts), the
 * typed AppConfig (app-config.ts), `.env.example` and docs/configuration.md are all made from
 * this list (`pnpm config:docs`); adding a variable is one entry here.
 */
export const VARIABLES = [
  // Server
  variable({
    name: 'NODE_ENV',
    section: 'server',
    path: 'env',
    schema: z.enum(['development', 'test', 'production']),
    default: 'development',
    doc: 'development | test | production. In production the API refuses to start without CLERK_JWT_KEY and CLERK_AUTHORIZED_PARTIES, or with Swagger UI open to anyone unless SWAGGER_PUBLIC=true.',
  }),
  variable({ name: 'HOST', section: 'server', path: 'http.host', schema: z.string().min(1), default: '127.0.0.1', doc: 'Interface the API listens on.' }),
  variable({ name: 'PORT', section: 'server', path: 'http.port', schema: int(1, 65535), default: '3000', doc: 'Port the API listens on.' }),
  variable({
    name: 'LOG_LEVEL',
    section: 'server',
    path: 'logLevel',
    schema: z.enum(LOG_LEVELS),
    default: 'log',
    doc: 'fatal | error | warn | log | debug | verbose: that level and every more severe one are logged.',
  }),
  variable({
    name: 'CORS_ORIGINS',
    section: 'server',
    path: 'http.corsOrigins',
    schema: list,
    default: '',
    doc: 'Comma-separated origins allowed by CORS; empty: CORS disabled.',
  }),
  variable({
    name: 'TRUST_PROXY',
    section: 'server',
    path: 'http.trustProxy',
    schema: trustProxy.optional(),
    defaultText: 'nobody',
    resolve: (value) => value ?? false,
    print: (value) => (value === false ? '' : String(value)),
    doc:
      'Which peers may name the client in X-Forwarded-For (the address the request limit counts). Empty or 0: nobody, the connection’s own address is the client’s (the API faces clients). ' +
      'A number N: the last N hops are proxies; only where clients can reach the API solely through them (the compose stack sets 1 behind its nginx). Otherwise the proxies’ addresses or CIDR ranges, ' +
      'comma-separated (10.0.0.0/8,fd00::/8; also loopback, linklocal, uniquelocal). `true` is refused: it would believe whatever X-Forwarded-For a client writes.',
  }),
  variable({ name: 'SWAGGER_ENABLED', section: 'server', path: 'http.swagger.enabled', schema: bool, default: 'true', doc: 'Serve Swagger UI at /api/docs.' }),
  variable({
    name: 'SWAGGER_USER',
    section: 'server',
    path: 'http.swagger.user',
    schema: z.string().min(1).optional(),
    doc: 'Basic-auth user of Swagger UI (set both SWAGGER_USER and SWAGGER_PASSWORD, or neither).',
  }),
  variable({
    name: 'SWAGGER_PASSWORD',
    section: 'server',
    path: 'http.swagger.password',
    secret: true,
    schema: z.string().min(1).optional(),
    doc: 'Basic-auth password of Swagger UI.',
  }),
  variable({
    name: 'SWAGGER_PUBLIC',
    section: 'server',
    path: 'http.swagger.public',
    schema: bool,
    default: 'false',
    doc: 'Serve Swagger UI without credentials in production on purpose (true | false). Production refuses to start with SWAGGER_ENABLED=true and no SWAGGER_USER unless this is true.',
  }),

  // Database and Redis
  variable({
    name: 'DATABASE_URL',
    section: 'storage',
    path: 'database.url',
    schema: url(['postgres', 'postgresql']),
    default: 'postgres://postgres@127.0.0.1:5432/feedback_insights',
    print: (value) => maskUrlPassword(value),
    doc: 'Postgres; `pnpm db:migrate` creates the database if it does not exist.',
  }),
  variable({
    name: 'DATABASE_POOL_MAX',
    section: 'storage',
    path: 'database.poolMax',
    schema: int(1, 200),
    default: '10',
    doc: 'Postgres connections per process.',
  }),
  variable({
    name: 'REDIS_URL',
    section: 'storage',
    path: 'redis.url',
    schema: url(['redis', 'rediss']),
    default: 'redis://127.0.0.1:6379',
    print: (value) => maskUrlPassword(value),
    doc: 'Redis for the job queue: run it with maxmemory-policy noeviction (and AOF in production).',
  }),
  variable({
    name: 'CACHE_REDIS_URL',
    section: 'storage',
    path: 'redis.cacheUrl',
    schema: url(['redis', 'rediss']).optional(),
    defaultText: 'REDIS_URL',
    resolve: (value, { get }) => value ?? get<string>('REDIS_URL'),
    print: (value) => maskUrlPassword(value),
    doc: 'Redis for the insights cache; may use an eviction policy.',
  }),
  variable({
    name: 'REDIS_KEY_PREFIX',
    section: 'storage',
    path: 'redis.keyPrefix',
    schema: redisKeyPrefix,
    default: 'fi',
    doc: 'Prefix of every Redis key this service writes (letters, digits, _ and -).',
  }),
  variable({
    name: 'REDIS_CLUSTER_NODES',
    section: 'storage',
    path: 'redis.clusterNodes',
    schema: nodeList.optional(),
    print: nodes,
    doc:
      'A Redis Cluster instead of the one server at REDIS_URL: seed nodes as host:port,host:port. The queue, the API’s own keys and the cache (unless CACHE_REDIS_URL is set) go to the cluster; ' +
      'REDIS_URL then only supplies the password, user and TLS (rediss://) for its nodes.',
  }),

  // Auth
  variable({
    name: 'CLERK_JWT_KEY',
    section: 'auth',
    path: 'auth.jwtKey',
    schema: z.string().min(1).optional(),
    defaultText: 'a local key pair (outside production)',
    resolve: (value) => value?.replaceAll('\\n', '\n') ?? '',
    print: (value) => (value ? `${value.replace(/\s+/g, ' ').slice(0, 40)}…` : ''),
    doc:
      'The Clerk instance’s PEM public key (Dashboard > API keys > JWT public key); literal \\n sequences are accepted. Unset outside production: a local key pair in .local/ is generated and trusted, ' +
      'and `pnpm run token` mints tokens for it.',
  }),
  variable({
    name: 'CLERK_AUTHORIZED_PARTIES',
    section: 'auth',
    path: 'auth.authorizedParties',
    schema: list,
    default: 'http://localhost:3000',
    doc: 'Comma-separated origins allowed in the token’s azp claim (your dashboard’s URL); required in production, where the local default is refused.',
  }),
  variable({
    name: 'AUTH_MEMO_TTL_MS',
    section: 'auth',
    path: 'auth.memoTtlMs',
    schema: int(1_000, 3_600_000),
    default: '60000',
    doc:
      'Milliseconds an API process trusts what it remembered about a token (never past its exp), a user or a project’s owner and feedback generation before asking again. ' +
      'Postgres notices drop a changed project at once; this bounds what a lost notice could leave behind.',
  }),

  // Model provider
  variable({
    name: 'INSIGHTS_PROVIDER',
    section: 'model',
    path: 'insights.provider',
    schema: z.enum(['glm', 'offline']).optional(),
    defaultText: 'glm when GLM_API_KEY is set, else offline',
    resolve: (value, { get }): 'glm' | 'offline' => value ?? (get<string | undefined>('GLM_API_KEY') ? 'glm' : 'offline'),
    doc: 'glm | offline: the model, or the offline analyser that produces insights from the data alone.',
  }),
  variable({
    name: 'GLM_API_KEY',
    section: 'model',
    path: 'glm.apiKey',
    secret: true,
    schema: z.string().min(1).optional(),
    doc: 'API key of the GLM account; without it the offline analyser runs.',
  }),
  variable({
    name: 'GLM_BASE_URL',
    section: 'model',
    path: 'glm.baseUrl',
    schema: url(['http', 'https']),
    default: 'https://api.z.ai/api/paas/v4',
    doc: 'OpenAI-compatible base URL (the fake server: http://127.0.0.1:4010).',
  }),
  variable({
    name: 'GLM_MODEL',
    section: 'model',
    path: 'glm.model',
    schema: z.string().min(1),
    default: 'glm-4.5-flash',
    doc: 'Chat model. The table knows glm-4.6, glm-4.5, glm-4.5-x, glm-4.5-air, glm-4.5-airx and glm-4.5-flash; another model needs GLM_CONTEXT_TOKENS and GLM_MAX_OUTPUT_TOKENS, runs one call at a time unless GLM_CONCURRENCY says otherwise, and has no price unless the GLM_PRICE_* variables give one.',
  }),
  variable({
    name: 'GLM_TIMEOUT_MS',
    section: 'model',
    path: 'glm.timeoutMs',
    schema: int(1000, 600_000),
    default: '60000',
    doc: 'Per-call timeout in milliseconds.',
  }),
  variable({
    name: 'GLM_CONCURRENCY',
    section: 'model',
    path: 'glm.concurrency',
    schema: int(1, 100).optional(),
    defaultText: 'the model’s (4 for every known model)',
    resolve: (value, { model }) => value ?? model.concurrency,
    doc: 'Parallel LLM calls per job; peak calls = workers x WORKER_CONCURRENCY x GLM_CONCURRENCY, which should stay within the GLM account’s concurrency limit for the model.',
  }),
  variable({
    name: 'GLM_EMBEDDING_MODEL',
    section: 'model',
    path: 'glm.embedding.model',
    schema: z.string(),
    default: 'embedding-3',
    doc: 'Embedding model at GLM_BASE_URL/embeddings; entries past INSIGHTS_NAMING_SAMPLE are assigned to the themes the chat model named by similarity. Empty: the chat model reads every analysed entry (slower and dearer on large scopes).',
  }),
  variable({
    name: 'GLM_EMBEDDING_DIMENSIONS',
    section: 'model',
    path: 'glm.embedding.dimensions',
    schema: int(256, 2048).refine((n) => [256, 512, 1024, 2048].includes(n), { message: 'must be 256, 512, 1024 or 2048' }),
    default: '512',
    doc: 'Size of each embedding (256, 512, 1024 or 2048); the memo keeps 1 byte per dimension per entry.',
  }),
  variable({
    name: 'GLM_EMBEDDING_CONCURRENCY',
    section: 'model',
    path: 'glm.embedding.concurrency',
    schema: int(1, 64),
    default: '4',
    doc: 'Embedding requests in flight per job (64 entries each); they run beside the chat calls, under the embeddings endpoint’s own limit.',
  }),
  variable({
    name: 'GLM_CONTEXT_TOKENS',
    section: 'model',
    path: 'glm.contextTokens',
    schema: int(32_000, 2_000_000).optional(),
    defaultText: 'the model’s (128000 for glm-4.5-flash, 200000 for glm-4.6)',
    resolve: (value, { model }) => value ?? model.contextTokens,
    doc: 'The model’s context window in tokens, prompt and answer together; map calls and the reduce prompt are sized to it. At most the model’s own window.',
  }),
  variable({
    name: 'GLM_MAX_OUTPUT_TOKENS',
    section: 'model',
    path: 'glm.maxOutputTokens',
    schema: int(8_000, 1_000_000).optional(),
    defaultText: `${DEFAULT_ANSWER_TOKENS}, or the model’s limit when lower`,
    resolve: (value, { model }) => value ?? Math.min(model.maxOutputTokens, DEFAULT_ANSWER_TOKENS),
    doc:
      'The longest answer one call may ask for (max_tokens), at most the model’s limit (96000 for GLM-4.5 models, 128000 for glm-4.6). A map answer cites its entries by their number in the call, ' +
      'about 4 tokens each with room for a second theme, so this also caps the entries of one map call (16384: the 500 one theme may cite); an answer takes longer the longer it is, so keep GLM_TIMEOUT_MS above what the account needs to write this many tokens.',
  }),
  variable({
    name: 'GLM_PRICE_INPUT_PER_MTOK',
    section: 'model',
    path: 'glm.prices.inputPerMTok',
    schema: price.optional(),
    defaultText: 'the model’s',
    resolve: (value, { model }) => value ?? model.prices?.inputPerMTok,
    doc: 'US dollars per million prompt tokens; overrides the model table’s price (a negotiated rate, a model it does not know).',
  }),
  variable({
    name: 'GLM_PRICE_CACHED_INPUT_PER_MTOK',
    section: 'model',
    path: 'glm.prices.cachedInputPerMTok',
    schema: price.optional(),
    defaultText: 'the model’s',
    resolve: (value, { model }) => value ?? model.prices?.cachedInputPerMTok,
    doc: 'US dollars per million prompt tokens served from the provider’s context cache.',
  }),
  variable({
    name: 'GLM_PRICE_OUTPUT_PER_MTOK',
    section: 'model',
    path: 'glm.prices.outputPerMTok',
    schema: price.optional(),
    defaultText: 'the model’s',
    resolve: (value, { model }) => value ?? model.prices?.outputPerMTok,
    doc: 'US dollars per million answer tokens.',
  }),
  variable({
    name: 'GLM_EMBEDDING_PRICE_PER_MTOK',
    section: 'model',
    path: 'glm.embedding.pricePerMTok',
    schema: price.optional(),
    defaultText: 'the embedding model’s (0.07 for embedding-3)',
    doc: 'US dollars per million input tokens of the embeddings endpoint; overrides the table’s price of every embedding model (an embeddings request bills its input alone).',
  }),

  // Generation
  variable({
    name: 'GLM_MAP_ENTRIES_PER_CALL',
    section: 'generation',
    path: 'glm.mapEntriesPerCall',
    schema: int(1, 500).optional(),
    defaultText: 'as many as GLM_MAX_OUTPUT_TOKENS allows',
    doc: 'Entries one map call holds at most (1-500); unset: as many as GLM_MAX_OUTPUT_TOKENS allows (500 at the default). Lower it when a model writes long answers too slowly: smaller calls, more rounds.',
  }),
  variable({
    name: 'INSIGHTS_CHUNK_TOKENS',
    section: 'generation',
    path: 'insights.chunkTokens',
    schema: int(500, 100_000),
    default: '3000',
    doc:
      'Feedback tokens per chunk at most: the chunk memo’s unit, so what a regeneration pays for at least after new feedback. Not the size of an LLM call: a map call holds as many chunks as ' +
      'GLM_CONTEXT_TOKENS, GLM_MAX_OUTPUT_TOKENS and GLM_CONCURRENCY call for (docs/adr/0011).',
  }),
  variable({
    name: 'INSIGHTS_MAX_FEEDBACK',
    section: 'generation',
    path: 'insights.maxFeedback',
    schema: int(1, 1_000_000),
    default: '5000',
    doc: 'Cap on feedback entries analysed per run; above it a stable hash sample is analysed.',
  }),
  variable({
    name: 'INSIGHTS_NAMING_SAMPLE',
    section: 'generation',
    path: 'insights.namingSample',
    schema: int(0, 1_000_000),
    default: '300',
    doc: 'Entries the chat model reads to name themes when GLM_EMBEDDING_MODEL is set (a stable hash sample of the analysed entries); the rest are assigned by embedding similarity. 0: it reads them all.',
  }),
  variable({
    name: 'INSIGHTS_MAX_TOKENS_PER_RUN',
    section: 'generation',
    path: 'insights.maxTokensPerRun',
    schema: int(1_000),
    default: '2000000',
    doc: 'Cap on prompt + completion tokens one generation may spend.',
  }),
  variable({
    name: 'INSIGHTS_LARGE_JOB_MIN_FEEDBACK',
    section: 'generation',
    path: 'insights.largeJobMinFeedback',
    schema: int(1, 10_000_000),
    default: '2000',
    doc: 'A scope with at least this many entries (after filters) is a large job: it is queued after small ones and takes at most WORKER_LARGE_JOB_CONCURRENCY slots per worker (docs/adr/0013).',
  }),
  variable({
    name: 'INSIGHTS_CACHE_TTL_MS',
    section: 'generation',
    path: 'insights.cacheTtlMs',
    schema: int(1000),
    default: '86400000',
    doc: 'How long a generated result stays cached, in milliseconds (24 h).',
  }),
  variable({
    name: 'INSIGHTS_LEGACY_GENERATE',
    section: 'generation',
    path: 'insights.legacyGenerate',
    schema: bool.optional(),
    defaultText: 'false in production, else true',
    // Every call of it is a generation: a production deployment opts in explicitly.
    resolve: (value, { get }) => value ?? get<string>('NODE_ENV') !== 'production',
    doc:
      'Keep the legacy synchronous POST /api/insights/generate during the rollout. When on, each call queues (or joins, or answers from the cache) a job exactly as POST /api/insights/jobs does, ' +
      'under the same limits, and waits for it.',
  }),
  variable({
    name: 'INSIGHTS_LEGACY_WAIT_MS',
    section: 'generation',
    path: 'insights.legacyWaitMs',
    schema: int(1_000, 900_000),
    default: '120000',
    doc: 'How long POST /api/insights/generate waits for its job, in ms; past it the answer is 504 GENERATION_PENDING naming the job, which keeps running (poll GET /api/insights/jobs/:jobId).',
  }),
  variable({
    name: 'AUTO_REFRESH',
    section: 'generation',
    path: 'autoRefresh.enabled',
    schema: bool,
    default: 'true',
    doc:
      'Automatic regeneration: new feedback in a project whose insights were read within AUTO_REFRESH_READ_WINDOW_MS queues a low-priority refresh of the scopes read, once writes pause for ' +
      'AUTO_REFRESH_DEBOUNCE_MS, and at the latest after AUTO_REFRESH_MAX_WAIT_MS while they continue.',
  }),
  variable({
    name: 'AUTO_REFRESH_DEBOUNCE_MS',
    section: 'generation',
    path: 'autoRefresh.debounceMs',
    schema: int(100, 3_600_000),
    default: '30000',
    doc: 'Quiet time after the last feedback write before a refresh is queued, in ms.',
  }),
  variable({
    name: 'AUTO_REFRESH_MAX_WAIT_MS',
    section: 'generation',
    path: 'autoRefresh.maxWaitMs',
    schema: int(100, 86_400_000),
    default: '300000',
    doc: 'Longest a refresh waits while writes continue, in ms.',
  }),
  variable({
    name: 'AUTO_REFRESH_READ_WINDOW_MS',
    section: 'generation',
    path: 'autoRefresh.readWindowMs',
    schema: int(1_000),
    default: '86400000',
    doc: 'Only scopes read within this window are refreshed, in ms.',
  }),

  // Worker and queue
  variable({
    name: 'WORKER_CONCURRENCY',
    section: 'worker',
    path: 'worker.concurrency',
    schema: int(1, 64),
    default: '2',
    doc: 'Jobs one worker process runs at once.',
  }),
  variable({
    name: 'WORKER_LARGE_JOB_CONCURRENCY',
    section: 'worker',
    path: 'worker.largeJobConcurrency',
    schema: int(1, 64),
    default: '1',
    doc: 'Of those, how many may be large jobs; the rest always serve small projects’ jobs (at most WORKER_CONCURRENCY; equal to it reserves nothing).',
  }),
  variable({
    name: 'QUEUE_JOBS_PER_SECOND',
    section: 'worker',
    path: 'queue.jobsPerSecond',
    schema: int(1, 10_000),
    default: '50',
    doc: 'Jobs started per second across all workers together (BullMQ’s queue-wide limiter).',
  }),
  variable({
    name: 'WORKER_LOCK_MS',
    section: 'worker',
    path: 'worker.lockMs',
    schema: int(1_000).optional(),
    defaultText: 'GLM_TIMEOUT_MS + 30000',
    // The job lock must outlive the longest LLM call, or a healthy slow job is declared stalled.
    resolve: (value, { get }) => value ?? get<number>('GLM_TIMEOUT_MS') + 30_000,
    doc: 'Job lock in ms; must exceed GLM_TIMEOUT_MS. A crashed worker’s job is retried after about this long.',
  }),
  variable({
    name: 'WORKER_STALLED_INTERVAL_MS',
    section: 'worker',
    path: 'worker.stalledIntervalMs',
    schema: int(500),
    default: '15000',
    doc: 'How often workers look for stalled jobs (a crashed worker’s), in ms.',
  }),
  variable({
    name: 'WORKER_SHUTDOWN_GRACE_MS',
    section: 'worker',
    path: 'worker.shutdownGraceMs',
    schema: int(0),
    default: '10000',
    doc: 'On SIGTERM, how long active jobs may run before they are handed back to the queue, in ms.',
  }),
  variable({
    name: 'RECONCILE_INTERVAL_MS',
    section: 'worker',
    path: 'worker.reconcileIntervalMs',
    schema: int(1_000),
    default: '60000',
    doc: 'How often a worker looks for job rows whose queue job was lost (Redis data loss), in ms.',
  }),
  variable({
    name: 'WORKER_HTTP_PORT',
    section: 'worker',
    path: 'worker.http.port',
    schema: int(0, 65_535),
    default: '9464',
    doc:
      'The worker’s own HTTP port: /health, /health/ready and (with METRICS_USER/METRICS_PASSWORD) /metrics; one per worker process, so give each on a host its own port ' +
      '(a worker whose port is taken exits 1 with one line naming it); 0 = no HTTP server.',
  }),
  variable({
    name: 'WORKER_HTTP_HOST',
    section: 'worker',
    path: 'worker.http.host',
    schema: z.string().min(1),
    default: '127.0.0.1',
    doc: 'Interface that port listens on (0.0.0.0 for all, as the container image sets it).',
  }),

  // Limits and budgets
  variable({
    name: 'JOBS_PER_MINUTE_PER_USER',
    section: 'limits',
    path: 'limits.jobsPerMinutePerUser',
    schema: int(1, 10_000),
    default: '30',
    doc: 'New generation jobs one user may create per minute (identical in-flight requests are free).',
  }),
  variable({
    name: 'REQUESTS_PER_MINUTE_PER_IP',
    section: 'limits',
    path: 'limits.requestsPerMinutePerIp',
    schema: int(1, 1_000_000),
    default: '1200',
    doc:
      'Requests per minute from one client address, all endpoints but health, for requests without a token this process has verified (anonymous ones, widget posts, a token’s first request); ' +
      'behind a proxy set TRUST_PROXY, or every client shares the proxy’s address (429, Retry-After).',
  }),
  variable({
    name: 'REQUESTS_PER_MINUTE_PER_USER',
    section: 'limits',
    path: 'limits.requestsPerMinutePerUser',
    schema: int(1, 1_000_000),
    default: '1200',
    doc: 'Requests per minute of one user (a verified session token), all endpoints but health, counted in each API process; users behind one address do not share it (429 RATE_LIMITED, Retry-After).',
  }),
  variable({
    name: 'WIDGET_WRITES_PER_MINUTE_PER_PROJECT',
    section: 'limits',
    path: 'limits.widgetWritesPerMinutePerProject',
    schema: int(1, 1_000_000),
    default: '120',
    doc: 'Widget writes (POST /api/feedback) per minute per project key, across API processes (429 WIDGET_RATE_LIMITED with Retry-After).',
  }),
  variable({
    name: 'WIDGET_KEY_FAILURES_PER_MINUTE_PER_PROJECT',
    section: 'limits',
    path: 'limits.widgetKeyFailuresPerMinutePerProject',
    schema: int(1, 10_000),
    default: '10',
    doc:
      'Attempts per minute at a project’s existing-backend (bcrypt) widget key in each API process; past it 429 API_KEY_ATTEMPTS_EXHAUSTED without running bcrypt ' +
      '(a matching key gives its attempt back; a key already verified by the process skips the count).',
  }),
  variable({
    name: 'INSIGHTS_DAILY_TOKEN_BUDGET',
    section: 'limits',
    path: 'limits.dailyTokenBudget',
    schema: int(0),
    default: '5000000',
    doc: 'LLM tokens (prompt + completion) one project may spend per UTC day; 0 = no daily budget.',
  }),
  variable({
    name: 'USER_DAILY_TOKEN_BUDGET',
    section: 'limits',
    path: 'limits.userDailyTokenBudget',
    schema: int(0),
    default: '20000000',
    doc:
      'LLM tokens one user may spend per UTC day over all their projects and the all-projects scope (which has no project budget of its own); 0 = none. Projects cost nothing to create, ' +
      'so this is what bounds one account’s spend: the default is four projects at their full daily budget.',
  }),

  // Live job events
  variable({
    name: 'EVENTS_MAX_STREAMS_PER_USER',
    section: 'events',
    path: 'events.maxStreamsPerUser',
    schema: int(1, 1_000),
    default: '10',
    doc: 'Open event streams one user may hold at once, across every API process (429 beyond).',
  }),
  variable({
    name: 'EVENTS_HEARTBEAT_MS',
    section: 'events',
    path: 'events.heartbeatMs',
    schema: int(100, 300_000),
    default: '15000',
    doc: 'A comment line is sent this often so proxies keep an idle stream open, in ms.',
  }),
  variable({
    name: 'EVENTS_TOKEN_TTL_SECONDS',
    section: 'events',
    path: 'events.tokenTtlSeconds',
    schema: int(10, 3_600),
    default: '120',
    doc: 'Lifetime of a stream token (POST .../events/token) for EventSource clients, counted from issue: use does not extend it.',
  }),

  // Notifications and webhooks
  variable({
    name: 'NOTIFY_WEBHOOK_URL',
    section: 'notifications',
    path: 'notify.webhookUrl',
    secret: true,
    schema: url(['http', 'https']).optional(),
    doc: 'Failure notifications: a job that fails for good is posted (a Slack-compatible message) to its project’s slack_webhook_url, else to this URL; empty = only projects with their own webhook.',
  }),
  variable({
    name: 'NOTIFY_WEBHOOK_SECRET',
    section: 'notifications',
    path: 'notify.secret',
    secret: true,
    schema: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
    doc: 'HMAC-SHA256 key signing each notification (X-Insights-Signature: v1=<hex of ts.body>); empty = unsigned.',
  }),
  variable({
    name: 'NOTIFY_TIMEOUT_MS',
    section: 'notifications',
    path: 'notify.timeoutMs',
    schema: int(100, 60_000),
    default: '5000',
    doc: 'Time one delivery attempt may take, in ms.',
  }),
  variable({
    name: 'NOTIFY_RETRY_DELAY_MS',
    section: 'notifications',
    path: 'notify.retryDelayMs',
    schema: int(10, 600_000),
    default: '5000',
    doc: 'First retry delay of a failed delivery, in ms (doubled for each of up to 5 retries).',
  }),
  variable({
    name: 'THEME_DIGEST_CRON',
    section: 'notifications',
    path: 'digest.cron',
    // Five fields (minute hour day-of-month month day-of-week), or six with seconds first (tests
    // run a digest every few seconds), read in UTC by BullMQ's scheduler.
    schema: z.string().regex(/^\s*\S+(\s+\S+){4,5}\s*$/, { message: 'must be a cron pattern of five fields (or six, seconds first)' }),
    default: '0 9 * * 1',
    doc: 'When the weekly themes digest of each project that opted in is posted to its slack_webhook_url: a cron pattern in UTC, five fields (or six, seconds first); default Mondays 09:00. A changed pattern applies to every opted-in project when a worker starts.',
  }),
  variable({
    name: 'WEBHOOK_ALLOWED_HOSTS',
    section: 'notifications',
    path: 'webhooks.allowedHosts',
    schema: list,
    default: '',
    resolve: (value) => value.map((host) => host.toLowerCase()),
    doc:
      'Webhooks (failure notifications, theme alerts and digests, a project’s webhookUrl) go only to public addresses: loopback, private, link-local, unique-local, multicast, carrier-grade NAT and cloud metadata addresses are refused, ' +
      'and production accepts https only. When set, only these hosts (comma-separated, e.g. hooks.slack.com) are allowed at all; empty = any public host.',
  }),
  variable({
    name: 'WEBHOOK_ALLOW_LOOPBACK',
    section: 'notifications',
    path: 'webhooks.allowLoopback',
    schema: bool,
    default: 'false',
    doc: 'Test setting: lets webhooks reach loopback addresses (a local receiver); refused in production.',
  }),

  // Redaction
  variable({
    name: 'REDACT_PERSONAL_DATA',
    section: 'redaction',
    path: 'redaction.enabled',
    schema: bool,
    default: 'true',
    doc: 'Replace e-mail addresses, phone numbers, card numbers, IBANs, IP addresses and URLs carrying credentials or tokens in feedback with [email], [phone], ... before any of it reaches the model; on unless set to false.',
  }),
  variable({
    name: 'REDACTION_PHONE_COUNTRIES',
    section: 'redaction',
    path: 'redaction.phoneCountries',
    schema: phoneCountries,
    default: 'US,GB,DE,FR,IN,BR,JP',
    doc: 'Countries whose national phone formats are recognised (ISO 3166 codes, comma-separated, searched in this order); international numbers (+CC ...) of every country are recognised anyway.',
  }),

  // Operators
  variable({
    name: 'BULL_BOARD_USER',
    section: 'operators',
    path: 'bullBoard.user',
    schema: z.string().min(1).optional(),
    doc: 'Bull Board user (set both to enable /admin/queues; it is never open without them).',
  }),
  variable({
    name: 'BULL_BOARD_PASSWORD',
    section: 'operators',
    path: 'bullBoard.password',
    secret: true,
    schema: z.string().min(8, { message: 'must be at least 8 characters' }).optional(),
    doc: 'Bull Board password, at least 8 characters.',
  }),
  variable({
    name: 'METRICS_USER',
    section: 'operators',
    path: 'metrics.user',
    schema: z.string().min(1).optional(),
    doc: 'Prometheus metrics user (set both to enable /metrics; it is never open without them).',
  }),
  variable({
    name: 'METRICS_PASSWORD',
    section: 'operators',
    path: 'metrics.password',
    secret: true,
    schema: z.string().min(8, { message: 'must be at least 8 characters' }).optional(),
    doc: 'Prometheus metrics password, at least 8 characters.',
  }),
] as const;

export type Variables = typeof VARIABLES;
export type VariableName = Variables[number]['name'];

/** A URL with its password (if any) masked. */
export function maskUrlPassword(value: string | undefined): string {
  if (!value) return '';
  const parsed = new URL(value);
  if (!parsed.password) return value;
  parsed.password = '****';
  return parsed.toString();
}

/**
 * Read by the local tools and the test run, never by the API or the worker: listed in
 * `.env.example` (commented out) and the docs, outside the schema.
 */
export const LOCAL_TOOL_VARIABLES: readonly { name: string; example: string; doc: string }[] = [
  { name: 'FAKE_GLM_PORT', example: '4010', doc: 'Port of the bundled fake GLM server.' },
  { name: 'FAKE_GLM_HOST', example: '127.0.0.1', doc: 'Interface of the bundled fake GLM server.' },
  {
    name: 'FAKE_GLM_LATENCY_MS',
    example: '150',
    doc: 'Per-call latency of the fake GLM server (pnpm fake-glm defaults to 0 ms, scripts/start.sh to 150 ms so the progress bar has something to show).',
  },
  { name: 'FAKE_GLM_REFUSE_MARKER', example: '', doc: 'The fake’s content filter: prompts holding this text (any case) are refused.' },
  {
    name: 'FAKE_GLM_REFUSE_MODE',
    example: 'error',
    doc: 'How the fake refuses: HTTP 400 with business code 1301 (error, the default) or a "sensitive" finish reason (sensitive).',
  },
  { name: 'TEST_DATABASE_URL', example: 'postgres://postgres@127.0.0.1:5432/postgres', doc: 'Server the test run creates its private database on.' },
  { name: 'TEST_REDIS_URL', example: 'redis://127.0.0.1:6379', doc: 'The Redis the test run uses.' },
  {
    name: 'TEST_REDIS_CLUSTER',
    example: '1',
    doc: '1: start a three-master Redis Cluster on free ports for the run and use it (pnpm test:cluster sets it; needs redis-server and redis-cli on PATH).',
  },
  {
    name: 'TEST_BUILT',
    example: '1',
    doc: "1: dist/ is freshly built, so Jest's global setup skips its build (pnpm test builds once, then sets it for its concurrent Jest runs).",
  },
  { name: 'WEB_PORT', example: '5173', doc: 'Port of the insights page’s server (pnpm dev:web, pnpm quickstart).' },
  { name: 'INSIGHTS_API_URL', example: 'http://127.0.0.1:3000', doc: 'The API the insights page’s server proxies /api to.' },
  { name: 'INSIGHTS_WEB_LOCAL_TOKEN', example: '', doc: 'A local token the quick start hands the page.' },
  { name: 'CHROMIUM_PATH', example: '/usr/bin/chromium', doc: 'Chromium for the browser tests and pnpm bench:web (Debian’s chromium package).' },
  { name: 'UPDATE_SCREENSHOTS', example: '', doc: '1: the browser tests also refresh the screenshots in docs/screenshots/.' },
  { name: 'PROMTOOL_PATH', example: 'promtool', doc: 'promtool for the alert rule tests (Debian’s prometheus package).' },
  {
    name: 'DOCKER_COMPOSE_PATH',
    example: 'docker-compose',
    doc: 'docker-compose (v1, Debian’s docker-compose package) validates docker-compose.yml in the tests; no Docker daemon needed.',
  },
];
