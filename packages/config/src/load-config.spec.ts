import { describe, expect, it } from '@jest/globals';
import { ConfigError, generateKeyPair, loadConfig } from './index.js';

const key = generateKeyPair().publicKey;

describe('loadConfig', () => {
  it('fills local defaults that match the services of a development machine', () => {
    const config = loadConfig({ CLERK_JWT_KEY: key });
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/feedback_insights');
    expect(config.redis).toMatchObject({ url: 'redis://127.0.0.1:6379', cacheUrl: 'redis://127.0.0.1:6379' });
    expect(config.insights.provider).toBe('offline');
    expect(config.insights.cacheTtlMs).toBe(86_400_000);
  });

  it('redacts personal data unless told not to, with known phone countries only', () => {
    expect(loadConfig({ CLERK_JWT_KEY: key }).redaction).toEqual({ enabled: true, phoneCountries: ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP'] });
    const off = loadConfig({ CLERK_JWT_KEY: key, REDACT_PERSONAL_DATA: 'false', REDACTION_PHONE_COUNTRIES: 'GB, DE' });
    expect(off.redaction).toEqual({ enabled: false, phoneCountries: ['GB', 'DE'] });
    expect(() => loadConfig({ CLERK_JWT_KEY: key, REDACTION_PHONE_COUNTRIES: 'US,XX' })).toThrow(/REDACTION_PHONE_COUNTRIES/);
    expect(() => loadConfig({ CLERK_JWT_KEY: key, REDACT_PERSONAL_DATA: 'nope' })).toThrow(/REDACT_PERSONAL_DATA/);
  });

  it('reports one line per problem', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope', SWAGGER_ENABLED: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'SWAGGER_ENABLED']) {
      expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
  });

  it('requires a real Clerk key in production and paired credentials', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CLERK_JWT_KEY: required in production/);
    expect(() => loadConfig({ CLERK_JWT_KEY: key, BULL_BOARD_USER: 'ops' })).toThrow(/BULL_BOARD_USER \/ BULL_BOARD_PASSWORD/);
    expect(() => loadConfig({ CLERK_JWT_KEY: 'not a pem' })).toThrow(/CLERK_JWT_KEY: must be a PEM/);
  });

  describe('in production, the API', () => {
    const production = { NODE_ENV: 'production', CLERK_JWT_KEY: key, CLERK_AUTHORIZED_PARTIES: 'https://app.example.com' };

    it('refuses a public Swagger UI unless that is asked for explicitly', () => {
      expect(() => loadConfig(production)).toThrow(/SWAGGER_ENABLED: Swagger UI would be public in production.*SWAGGER_PUBLIC=true/);
      expect(() => loadConfig({ ...production, SWAGGER_PUBLIC: 'false' })).toThrow(/SWAGGER_ENABLED: Swagger UI would be public/);
      expect(loadConfig({ ...production, SWAGGER_PUBLIC: 'true' }).http.swagger).toMatchObject({ enabled: true, public: true });
      expect(loadConfig({ ...production, SWAGGER_ENABLED: 'false' }).http.swagger.enabled).toBe(false);
      expect(loadConfig({ ...production, SWAGGER_USER: 'ops', SWAGGER_PASSWORD: 'secret' }).http.swagger).toMatchObject({ enabled: true, public: false });
    });

    it('refuses to start without CLERK_AUTHORIZED_PARTIES set, blank or absent, rather than trust the local default', () => {
      const { CLERK_AUTHORIZED_PARTIES: _set, ...unset } = { ...production, SWAGGER_ENABLED: 'false' };
      expect(() => loadConfig(unset)).toThrow(/CLERK_AUTHORIZED_PARTIES: required in production/);
      expect(() => loadConfig({ ...unset, CLERK_AUTHORIZED_PARTIES: '' })).toThrow(/CLERK_AUTHORIZED_PARTIES: required in production/);
      expect(loadConfig({ ...unset, CLERK_AUTHORIZED_PARTIES: 'https://app.example.com' }).auth.authorizedParties).toEqual(['https://app.example.com']);
    });

    it('names both problems at once', () => {
      const { CLERK_AUTHORIZED_PARTIES: _set, ...unset } = production;
      let problems: string[] = [];
      try {
        loadConfig(unset);
      } catch (error) {
        problems = (error as ConfigError).problems;
      }
      expect(problems.map((p) => p.split(':')[0])).toEqual(['CLERK_AUTHORIZED_PARTIES', 'SWAGGER_ENABLED']);
    });

    it('leaves both to development, where the defaults serve a local machine', () => {
      expect(loadConfig({ CLERK_JWT_KEY: key }).http.swagger).toMatchObject({ enabled: true, public: false });
      expect(loadConfig({ CLERK_JWT_KEY: key }).auth.authorizedParties).toEqual(['http://localhost:3000']);
    });

    it('does not apply to the worker, which serves neither', () => {
      expect(() => loadConfig({ NODE_ENV: 'production' }, { verifiesTokens: false })).not.toThrow();
    });
  });

  it("keeps the large-job slots within the worker's slots", () => {
    expect(() => loadConfig({ CLERK_JWT_KEY: key, WORKER_CONCURRENCY: '2', WORKER_LARGE_JOB_CONCURRENCY: '3' })).toThrow(
      /WORKER_LARGE_JOB_CONCURRENCY: must not exceed WORKER_CONCURRENCY/,
    );
    const config = loadConfig({ CLERK_JWT_KEY: key, WORKER_CONCURRENCY: '1' });
    expect(config.worker).toMatchObject({ concurrency: 1, largeJobConcurrency: 1 });
  });

  it('refuses loopback webhooks in production, and requires https there', () => {
    const production = {
      NODE_ENV: 'production',
      CLERK_JWT_KEY: key,
      CLERK_AUTHORIZED_PARTIES: 'https://app.example.com',
      SWAGGER_ENABLED: 'false',
      WEBHOOK_ALLOWED_HOSTS: 'Hooks.Slack.com, ',
    } as const;
    expect(() => loadConfig({ ...production, WEBHOOK_ALLOW_LOOPBACK: 'true' })).toThrow(/WEBHOOK_ALLOW_LOOPBACK: a test setting, refused in production/);
    expect(loadConfig(production).webhooks).toEqual({ requireHttps: true, allowedHosts: ['hooks.slack.com'], allowLoopback: false });
    expect(() => loadConfig({ ...production, NOTIFY_WEBHOOK_URL: 'http://hooks.slack.com/services/x' })).toThrow(
      /NOTIFY_WEBHOOK_URL: must use https in production/,
    );
    expect(() => loadConfig({ ...production, NOTIFY_WEBHOOK_URL: 'https://hooks.other.example/x' })).toThrow(
      /NOTIFY_WEBHOOK_URL: its host is not in WEBHOOK_ALLOWED_HOSTS/,
    );
    expect(loadConfig({ ...production, NOTIFY_WEBHOOK_URL: 'https://HOOKS.slack.com/services/x' }).notify.webhookUrl).toBe(
      'https://HOOKS.slack.com/services/x',
    );
    expect(loadConfig({ CLERK_JWT_KEY: key, WEBHOOK_ALLOW_LOOPBACK: 'true' }).webhooks).toEqual({ requireHttps: false, allowedHosts: [], allowLoopback: true });
  });

  it('lets a process that verifies no tokens (the worker) start in production without the Clerk key', () => {
    const config = loadConfig({ NODE_ENV: 'production' }, { verifiesTokens: false });
    expect(config.auth.jwtKey).toBe('');
  });

  it('turns escaped newlines in a one-line PEM into real ones and picks the GLM provider with a key', () => {
    const config = loadConfig({ CLERK_JWT_KEY: key.replaceAll('\n', '\\n'), GLM_API_KEY: 'k' });
    expect(config.auth.jwtKey).toBe(key);
    expect(config.insights.provider).toBe('glm');
    expect(config.redis.cacheUrl).toBe(config.redis.url);
  });

  it('reads a Redis Cluster as seed nodes, which the cache shares unless it has a Redis of its own', () => {
    const config = loadConfig({ CLERK_JWT_KEY: key, REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, redis-b:7001,[::1]:7002' });
    const nodes = [
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ];
    expect(config.redis.clusterNodes).toEqual(nodes);
    expect(config.redis.cacheClusterNodes).toEqual(nodes);
    const apart = loadConfig({ CLERK_JWT_KEY: key, REDIS_CLUSTER_NODES: '10.0.0.1:7000', CACHE_REDIS_URL: 'redis://cache:6379' });
    expect(apart.redis).toMatchObject({ cacheUrl: 'redis://cache:6379', cacheClusterNodes: undefined });
    expect(loadConfig({ CLERK_JWT_KEY: key }).redis.clusterNodes).toBeUndefined();
  });

  it('refuses cluster nodes that are not host:port', () => {
    for (const bad of ['redis://10.0.0.1:7000', '10.0.0.1', 'a:7000,b', 'a:70000', ' , ']) {
      expect(() => loadConfig({ CLERK_JWT_KEY: key, REDIS_CLUSTER_NODES: bad })).toThrow(/REDIS_CLUSTER_NODES: must be a comma-separated list of host:port/);
    }
  });

  it('keeps the legacy synchronous endpoint off in production unless it is switched on', () => {
    const production = { NODE_ENV: 'production' };
    expect(loadConfig(production, { verifiesTokens: false }).insights.legacyGenerate).toBe(false);
    expect(loadConfig({ ...production, INSIGHTS_LEGACY_GENERATE: 'true' }, { verifiesTokens: false }).insights.legacyGenerate).toBe(true);
    expect(loadConfig({ CLERK_JWT_KEY: key }).insights.legacyGenerate).toBe(true);
    expect(loadConfig({ CLERK_JWT_KEY: key, INSIGHTS_LEGACY_GENERATE: 'false' }).insights.legacyGenerate).toBe(false);
  });

  it('keeps every default', () => {
    const config = loadConfig({ CLERK_JWT_KEY: key });
    expect(config.worker).toEqual({
      concurrency: 2,
      largeJobConcurrency: 1,
      lockMs: 90_000,
      stalledIntervalMs: 15_000,
      shutdownGraceMs: 10_000,
      reconcileIntervalMs: 60_000,
      http: { port: 9_464, host: '127.0.0.1' },
    });
    expect(config.queue).toEqual({ jobsPerSecond: 50 });
    expect(config.notify).toEqual({ webhookUrl: undefined, secret: undefined, timeoutMs: 5_000, retryDelayMs: 5_000 });
    expect(config.limits).toEqual({
      jobsPerMinutePerUser: 30,
      requestsPerMinutePerIp: 1_200,
      requestsPerMinutePerUser: 1_200,
      widgetWritesPerMinutePerProject: 120,
      widgetKeyFailuresPerMinutePerProject: 10,
      dailyTokenBudget: 5_000_000,
      userDailyTokenBudget: 20_000_000,
    });
    expect(config.events).toEqual({ maxStreamsPerUser: 10, heartbeatMs: 15_000, tokenTtlSeconds: 120 });
    expect(config.autoRefresh).toEqual({ enabled: true, debounceMs: 30_000, maxWaitMs: 300_000, readWindowMs: 86_400_000 });
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3_000,
      corsOrigins: [],
      trustProxy: false,
      swagger: { enabled: true, user: undefined, password: undefined, public: false },
    });
  });

  it("puts each value where its variable's name says", () => {
    const config = loadConfig({
      CLERK_JWT_KEY: key,
      QUEUE_JOBS_PER_SECOND: '7',
      NOTIFY_TIMEOUT_MS: '700',
      BULL_BOARD_USER: 'ops',
      BULL_BOARD_PASSWORD: 'board-password',
      WORKER_LARGE_JOB_CONCURRENCY: '2',
      GLM_TIMEOUT_MS: '5000',
    });
    expect(config.queue.jobsPerSecond).toBe(7);
    expect(config.notify.timeoutMs).toBe(700);
    expect(config.bullBoard).toEqual({ user: 'ops', password: 'board-password' });
    expect(config.worker.largeJobConcurrency).toBe(2);
    // Unset, the job lock outlives the longest LLM call.
    expect(config.worker.lockMs).toBe(35_000);
  });

  it('reads the per-user daily token budget (0: none)', () => {
    expect(loadConfig({ CLERK_JWT_KEY: key }).limits.userDailyTokenBudget).toBe(20_000_000);
    expect(loadConfig({ CLERK_JWT_KEY: key, USER_DAILY_TOKEN_BUDGET: '0' }).limits.userDailyTokenBudget).toBe(0);
  });
});
