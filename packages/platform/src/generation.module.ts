import { Global, Inject, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppConfig } from '@insights/config';
import { TwoTierInsightsCache } from '@insights/cache';
import { FeedbackRepository, InsightsJobsRepository, ThemeAssignmentsRepository, type DatabaseHandle } from '@insights/db';
import { InsightsGenerator, JobIdentity, JobLauncher, JobSizer, LiveThemes, SpendPolicy, TokenBudget } from '@insights/generation';
import { clusterConnection, connectionOptions, InsightsQueue, type RedisClient } from '@insights/queue';
import { APP_CONFIG } from './config.module.js';
import { DATABASE } from './database.module.js';

/** The spend policy's own Redis connection (its job-rate counters). */
const SPEND_REDIS = Symbol('SPEND_REDIS');
/** The per-user daily budget; `TokenBudget` itself is the per-project one. */
export const USER_TOKEN_BUDGET = Symbol('USER_TOKEN_BUDGET');

/**
 * Fails a command after one reconnect attempt (a request answers 503 rather than hang while
 * Redis is down), but keeps commands sent while the first connection is still being made.
 */
function openSpendRedis(config: AppConfig): RedisClient {
  const { url, clusterNodes } = config.redis;
  if (clusterNodes?.length) return clusterConnection(url, clusterNodes, 'producer', { enableOfflineQueue: true });
  const redis = new Redis({ ...connectionOptions(url, 'producer'), enableOfflineQueue: true });
  redis.on('error', () => undefined);
  return redis;
}

/** Every path that starts a generation starts it through this one launcher. */
export const jobLauncherProvider: Provider = {
  provide: JobLauncher,
  useFactory: (queue: InsightsQueue, jobs: InsightsJobsRepository, cache: TwoTierInsightsCache, spend: SpendPolicy, sizer: JobSizer) =>
    new JobLauncher({ queue, jobs, cache, spend, sizer }),
  inject: [InsightsQueue, InsightsJobsRepository, TwoTierInsightsCache, SpendPolicy, JobSizer],
};

/** One generation end to end, the spend policy it and the job launcher obey, job identity, size and the launcher. */
@Global()
@Module({
  providers: [
    {
      provide: TokenBudget,
      useFactory: (handle: DatabaseHandle, config: AppConfig) => new TokenBudget(handle.db, config.limits.dailyTokenBudget, 'project'),
      inject: [DATABASE, APP_CONFIG],
    },
    {
      provide: USER_TOKEN_BUDGET,
      useFactory: (handle: DatabaseHandle, config: AppConfig) => new TokenBudget(handle.db, config.limits.userDailyTokenBudget, 'user'),
      inject: [DATABASE, APP_CONFIG],
    },
    { provide: SPEND_REDIS, useFactory: openSpendRedis, inject: [APP_CONFIG] },
    {
      provide: SpendPolicy,
      useFactory: (redis: RedisClient, config: AppConfig, projectBudget: TokenBudget, userBudget: TokenBudget) =>
        new SpendPolicy({ redis, keyPrefix: config.redis.keyPrefix, jobsPerMinutePerUser: config.limits.jobsPerMinutePerUser, projectBudget, userBudget }),
      inject: [SPEND_REDIS, APP_CONFIG, TokenBudget, USER_TOKEN_BUDGET],
    },
    {
      provide: InsightsGenerator,
      useFactory: (handle: DatabaseHandle, config: AppConfig, spend: SpendPolicy) => new InsightsGenerator(handle.db, config, spend),
      inject: [DATABASE, APP_CONFIG, SpendPolicy],
    },
    { provide: JobIdentity, useFactory: (config: AppConfig) => new JobIdentity(config), inject: [APP_CONFIG] },
    {
      provide: JobSizer,
      useFactory: (feedback: FeedbackRepository, config: AppConfig) => new JobSizer(feedback, config.insights.largeJobMinFeedback),
      inject: [FeedbackRepository, APP_CONFIG],
    },
    jobLauncherProvider,
    {
      provide: LiveThemes,
      useFactory: (assignments: ThemeAssignmentsRepository, config: AppConfig) => new LiveThemes(assignments, config.insights.regenerateShare),
      inject: [ThemeAssignmentsRepository, APP_CONFIG],
    },
  ],
  exports: [TokenBudget, USER_TOKEN_BUDGET, SpendPolicy, InsightsGenerator, JobIdentity, JobSizer, JobLauncher, LiveThemes],
})
export class GenerationModule implements OnApplicationShutdown {
  constructor(@Inject(SPEND_REDIS) private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
