import { Module } from '@nestjs/common';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import type { AppConfig } from '@insights/config';
import { createCacheStore, TwoTierInsightsCache } from '@insights/cache';
import { InsightsCacheRepository, type DatabaseHandle } from '@insights/db';
import { InsightsGenerator } from '@insights/generation';
import { WORKER_CONFIG, WorkerConfigModule } from './config/worker-config.module.js';
import { DATABASE, WorkerDatabaseModule } from './database/worker-database.module.js';
import { GenerateInsightsHandler } from './insights/generate-insights.handler.js';
import { InsightsWorker } from './queue/insights.worker.js';
import { ReconcileJobsHandler } from './insights/reconcile-jobs.handler.js';
import { createQueueConnection, InsightsProducer } from '@insights/queue';

/** The worker process: a Nest application context with no HTTP server; it only processes jobs. */
@Module({
  imports: [
    WorkerConfigModule,
    WorkerDatabaseModule,
    CacheModule.registerAsync({
      useFactory: (config: AppConfig) => ({ stores: [createCacheStore(config.redis.cacheUrl, config.redis.keyPrefix)] }),
      inject: [WORKER_CONFIG],
    }),
  ],
  providers: [
    {
      provide: InsightsGenerator,
      useFactory: (handle: DatabaseHandle, config: AppConfig) => new InsightsGenerator(handle.db, config),
      inject: [DATABASE, WORKER_CONFIG],
    },
    {
      provide: TwoTierInsightsCache,
      useFactory: (cache: Cache, repo: InsightsCacheRepository, config: AppConfig) =>
        new TwoTierInsightsCache(cache, repo, config.insights.cacheTtlMs),
      inject: [CACHE_MANAGER, InsightsCacheRepository, WORKER_CONFIG],
    },
    {
      provide: InsightsProducer,
      useFactory: (config: AppConfig) => new InsightsProducer(createQueueConnection(config.redis.url, 'worker'), config.redis.keyPrefix, true),
      inject: [WORKER_CONFIG],
    },
    GenerateInsightsHandler,
    ReconcileJobsHandler,
    InsightsWorker,
  ],
})
export class WorkerModule {}
