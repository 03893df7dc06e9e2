import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { FlowProducer, Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { cancelChannel } from './cancel.js';
import { INSIGHTS_QUEUE, JOB_NAMES, queuePrefix } from './names.js';
import { closeQueueConnection, queueConnection } from './connection.js';
import type { InsightsQueueSettings } from './settings.js';
import {
  askJobOptions,
  batchChildOptions,
  batchJobOptions,
  digestJobOptions,
  digestSchedulerId,
  generateJobOptions,
  notifyJobOptions,
  assignDedupId,
  assignJobOptions,
  refreshDedupId,
  refreshJobOptions,
  scheduledJobOptions,
  themeAlertJobId,
  themeAlertJobOptions,
  type ScheduledJobName,
} from './queue.config.js';
import { JOB_PAYLOADS, type BatchInsightsPayload, type JobPayloads, type JobSize, type NotifyFailurePayload, type RefreshProjectPayload } from './payloads.js';
import {
  InsightsQueue,
  type CancelOutcome,
  type DigestSchedule,
  type EnqueuedJobName,
  type EnqueueOptions,
  type EnqueuePayloads,
  type JobState,
  type QueueCounts,
  type QueuedJob,
  type QueueMonitor,
  type WorkerQueueHooks,
} from './insights-queue.js';

/** A debounced job's delay: `debounceMs` from now, but never past `maxWaitMs` after its window opened. */
function debounceDelay(firstRequestedAt: number, timing: { debounceMs: number; maxWaitMs: number }, now: number): number {
  return Math.max(0, Math.min(timing.debounceMs, firstRequestedAt + timing.maxWaitMs - now));
}

/**
 * The insights queue on BullMQ, registered with `@nestjs/bullmq` and injected with
 * `@InjectQueue`: the producers' verbs, the worker's hooks and the operators' reads in one class,
 * each role provided under its own token by `InsightsQueueModule`.
 */
@Injectable()
export class BullInsightsQueue extends InsightsQueue implements WorkerQueueHooks, QueueMonitor {
  private readonly channel: string;

  constructor(@InjectQueue(INSIGHTS_QUEUE) private readonly queue: Queue) {
    super();
    // Connection errors surface as failed calls (503s, readiness); unhandled, they would crash.
    queue.on('error', () => undefined);
    // The hash-tag prefix is `{keyPrefix}`; the cancel channel is named after the bare prefix.
    this.channel = cancelChannel((queue.opts.prefix ?? '').replace(/^\{(.*)\}$/, '$1'));
  }

  enqueue<N extends EnqueuedJobName>(name: N, payload: EnqueuePayloads[N], options: EnqueueOptions[N]): Promise<string> {
    // Each branch is the one whose name, payload and options the signature ties together.
    if (name === JOB_NAMES.generate)
      return this.addGeneration(payload as EnqueuePayloads[typeof JOB_NAMES.generate], options as EnqueueOptions[typeof JOB_NAMES.generate]);
    if (name === JOB_NAMES.batch) return this.addBatch(payload as BatchInsightsPayload, (options as EnqueueOptions[typeof JOB_NAMES.batch]).children);
    if (name === JOB_NAMES.notifyFailure)
      return this.addNotification(payload as NotifyFailurePayload, (options as EnqueueOptions[typeof JOB_NAMES.notifyFailure]).retryDelayMs);
    if (name === JOB_NAMES.assignFeedback)
      return this.addAssignment(
        (payload as EnqueuePayloads[typeof JOB_NAMES.assignFeedback]).projectId,
        options as EnqueueOptions[typeof JOB_NAMES.assignFeedback],
      );
    if (name === JOB_NAMES.ask) {
      const data = JOB_PAYLOADS[JOB_NAMES.ask].parse(payload);
      const { jobId, dedupId } = options as EnqueueOptions[typeof JOB_NAMES.ask];
      return this.queue.add(JOB_NAMES.ask, data, askJobOptions(jobId, dedupId)).then((job) => job.id!);
    }
    if (name === JOB_NAMES.themeAlert) {
      const data = JOB_PAYLOADS[JOB_NAMES.themeAlert].parse(payload);
      const jobId = themeAlertJobId(data);
      const { retryDelayMs } = options as EnqueueOptions[typeof JOB_NAMES.themeAlert];
      return this.queue.add(JOB_NAMES.themeAlert, data, themeAlertJobOptions(jobId, retryDelayMs)).then((job) => job.id!);
    }
    const { projectId, scopes } = payload as EnqueuePayloads[typeof JOB_NAMES.refresh];
    return this.addRefresh(projectId, scopes, options as EnqueueOptions[typeof JOB_NAMES.refresh]);
  }

  private async addGeneration(payload: JobPayloads[typeof JOB_NAMES.generate], identity: EnqueueOptions[typeof JOB_NAMES.generate]): Promise<string> {
    const { size, data } = withoutSize(JOB_PAYLOADS[JOB_NAMES.generate].parse(payload));
    const job = await this.queue.add(JOB_NAMES.generate, data, generateJobOptions(identity.jobId, identity.dedupId, identity.trigger, size));
    return job.id!;
  }

  private flows?: FlowProducer;

  private async addBatch(batch: BatchInsightsPayload, children: EnqueueOptions[typeof JOB_NAMES.batch]['children']): Promise<string> {
    const data = JOB_PAYLOADS[JOB_NAMES.batch].parse(batch);
    if (!this.flows) {
      this.flows = new FlowProducer({ connection: this.queue.opts.connection, prefix: this.queue.opts.prefix });
      this.flows.on('error', () => undefined);
      const flows = this.flows;
      this.closers.push(() => void flows.close().catch(() => undefined));
    }
    await this.flows.add({
      name: JOB_NAMES.batch,
      queueName: INSIGHTS_QUEUE,
      data,
      opts: batchJobOptions(batch.batchId),
      // BullMQ refuses deduplication on a flow's children: single requests find a child by its
      // job row instead (InsightsJobsRepository.openFor), which carries the same dedup key.
      children: children.map(({ payload }) => {
        const { size, data } = withoutSize(JOB_PAYLOADS[JOB_NAMES.generate].parse(payload));
        return { name: JOB_NAMES.generate, queueName: INSIGHTS_QUEUE, data, opts: batchChildOptions(payload.jobId, size) };
      }),
    });
    return batch.batchId;
  }

  async findBatch(batchId: string): Promise<BatchInsightsPayload | undefined> {
    const job = await this.queue.getJob(batchId);
    if (!job || job.name !== JOB_NAMES.batch) return undefined;
    const parsed = JOB_PAYLOADS[JOB_NAMES.batch].safeParse(job.data);
    return parsed.success ? parsed.data : undefined;
  }

  private async addRefresh(projectId: string, scopes: RefreshProjectPayload['scopes'], timing: EnqueueOptions[typeof JOB_NAMES.refresh]): Promise<string> {
    const now = Date.now();
    const firstRequestedAt = await this.windowOpenedAt(refreshDedupId(projectId), now);
    const delay = debounceDelay(firstRequestedAt, timing, now);
    const data = JOB_PAYLOADS[JOB_NAMES.refresh].parse({ projectId, scopes, firstRequestedAt });
    return (await this.queue.add(JOB_NAMES.refresh, data, refreshJobOptions(projectId, delay))).id!;
  }

  /** A debounced job of one project (refresh, assignment): when its window opened, if one is pending. */
  private async windowOpenedAt(dedupId: string, now: number): Promise<number> {
    const pendingId = await this.queue.getDeduplicationJobId(dedupId);
    const pending = pendingId ? await this.queue.getJob(pendingId) : undefined;
    if (pending && (await pending.isDelayed())) return (pending.data as { firstRequestedAt?: number }).firstRequestedAt ?? now;
    return now;
  }

  private async addAssignment(projectId: string, timing: EnqueueOptions[typeof JOB_NAMES.assignFeedback]): Promise<string> {
    const now = Date.now();
    const firstRequestedAt = await this.windowOpenedAt(assignDedupId(projectId), now);
    const delay = debounceDelay(firstRequestedAt, timing, now);
    const data = JOB_PAYLOADS[JOB_NAMES.assignFeedback].parse({ projectId, firstRequestedAt });
    return (await this.queue.add(JOB_NAMES.assignFeedback, data, assignJobOptions(projectId, delay))).id!;
  }

  private async addNotification(payload: NotifyFailurePayload, retryDelayMs: number): Promise<string> {
    const data = JOB_PAYLOADS[JOB_NAMES.notifyFailure].parse(payload);
    return (await this.queue.add(JOB_NAMES.notifyFailure, data, notifyJobOptions(payload.jobId, retryDelayMs))).id!;
  }

  async scheduleDigest(projectId: string, pattern: string, retryDelayMs: number): Promise<void> {
    const data = JOB_PAYLOADS[JOB_NAMES.digest].parse({ projectId });
    await this.queue.upsertJobScheduler(
      digestSchedulerId(projectId),
      { pattern, tz: 'UTC' },
      { name: JOB_NAMES.digest, data, opts: digestJobOptions(retryDelayMs) },
    );
  }

  unscheduleDigest(projectId: string): Promise<boolean> {
    return this.queue.removeJobScheduler(digestSchedulerId(projectId));
  }

  async digestSchedule(projectId: string): Promise<DigestSchedule | undefined> {
    const scheduler = await this.queue.getJobScheduler(digestSchedulerId(projectId));
    if (!scheduler?.pattern) return undefined;
    return { pattern: scheduler.pattern, next: scheduler.next ?? null };
  }

  inFlight(dedupId: string): Promise<string | null> {
    return this.queue.getDeduplicationJobId(dedupId);
  }

  async state(jobId: string): Promise<JobState> {
    return (await this.queue.getJobState(jobId)) as JobState;
  }

  async find(jobId: string): Promise<QueuedJob | undefined> {
    // The state first: the job read after it is at least as far along. Read the other way round, a
    // job read while active could come back in the state it failed in, without its failedReason.
    const state = await this.queue.getJobState(jobId);
    if (state === 'unknown') return undefined;
    const job = await this.queue.getJob(jobId);
    if (!job) return undefined;
    return {
      id: job.id!,
      name: job.name,
      state: state as JobState,
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason || undefined,
    };
  }

  async cancel(jobId: string): Promise<CancelOutcome> {
    const outcome: CancelOutcome = (await this.removeIfWaiting(jobId)) ? 'removed' : 'signalled';
    if (outcome === 'signalled') await this.requestCancel(jobId);
    await this.releaseDedup(jobId);
    return outcome;
  }

  /** Removes a job that has not started; false when it is active (or already gone). */
  private async removeIfWaiting(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return false;
    // remove() throws if a worker locked the job in the meantime: then it is active.
    return job.remove().then(
      () => true,
      () => false,
    );
  }

  /** Frees the dedup id if this job still holds it. */
  private async releaseDedup(jobId: string): Promise<void> {
    const job = await this.queue.getJob(jobId);
    await job?.removeDeduplicationKey();
  }

  /** Tells every worker to abort the job if it is running it. */
  private async requestCancel(jobId: string): Promise<void> {
    await (await this.redis()).publish(this.channel, jobId);
  }

  async onCancelRequest(listener: (jobId: string) => void): Promise<void> {
    // A subscribed connection can do nothing else: a duplicate of the queue's own.
    const subscriber = (await this.redis()).duplicate();
    subscriber.on('error', () => undefined);
    await subscriber.subscribe(this.channel);
    subscriber.on('message', (_channel: string, jobId: string) => listener(jobId));
    this.closers.push(() => subscriber.disconnect());
  }

  async schedule(name: ScheduledJobName, everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(name, { every: everyMs }, { name, data: {}, opts: scheduledJobOptions(name) });
  }

  async onReady(listener: () => void): Promise<void> {
    (await this.redis()).on('ready', listener);
  }

  async counts(): Promise<QueueCounts> {
    return (await this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed')) as QueueCounts;
  }

  async oldestWaitingAt(): Promise<number | null> {
    // Prioritized jobs are ordered by priority, not age: the oldest may sit anywhere in the set.
    const waiting = await this.queue.getJobs(['waiting', 'prioritized'], 0, 999, true);
    return waiting.reduce<number | null>((oldest, job) => (job && (oldest === null || job.timestamp < oldest) ? job.timestamp : oldest), null);
  }

  /** Loaded on demand: only an API with Bull Board credentials needs it, never a worker. */
  async boardAdapter(): Promise<unknown> {
    const { BullMQAdapter } = await import('@bull-board/api/bullMQAdapter');
    return new BullMQAdapter(this.queue);
  }

  private readonly closers: (() => void)[] = [];

  /** The queue's own Redis client (its Redis backend's, an ioredis instance), for pub/sub beside the queue. */
  private async redis(): Promise<Redis> {
    return (await this.queue.getBackend().client) as unknown as Redis;
  }

  /** In an app `@nestjs/bullmq` closes the queue itself on shutdown; this closes what was added. */
  close(): Promise<void> {
    for (const close of this.closers.splice(0)) close();
    return Promise.resolve();
  }

  /**
   * The same queue outside Nest (scripts, benchmarks, tests), on a connection of its own that
   * `close()` also closes.
   */
  static open(settings: InsightsQueueSettings): BullInsightsQueue {
    const connection = queueConnection({ url: settings.redisUrl, clusterNodes: settings.clusterNodes }, settings.role);
    const queue = new Queue(INSIGHTS_QUEUE, { connection: connection as ConnectionOptions, prefix: queuePrefix(settings.keyPrefix) });
    const opened = new BullInsightsQueue(queue);
    opened.closers.push(
      () =>
        void queue
          .close()
          .catch(() => undefined)
          .then(() => closeQueueConnection(connection)),
    );
    return opened;
  }
}

/**
 * A generation's size class goes into its priority, not into the data stored in Redis: a worker
 * of the previous release validates payloads strictly and must not meet a field it lacks. The
 * worker reads the class back from the priority (`isLargeJob`).
 */
function withoutSize<T>(payload: T): { size?: JobSize; data: T } {
  if (!payload || typeof payload !== 'object' || !('size' in payload)) return { data: payload };
  const { size, ...data } = payload as T & { size?: JobSize };
  return { size, data: data as T };
}
