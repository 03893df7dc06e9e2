import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '@insights/config';
import { InsightsProducer } from '@insights/queue';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS } from '../redis/redis.module.js';

/** The API's side of the queue: it adds and inspects jobs, never processes them. */
@Global()
@Module({
  providers: [
    {
      provide: InsightsProducer,
      // The fail-fast connection: while Redis is down a request gets a 503, it does not hang.
      useFactory: (redis: Redis, config: AppConfig) => new InsightsProducer(redis, config.redis.keyPrefix),
      inject: [REDIS, APP_CONFIG],
    },
  ],
  exports: [InsightsProducer],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(InsightsProducer) private readonly producer: InsightsProducer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.producer.close();
  }
}
