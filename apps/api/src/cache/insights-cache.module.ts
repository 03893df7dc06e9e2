import { Global, Module } from '@nestjs/common';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import type { AppConfig } from '@insights/config';
import { createCacheStore, TwoTierInsightsCache } from '@insights/cache';
import { InsightsCacheRepository, type DatabaseHandle } from '@insights/db';
import { APP_CONFIG } from '../config/config.module.js';
import { DATABASE } from '../database/database.module.js';

@Global()
@Module({
  imports: [
    CacheModule.registerAsync({
      useFactory: (config: AppConfig) => ({ stores: [createCacheStore(config.redis.cacheUrl, config.redis.keyPrefix)] }),
      inject: [APP_CONFIG],
    }),
  ],
  providers: [
    { provide: InsightsCacheRepository, useFactory: (h: DatabaseHandle) => new InsightsCacheRepository(h.db), inject: [DATABASE] },
    {
      provide: TwoTierInsightsCache,
      useFactory: (cache: Cache, repo: InsightsCacheRepository, config: AppConfig) =>
        new TwoTierInsightsCache(cache, repo, config.insights.cacheTtlMs),
      inject: [CACHE_MANAGER, InsightsCacheRepository, APP_CONFIG],
    },
  ],
  exports: [TwoTierInsightsCache],
})
export class InsightsCacheModule {}
