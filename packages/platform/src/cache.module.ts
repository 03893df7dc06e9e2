import { Global, Module } from '@nestjs/common';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import type { AppConfig } from '@insights/config';
import { createCacheStore, RESULT_OVERLAY, TaxonomyOverlay, TwoTierInsightsCache, type ResultOverlay } from '@insights/cache';
import { InsightsCacheRepository, ThemeEditsRepository } from '@insights/db';
import { APP_CONFIG } from './config.module.js';

/**
 * The two-tier insights cache: Redis through cache-manager (Keyv), Postgres behind it; and the
 * reader's view of a stored result (the project's taxonomy), which every body it builds goes through.
 */
@Global()
@Module({
  imports: [
    CacheModule.registerAsync({
      useFactory: (config: AppConfig) => ({ stores: [createCacheStore(config.redis.cacheUrl, config.redis.keyPrefix, config.redis.cacheClusterNodes)] }),
      inject: [APP_CONFIG],
    }),
  ],
  providers: [
    { provide: RESULT_OVERLAY, useFactory: (edits: ThemeEditsRepository) => new TaxonomyOverlay(edits), inject: [ThemeEditsRepository] },
    {
      provide: TwoTierInsightsCache,
      useFactory: (cache: Cache, repo: InsightsCacheRepository, config: AppConfig, overlay: ResultOverlay) =>
        new TwoTierInsightsCache(cache, repo, config.insights.cacheTtlMs, overlay),
      inject: [CACHE_MANAGER, InsightsCacheRepository, APP_CONFIG, RESULT_OVERLAY],
    },
  ],
  exports: [TwoTierInsightsCache, RESULT_OVERLAY],
})
export class InsightsCacheModule {}
