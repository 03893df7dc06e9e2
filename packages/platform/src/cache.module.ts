import { Global, Module } from '@nestjs/common';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import type { AppConfig } from '@insights/config';
import { createCacheStore, TwoTierInsightsCache } from '@insights/cache';
import { InsightsCacheRepository } from '@insights/db';
import { APP_CONFIG } from './config.module.js';

/** The two-tier insights cache: Redis through cache-manager (Keyv), Postgres behind it. */
@Global()
@Module({
  imports: [
    CacheModule.registerAsync({
      useFactory: (config: AppConfig) => ({ stores: [createCacheStore(config.redis.cacheUrl, config.redis.keyPrefix, config.redis.cacheClusterNodes)] }),
      inject: [APP_CONFIG],
    }),
  ],
  providers: [
    {
      provide: TwoTierInsightsCache,
      useFactory: (cache: Cache, repo: InsightsCacheRepository, config: AppConfig) => new TwoTierInsightsCache(cache, repo, config.insights.cacheTtlMs),
      inject: [CACHE_MANAGER, InsightsCacheRepository, APP_CONFIG],
    },
  ],
  exports: [TwoTierInsightsCache],
})
export class InsightsCacheModule {}
