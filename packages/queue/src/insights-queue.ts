import type { JOB_NAMES, JobName } from './names.js';
import type { ScheduledJobName } from './queue.config.js';
import type { BatchInsightsPayload, JobPayloads, NotifyFailurePayload, RefreshProjectPayload } from './payloads.js';

export type JobState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'completed' | 'failed' | 'waiting-children' | 'unknown';

export type QueueCounts = Record<'waiting' | 'prioritized' | 'active' | 'delayed' | 'failed' | 'completed', number>;

/** A job as an operator or a test sees it: no handle on the queue behind it. */
export interface QueuedJob {
  id: string;
  name: string;
  state: JobState;
  attemptsMade: number;
  failedReason?: string;
}

/**
 * What the apps do to the insights queue: the API adds, looks up and cancels jobs, the worker
 * keeps the reconcile schedule and hears cancellations, the board and the metrics read it. The
 * BullMQ queue object stays behind this interface (`BullInsightsQueue`); it is also the Nest
 * injection token. Pausing, emptying or forgetting the queue is for tests and benchmarks only:
 * `QueueAdmin` in `@insights/testkit`.
 */
export abstract class InsightsQueue {
  /**
   * Adds a job unless an identical one (same dedup id) is in flight; returns the id of the job
   * that will do the work, which is the existing one after deduplication.
   */
  abstract enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    identity: { jobId: string; dedupId: string; trigger: 'interactive' | 'background' },
  ): Promise<string>;
  /**
   * A batch as one BullMQ flow: the parent (`batch.batchId`) runs once all its children (new
   * generations) have finished, failed ones included. BullMQ does not deduplicate a flow's
   * children; their job rows carry the dedup key instead.
   */
  abstract addBatch(batch: BatchInsightsPayload, children: { payload: JobPayloads[typeof JOB_NAMES.generate]; dedupId: string }[]): Promise<void>;
  /** A batch's parent payload, while the queue keeps it. */
  abstract findBatch(batchId: string): Promise<BatchInsightsPayload | undefined>;
  /**
   * Debounces a project's refresh: each call pushes the delayed job back by `debounceMs` (BullMQ
   * deduplication with ttl, extend and replace), but never later than `maxWaitMs` after the first
   * call of the window.
   */
  abstract scheduleRefresh(projectId: string, scopes: RefreshProjectPayload['scopes'], timing: { debounceMs: number; maxWaitMs: number }): Promise<void>;
  /** Queues the notification of a job's final failure (once per job). */
  abstract notifyFailure(payload: NotifyFailurePayload, retryDelayMs: number): Promise<void>;
  /** The job currently holding a dedup id, if one is in flight. */
  abstract inFlight(dedupId: string): Promise<string | null>;
  abstract state(jobId: string): Promise<JobState>;
  abstract find(jobId: string): Promise<QueuedJob | undefined>;
  /** Removes a job that has not started; false when it is active (or already gone). */
  abstract removeIfWaiting(jobId: string): Promise<boolean>;
  /** Frees the dedup id if this job still holds it, so the next identical request starts afresh. */
  abstract releaseDedup(jobId: string): Promise<void>;
  /** Tells every worker to abort the job if it is running it. */
  abstract requestCancel(jobId: string): Promise<void>;
  /** Runs `listener` with each job id whose cancellation was requested (workers). */
  abstract onCancelRequest(listener: (jobId: string) => void): Promise<void>;
  /** Keeps one fleet-wide repeating job under `name` (an idempotent upsert), its options from the queue config. */
  abstract schedule(name: ScheduledJobName, everyMs: number): Promise<void>;
  /** Runs `listener` whenever the connection becomes ready, after a reconnect included. */
  abstract onReady(listener: () => void): Promise<void>;
  abstract counts(): Promise<QueueCounts>;
  /** When the longest-waiting job (of the first 1,000 waiting) was queued, epoch ms; null when none waits. */
  abstract oldestWaitingAt(): Promise<number | null>;
  /** What Bull Board needs to show this queue (its BullMQ adapter). */
  abstract boardAdapter(): Promise<unknown>;
  abstract close(): Promise<void>;
}
