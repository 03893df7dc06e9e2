import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import { InsightsQueueModule, type ConnectionRole } from '@insights/queue';
import { APP_CONFIG } from './config.module.js';

/** The insights queue configured from the app's config: the API produces, the worker consumes. */
export function insightsQueueFor(role: ConnectionRole): DynamicModule {
  return InsightsQueueModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({ redisUrl: config.redis.url, clusterNodes: config.redis.clusterNodes, keyPrefix: config.redis.keyPrefix, role }),
  });
}
