import { type DynamicModule, Module, type InjectionToken, type ModuleMetadata, type OnApplicationShutdown } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { closeQueueConnection, queueConnection } from './connection.js';
import { BullInsightsQueue } from './bull-insights-queue.js';
import { InsightsQueue, QueueMonitor, WorkerQueueHooks } from './insights-queue.js';
import { INSIGHTS_QUEUE, queuePrefix } from './names.js';

import { JobEventsFeed } from './job-events.js';
import { QUEUE_SETTINGS, type InsightsQueueSettings } from './settings.js';

export type { InsightsQueueSettings } from './settings.js';

/** The Nest token of the BullMQ queue itself, for test administration of a running app only. */
export const BULL_QUEUE_TOKEN = getQueueToken(INSIGHTS_QUEUE);

export interface InsightsQueueModuleOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: InjectionToken[];
  // Nest passes the injected values positionally; the caller types them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any, as in Nest's own factory providers, so a typed factory fits
  useFactory: (...args: any[]) => InsightsQueueSettings;
}

/**
 * Closes the cluster connections handed to BullMQ, which shares them without closing them.
 * Nest shuts global modules down last, and of two the one imported later first: this hook runs
 * after the queue and the worker (BullMQ's modules) have closed.
 */
class QueueConnections implements OnApplicationShutdown {
  readonly opened: ReturnType<typeof queueConnection>[] = [];

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.opened.splice(0).map(closeQueueConnection));
  }
}

/**
 * `@nestjs/bullmq` configured from the validated config: the shared connection and the
 * hash-tag prefix, the `insights-generate` queue, in front of it `InsightsQueue` (producers),
 * `WorkerQueueHooks` (workers) and `QueueMonitor` (operators), and the feed of its job events. A worker
 * app adds its `@Processor` class next to it.
 */
@Module({})
export class InsightsQueueModule {
  static forRootAsync(options: InsightsQueueModuleOptions): DynamicModule {
    const connections = new QueueConnections();
    return {
      module: InsightsQueueModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          imports: options.imports,
          inject: options.inject,
          useFactory: (...args: unknown[]) => {
            const settings = options.useFactory(...args);
            const connection = queueConnection({ url: settings.redisUrl, clusterNodes: settings.clusterNodes }, settings.role);
            connections.opened.push(connection);
            // ioredis options or Cluster; BullMQ's own types are looser copies of them.
            return { connection: connection as ConnectionOptions, prefix: queuePrefix(settings.keyPrefix) };
          },
        }),
        BullModule.registerQueue({ name: INSIGHTS_QUEUE }),
      ],
      providers: [
        BullInsightsQueue,
        // One instance, three roles: each consumer injects only the verbs it uses.
        { provide: InsightsQueue, useExisting: BullInsightsQueue },
        { provide: WorkerQueueHooks, useExisting: BullInsightsQueue },
        { provide: QueueMonitor, useExisting: BullInsightsQueue },
        { provide: QUEUE_SETTINGS, inject: options.inject, useFactory: options.useFactory },
        JobEventsFeed,
        { provide: QueueConnections, useValue: connections },
      ],
      exports: [InsightsQueue, WorkerQueueHooks, QueueMonitor, BullModule, JobEventsFeed],
    };
  }
}
