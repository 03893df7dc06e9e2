import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '@insights/config';
import { InsightsJobsRepository } from '@insights/db';
import { isLlmError } from '@insights/engine';
import {
  cancelChannel,
  createQueueConnection,
  INSIGHTS_QUEUE,
  InsightsProducer,
  JOB_NAMES,
  queuePrefix,
  workerOptions,
  type JobName,
} from '@insights/queue';
import { WORKER_CONFIG } from '../config/worker-config.module.js';
import { GenerateInsightsHandler } from '../insights/generate-insights.handler.js';
import { ReconcileJobsHandler } from '../insights/reconcile-jobs.handler.js';
import { JobContext } from './job-context.js';

type Handler = (job: Job, context: JobContext) => Promise<unknown>;

// Without a Retry-After, a 429 still pauses the queue rather than spending an attempt.
const DEFAULT_RATE_LIMIT_PAUSE_MS = 5_000;

/**
 * The one processor of the insights queue: routes each job name to its handler and turns the
 * outcome into BullMQ's vocabulary (retry, fail now, pause the queue, hand back on shutdown).
 */
@Injectable()
export class InsightsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InsightsWorker.name);
  // Typed over every job name: a name without a handler does not compile.
  private readonly handlers: Record<JobName, Handler>;
  private readonly active = new Map<string, JobContext>();
  private worker?: Worker;
  private scheduleTimer?: NodeJS.Timeout;
  private connection?: Redis;
  private subscriber?: Redis;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: AppConfig,
    private readonly jobs: InsightsJobsRepository,
    // Queue-wide controls (the rate-limit pause, the reconcile schedule, re-enqueues).
    private readonly producer: InsightsProducer,
    generate: GenerateInsightsHandler,
    reconcile: ReconcileJobsHandler,
  ) {
    this.handlers = {
      [JOB_NAMES.generate]: (job, context) => generate.handle(job, context),
      [JOB_NAMES.reconcile]: () => reconcile.handle(),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const { redis, worker } = this.config;
    this.connection = createQueueConnection(redis.url, 'worker');
    await this.scheduleReconcile();
    this.worker = new Worker(INSIGHTS_QUEUE, (job, token, signal) => this.process(job, token, signal), {
      connection: this.connection,
      prefix: queuePrefix(redis.keyPrefix),
      ...workerOptions({
        concurrency: worker.concurrency,
        limiterMax: worker.jobsPerSecond,
        lockMs: worker.lockMs,
        stalledIntervalMs: worker.stalledIntervalMs,
      }),
    });
    this.worker.on('error', (error) => this.logger.warn(`queue connection: ${error.message}`));
    // A job that stalled too often is failed by BullMQ's stall check, outside any processor.
    this.worker.on('failed', (job, error) => {
      if (job && /stalled more than allowable limit/.test(error.message)) {
        void this.jobs.fail(job.id!, error.message, job.attemptsMade).catch(() => undefined);
      }
    });
    // The schedule lives in Redis, so a Redis that lost its data loses it too: every worker
    // re-asserts it on reconnect and once per interval (an idempotent upsert).
    this.producer.onReady(() => void this.scheduleReconcile().catch(() => undefined));
    this.scheduleTimer = setInterval(() => void this.scheduleReconcile().catch(() => undefined), worker.reconcileIntervalMs);
    this.scheduleTimer.unref();
    this.subscriber = createQueueConnection(redis.url, 'worker');
    await this.subscriber.subscribe(cancelChannel(redis.keyPrefix));
    this.subscriber.on('message', (_channel: string, jobId: string) => this.active.get(jobId)?.interrupt('cancelled'));
    this.logger.log(`processing "${INSIGHTS_QUEUE}" with concurrency ${worker.concurrency}`);
  }

  /** One schedule for the whole fleet: BullMQ keeps a single scheduler per id, whoever upserts it. */
  private scheduleReconcile(): Promise<unknown> {
    return this.producer.queue.upsertJobScheduler(
      JOB_NAMES.reconcile,
      { every: this.config.worker.reconcileIntervalMs },
      { name: JOB_NAMES.reconcile, data: {}, opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } } },
    );
  }

  private async process(job: Job, token: string | undefined, signal?: AbortSignal): Promise<unknown> {
    const handler = this.handlers[job.name as JobName];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    const context = new JobContext(job.attemptsMade + 1, job.opts.attempts ?? 1, signal);
    this.active.set(job.id!, context);
    try {
      return await handler(job, context);
    } catch (error) {
      throw await this.settle(job, token, context, error);
    } finally {
      this.active.delete(job.id!);
    }
  }

  /** Decides what a failure means; only the last attempt (or a permanent error) fails the row. */
  private async settle(job: Job, token: string | undefined, context: JobContext, error: unknown): Promise<Error> {
    const jobId = job.id!;
    if (context.interruptedBy === 'shutdown') {
      await job.moveToDelayed(Date.now(), token);
      return new DelayedError('handed back on shutdown');
    }
    if (context.interruptedBy === 'cancelled') return new UnrecoverableError('cancelled');
    if (isLlmError(error) && (error.kind === 'rate_limit' || error.kind === 'overloaded')) {
      // Pauses every worker of the queue: the provider's limit is per account, not per process.
      await this.producer.queue.rateLimit(error.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS);
      await this.jobs.markRetrying(jobId, `${error.kind}: paused the queue`, context.attempt - 1);
      return Worker.RateLimitError();
    }
    const message = isLlmError(error) ? `${error.kind}: ${error.message}` : error instanceof Error ? error.message : String(error);
    const permanent = error instanceof UnrecoverableError || (isLlmError(error) && !error.transient);
    if (permanent || context.isLastAttempt) {
      await this.jobs.fail(jobId, message, context.attempt);
      return permanent ? new UnrecoverableError(message) : (error as Error);
    }
    await this.jobs.markRetrying(jobId, message, context.attempt);
    return error instanceof Error ? error : new Error(message);
  }

  /** SIGTERM: take no new jobs; let active ones finish within the grace period, then hand them back. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.worker) return;
    clearInterval(this.scheduleTimer);
    const grace = setTimeout(() => {
      for (const context of this.active.values()) context.interrupt('shutdown');
    }, this.config.worker.shutdownGraceMs);
    await this.worker.close();
    clearTimeout(grace);
    await this.producer.close();
    this.subscriber?.disconnect();
    this.connection?.disconnect();
    this.logger.log('stopped');
  }
}
