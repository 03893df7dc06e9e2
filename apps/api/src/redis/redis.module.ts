import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppConfig } from '@insights/config';
import { APP_CONFIG } from '@insights/platform';
import { clusterConnection, type RedisClient } from '@insights/queue';

export const REDIS = Symbol('REDIS');

/** The API's own keys (stream tokens and slots, rate limits, read marks): one Redis, or the cluster. */
function openRedis(config: AppConfig): RedisClient {
  // The API's role: fail fast while Redis is down, as the single-server options below do.
  if (config.redis.clusterNodes) return clusterConnection(config.redis.url, config.redis.clusterNodes, 'producer');
  return new Redis(config.redis.url, {
    // Requests must fail fast while Redis is down, not queue up behind a reconnect.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
    connectTimeout: 2_000,
  });
}

@Global()
@Module({
  providers: [{ provide: REDIS, useFactory: openRedis, inject: [APP_CONFIG] }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {
    // Connection errors surface through readiness; without a listener ioredis logs each retry.
    redis.on('error', () => undefined);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
