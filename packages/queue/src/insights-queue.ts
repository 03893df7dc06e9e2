import { JOB_NAMES } from './names.js';
import type { ScheduledJobName } from './queue.config.js';
import type { BatchInsightsPayload, JobPayloads, RefreshProjectPayload } from './payloads.js';

export type JobState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'completed' | 'failed' | 'waiting-children' | 'unknown';

export type QueueCounts = Record<'waiting' | 'prioritized' | 'active' | 'delayed' | 'failed' | 'completed', number>;

/** What each job a producer starts needs beside its payload. */
export interface EnqueueOptions {
  /** Its id (also the job row's), the dedup id identical requests share, and who is waiting. */
  [JOB_NAMES.generate]: { jobId: string; dedupId: string; trigger: 'interactive' | 'background' };
  /** The first retry's delay while the receiver is down (it doubles after). */
  [JOB_NAMES.notifyFailure]: { retryDelayMs: number };
  /** Each request pushes the refresh back by `debounceMs`, never past `maxWaitMs` after the first. */
  [JOB_NAMES.refresh]: { debounceMs: number; maxWaitMs: number };
}

/** The jobs producers start one by one (a batch is a flow: `addBatch`; reconcile is scheduled). */
export type EnqueuedJobName = keyof EnqueueOptions;

/** The payload a producer gives; a refresh's debounce window is kept by the queue. */
export type EnqueuePayloads = {
  [JOB_NAMES.generate]: JobPayloads[typeof JOB_NAMES.generate];
  [JOB_NAMES.notifyFailure]: JobPayloads[typeof JOB_NAMES.notifyFailure];
  [JOB_NAMES.refresh]: Omit<RefreshProjectPayload, 'firstRequestedAt'>;
};

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
   * Adds a job by name with its typed payload, its BullMQ options from the queue config. Returns
   * the id of the job that will do the work: for a generation, the one already in flight under
   * the same dedup id; a failure notification is queued once per failed job; a project's refresh
   * is debounced (BullMQ deduplication with ttl, extend and replace) into one delayed job.
   */
  abstract enqueue<N extends EnqueuedJobName>(name: N, payload: EnqueuePayloads[N], options: EnqueueOptions[N]): Promise<string>;
  /**
   * A batch as one BullMQ flow: the parent (`batch.batchId`) runs once all its children (new
   * generations) have finished, failed ones included. BullMQ does not deduplicate a flow's
   * children; their job rows carry the dedup key instead.
   */
  abstract addBatch(batch: BatchInsightsPayload, children: { payload: JobPayloads[typeof JOB_NAMES.generate]; dedupId: string }[]): Promise<void>;
  /** A batch's parent payload, while the queue keeps it. */
  abstract findBatch(batchId: string): Promise<BatchInsightsPayload | undefined>;
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
