import { type DynamicModule, Module, type InjectionToken, type ModuleMetadata } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { connectionOptions } from './connection.js';
import { BullInsightsQueue } from './bull-insights-queue.js';
import { InsightsQueue } from './insights-queue.js';
import { INSIGHTS_QUEUE, queuePrefix } from './names.js';

import { JobEventsFeed } from './job-events.js';
import { QUEUE_SETTINGS, type InsightsQueueSettings } from './settings.js';

export type { InsightsQueueSettings } from './settings.js';

export interface InsightsQueueModuleOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: InjectionToken[];
  // Nest passes the injected values positionally; the caller types them.
  useFactory: (...args: any[]) => InsightsQueueSettings;
}

/**
 * `@nestjs/bullmq` configured from the validated config: the shared connection and the
 * hash-tag prefix, the `insights-generate` queue, `InsightsQueue` in front of it and the feed of
 * its job events. A worker
 * app adds its `@Processor` class next to it.
 */
@Module({})
export class InsightsQueueModule {
  static forRootAsync(options: InsightsQueueModuleOptions): DynamicModule {
    return {
      module: InsightsQueueModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          imports: options.imports,
          inject: options.inject,
          useFactory: (...args: any[]) => {
            const settings = options.useFactory(...args);
            // ioredis options; BullMQ's own RedisOptions type is a looser copy of them.
            return { connection: connectionOptions(settings.redisUrl, settings.role) as ConnectionOptions, prefix: queuePrefix(settings.keyPrefix) };
          },
        }),
        BullModule.registerQueue({ name: INSIGHTS_QUEUE }),
      ],
      providers: [
        BullInsightsQueue,
        { provide: InsightsQueue, useExisting: BullInsightsQueue },
        { provide: QUEUE_SETTINGS, inject: options.inject, useFactory: options.useFactory },
        JobEventsFeed,
      ],
      exports: [InsightsQueue, BullModule, JobEventsFeed],
    };
  }
}
