import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { AppConfig } from '@insights/config';
import { InsightsJobsRepository } from '@insights/db';
import { isLlmError } from '@insights/engine';
import { APP_CONFIG } from '@insights/platform';
import { INSIGHTS_QUEUE, InsightsQueue, isLargeJob, WorkerQueueHooks, JOB_NAMES, JOB_PAYLOADS, type JobName, type JobPayloads } from '@insights/queue';
import { AskQuestionHandler } from '../insights/ask-question.handler.js';
import { AssignFeedbackHandler } from '../insights/assign-feedback.handler.js';
import { GenerateInsightsHandler } from '../insights/generate-insights.handler.js';
import { failureCode, type FailureCode } from '../insights/failure-code.js';
import { NotifyFailureHandler } from '../insights/notify-failure.handler.js';
import { RefreshProjectHandler } from '../insights/refresh-project.handler.js';
import { ReconcileJobsHandler } from '../insights/reconcile-jobs.handler.js';
import { ThemeAlertHandler } from '../insights/theme-alert.handler.js';
import { DigestHandler } from '../insights/digest.handler.js';
import { WorkerMetrics, type JobOutcome } from '../metrics/worker-metrics.service.js';
import { INSIGHTS_WORKER_FACTORY, type InsightsWorkerFactory } from './insights-worker.factory.js';
import { JobContext } from './job-context.js';

type Handlers = { [N in JobName]: (payload: JobPayloads[N], job: Job, context: JobContext) => Promise<unknown> };

// Without a Retry-After, a 429 still pauses the queue rather than spending an attempt.
const DEFAULT_RATE_LIMIT_PAUSE_MS = 5_000;
// A large job turned away for want of a large slot is offered again after this long: short
// beside a large job's minutes, long enough that waiting large jobs do not spin the queue.
const LARGE_JOB_RECHECK_MS = 1_000;

/**
 * The one processor of the insights queue. It parses each payload once, hands the typed
 * payload to the handler of its job name, and turns the outcome into BullMQ's vocabulary: retry,
 * fail now, pause the queue for a rate limit, hand back on shutdown.
 *
 * Its BullMQ worker is built around `process` with its final settings (`insightsWorkerFactory`)
 * and runs once the application has bootstrapped.
 */
@Injectable()
export class InsightsProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InsightsProcessor.name);
  readonly worker: Worker;
  // Typed over every job name: a name without a handler does not compile.
  private readonly handlers: Handlers;
  private scheduleTimer?: NodeJS.Timeout;
  /** Large jobs this process is running (at most WORKER_LARGE_JOB_CONCURRENCY). */
  private largeRunning = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: InsightsJobsRepository,
    private readonly queue: InsightsQueue,
    private readonly hooks: WorkerQueueHooks,
    private readonly metrics: WorkerMetrics,
    generate: GenerateInsightsHandler,
    reconcile: ReconcileJobsHandler,
    notify: NotifyFailureHandler,
    refresh: RefreshProjectHandler,
    assign: AssignFeedbackHandler,
    themeAlert: ThemeAlertHandler,
    private readonly digest: DigestHandler,
    ask: AskQuestionHandler,
    @Inject(INSIGHTS_WORKER_FACTORY) createWorker: InsightsWorkerFactory,
  ) {
    this.worker = createWorker((job, token, signal) => this.process(job, token, signal));
    // Unhandled, a connection error before the first job would crash the process.
    this.worker.on('error', (error) => this.logger.warn(`queue connection: ${error.message}`));
    this.handlers = {
      [JOB_NAMES.generate]: (payload, job, context) => generate.handle(payload, job, context),
      [JOB_NAMES.reconcile]: () => reconcile.handle(),
      [JOB_NAMES.notifyFailure]: (payload) => notify.handle(payload),
      [JOB_NAMES.refresh]: (payload) => refresh.handle(payload),
      [JOB_NAMES.assignFeedback]: (payload, _job, context) => assign.handle(payload, context),
      [JOB_NAMES.themeAlert]: (payload) => themeAlert.handle(payload),
      [JOB_NAMES.digest]: (payload) => digest.handle(payload),
      [JOB_NAMES.ask]: (payload, job, context) => ask.handle(payload, job, context),
      // A batch's parent runs once every child generation has finished; the API reads each
      // project's job row for the batch's status, so there is nothing left to do but log it.
      [JOB_NAMES.batch]: (payload) => {
        this.logger.log(`batch ${payload.batchId}: all ${payload.entries.length} projects finished`);
        return Promise.resolve({ projects: payload.entries.length });
      },
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const { worker } = this.config;
    // A job that stalled too often is failed by BullMQ's stall check, outside any processor.
    this.worker.on('failed', (job, error) => {
      if (job && (job.name === JOB_NAMES.generate || job.name === JOB_NAMES.ask) && /stalled more than allowable limit/.test(error.message)) {
        void this.settleStalled(job, error.message).catch(() => undefined);
      }
    });
    await this.scheduleReconcile();
    // The schedule lives in Redis, so a Redis that lost its data loses it too: every worker
    // re-asserts it on reconnect and once per interval (an idempotent upsert).
    await this.hooks.onReady(() => void this.scheduleReconcile().catch(() => undefined));
    // The projects' digest schedulers likewise, at start and on reconnect (not per interval: one
    // upsert per opted-in project).
    const assertDigests = () =>
      void this.digest.reassertSchedules().catch((error: unknown) => this.logger.warn(`digest schedulers: ${(error as Error).message}`));
    assertDigests();
    await this.hooks.onReady(assertDigests);
    this.scheduleTimer = setInterval(() => void this.scheduleReconcile().catch(() => undefined), worker.reconcileIntervalMs);
    this.scheduleTimer.unref();
    await this.hooks.onCancelRequest((jobId) => this.worker.cancelJob(jobId, 'cancelled'));
    void this.worker.run();
    this.logger.log(`processing "${INSIGHTS_QUEUE}" with concurrency ${worker.concurrency}`);
  }

  /**
   * A job BullMQ failed for stalling too often fails its row too, unless the row is already
   * completed: a worker stored the result and was stopped before it told BullMQ. Retried, the
   * job finds its row completed and settles as completed, so the queue says what the row says.
   */
  private async settleStalled(job: Job, reason: string): Promise<void> {
    if (await this.jobs.fail(job.id!, reason, job.attemptsMade)) return this.notifyFailure(job, reason, 'stalled');
    if ((await this.jobs.status(job.id!)) === 'completed') await job.retry('failed');
  }

  /** One schedule for the whole fleet: BullMQ keeps a single scheduler per id, whoever upserts it. */
  private scheduleReconcile(): Promise<void> {
    return this.hooks.schedule(JOB_NAMES.reconcile, this.config.worker.reconcileIntervalMs);
  }

  async process(job: Job, token?: string, signal?: AbortSignal): Promise<unknown> {
    const name = job.name as JobName;
    const schema = JOB_PAYLOADS[name];
    if (!schema) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    const context = new JobContext(job.attemptsMade + 1, job.opts.attempts ?? 1, signal);
    const handle = this.handlers[name] as (payload: unknown, job: Job, context: JobContext) => Promise<unknown>;
    if (name === JOB_NAMES.ask) return this.answer(job, token, context, () => handle(parsed.data, job, context));
    if (name !== JOB_NAMES.generate) return handle(parsed.data, job, context);
    const { trigger } = parsed.data as JobPayloads[typeof JOB_NAMES.generate];
    const large = isLargeJob(trigger, job.opts.priority);
    if (large && this.largeRunning >= this.config.worker.largeJobConcurrency) {
      // This process runs its share of large jobs already: the slot goes to a small job, and the
      // large one waits in the queue (keeping its priority) for a worker with a large slot free.
      await job.moveToDelayed(Date.now() + LARGE_JOB_RECHECK_MS, token);
      throw new DelayedError('large job: no large slot free in this worker');
    }
    if (large) this.largeRunning++;
    const started = Date.now();
    this.metrics.started(job.timestamp, context.attempt);
    let outcome: JobOutcome = 'completed';
    try {
      return await handle(parsed.data, job, context);
    } catch (error) {
      const settled = await this.settle(job, token, context, error);
      outcome = settled.outcome;
      throw settled.error;
    } finally {
      if (large) this.largeRunning--;
      this.metrics.finished(outcome, started);
    }
  }

  /** A question's attempt: settled as a generation's is (retries, rate limits, cancellation), timed apart from them. */
  private async answer(job: Job, token: string | undefined, context: JobContext, run: () => Promise<unknown>): Promise<unknown> {
    const started = Date.now();
    let outcome: JobOutcome = 'completed';
    try {
      return await run();
    } catch (error) {
      const settled = await this.settle(job, token, context, error);
      outcome = settled.outcome;
      throw settled.error;
    } finally {
      this.metrics.askFinished(outcome, started);
    }
  }

  /** Decides what a failure means; only the last attempt (or a permanent error) fails the row. */
  private async settle(job: Job, token: string | undefined, context: JobContext, error: unknown): Promise<{ error: Error; outcome: JobOutcome }> {
    const jobId = job.id!;
    if (context.interruptedBy === 'shutdown') {
      await job.moveToDelayed(Date.now(), token);
      return { error: new DelayedError('handed back on shutdown'), outcome: 'handed_back' };
    }
    if (context.interruptedBy === 'cancelled') return { error: new UnrecoverableError('cancelled'), outcome: 'cancelled' };
    if (isLlmError(error) && (error.kind === 'rate_limit' || error.kind === 'overloaded')) {
      // Pauses every worker of the queue: the provider's limit is per account, not per process.
      await this.worker.rateLimit(error.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS);
      await this.jobs.markRetrying(jobId, `${error.kind}: paused the queue`, context.attempt - 1);
      return { error: Worker.RateLimitError(), outcome: 'rate_limited' };
    }
    const message = isLlmError(error) ? `${error.kind}: ${error.message}` : error instanceof Error ? error.message : String(error);
    const permanent = error instanceof UnrecoverableError || (isLlmError(error) && !error.transient);
    if (permanent || context.isLastAttempt) {
      await this.jobs.fail(jobId, message, context.attempt);
      this.notifyFailure(job, message, failureCode(error));
      return { error: permanent ? new UnrecoverableError(message) : (error as Error), outcome: 'failed' };
    }
    await this.jobs.markRetrying(jobId, message, context.attempt);
    return { error: error instanceof Error ? error : new Error(message), outcome: 'retried' };
  }

  /** Queues the failure's notification; the job's own outcome never waits for it or fails by it. */
  private notifyFailure(job: Job, error: string, errorCode: FailureCode): void {
    const parsed = JOB_PAYLOADS[JOB_NAMES.generate].safeParse(job.data);
    if (!parsed.success) return;
    const { jobId, userId, projectId } = parsed.data;
    this.queue
      .enqueue(
        JOB_NAMES.notifyFailure,
        { jobId, userId, projectId, error: error.slice(0, 2_000), errorCode, failedAt: new Date().toISOString() },
        { retryDelayMs: this.config.notify.retryDelayMs },
      )
      .catch((reason: unknown) => this.logger.warn(`job ${jobId}: its failure notification was not queued: ${(reason as Error).message}`));
  }

  /**
   * SIGTERM: take no new jobs; let active ones finish within the grace period, then hand them
   * back. Runs before the queue module closes the connections the worker shares.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.scheduleTimer);
    const grace = setTimeout(() => this.worker.cancelAllJobs('shutdown'), this.config.worker.shutdownGraceMs);
    await this.worker.close();
    clearTimeout(grace);
    await this.hooks.close();
    this.logger.log('stopped');
  }
}
