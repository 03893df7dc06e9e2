import type { FactoryProvider } from '@nestjs/common';
import { Worker, type Job, type Queue } from 'bullmq';
import type { AppConfig } from '@insights/config';
import { APP_CONFIG } from '@insights/platform';
import { BULL_QUEUE_TOKEN, INSIGHTS_QUEUE, workerOptions } from '@insights/queue';

export type ProcessJob = (job: Job, token?: string, signal?: AbortSignal) => Promise<unknown>;
/** Builds the queue's worker around the processor's `process`; tests put a fake in its place. */
export type InsightsWorkerFactory = (process: ProcessJob) => Worker;

export const INSIGHTS_WORKER_FACTORY = Symbol('INSIGHTS_WORKER_FACTORY');

/**
 * The worker with its final settings from the validated config: `@nestjs/bullmq`'s `@Processor`
 * takes only static worker options, and BullMQ copies the lock settings into its lock manager
 * when the worker is constructed, so they cannot be tuned afterwards. It shares the queue's
 * connection and prefix, as `@nestjs/bullmq` would, and runs once the app has bootstrapped.
 */
export const insightsWorkerFactory: FactoryProvider<InsightsWorkerFactory> = {
  provide: INSIGHTS_WORKER_FACTORY,
  inject: [APP_CONFIG, BULL_QUEUE_TOKEN],
  useFactory: (config: AppConfig, queue: Queue) => (process) => {
    const { worker } = config;
    return new Worker(INSIGHTS_QUEUE, process, {
      connection: queue.opts.connection,
      prefix: queue.opts.prefix,
      autorun: false,
      ...workerOptions({
        concurrency: worker.concurrency,
        limiterMax: config.queue.jobsPerSecond,
        lockMs: worker.lockMs,
        stalledIntervalMs: worker.stalledIntervalMs,
      }),
    });
  },
};
