import { JOB_NAMES } from './names.js';
import type { ScheduledJobName } from './queue.config.js';
import type { AssignFeedbackPayload, BatchInsightsPayload, JobPayloads, RefreshProjectPayload } from './payloads.js';

export type JobState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'completed' | 'failed' | 'waiting-children' | 'unknown';

export type QueueCounts = Record<'waiting' | 'prioritized' | 'active' | 'delayed' | 'failed' | 'completed', number>;

/** What each job a producer starts needs beside its payload. */
export interface EnqueueOptions {
  /** Its id (also the job row's), the dedup id identical requests share, and who is waiting. */
  [JOB_NAMES.generate]: { jobId: string; dedupId: string; trigger: 'interactive' | 'background' };
  /**
   * A batch's new generations, each with its cache key: the batch job (its id the batch's) runs
   * once they have all finished, failed ones included.
   */
  [JOB_NAMES.batch]: { children: { payload: JobPayloads[typeof JOB_NAMES.generate]; dedupId: string }[] };
  /** The first retry's delay while the receiver is down (it doubles after). */
  [JOB_NAMES.notifyFailure]: { retryDelayMs: number };
  /** Each request pushes the refresh back by `debounceMs`, never past `maxWaitMs` after the first. */
  [JOB_NAMES.refresh]: { debounceMs: number; maxWaitMs: number };
  /** As a refresh: each write pushes the assignment back by `debounceMs`, never past `maxWaitMs`. */
  [JOB_NAMES.assignFeedback]: { debounceMs: number; maxWaitMs: number };
  /** The first retry's delay while the receiver is down, as for failure notices. */
  [JOB_NAMES.themeAlert]: { retryDelayMs: number };
  /** Its id (also the job row's) and the dedup id identical questions share (the ask cache key). */
  [JOB_NAMES.ask]: { jobId: string; dedupId: string };
}

/** The jobs producers start (reconcile is scheduled by the workers: `WorkerQueueHooks`). */
export type EnqueuedJobName = keyof EnqueueOptions;

/** The payload a producer gives; a refresh's debounce window is kept by the queue. */
export type EnqueuePayloads = {
  [JOB_NAMES.generate]: JobPayloads[typeof JOB_NAMES.generate];
  [JOB_NAMES.batch]: BatchInsightsPayload;
  [JOB_NAMES.notifyFailure]: JobPayloads[typeof JOB_NAMES.notifyFailure];
  [JOB_NAMES.refresh]: Omit<RefreshProjectPayload, 'firstRequestedAt'>;
  [JOB_NAMES.assignFeedback]: Omit<AssignFeedbackPayload, 'firstRequestedAt'>;
  [JOB_NAMES.themeAlert]: JobPayloads[typeof JOB_NAMES.themeAlert];
  [JOB_NAMES.ask]: JobPayloads[typeof JOB_NAMES.ask];
};

/** A project's weekly digest scheduler as BullMQ keeps it. */
export interface DigestSchedule {
  /** Its cron pattern (UTC). */
  pattern: string;
  /** When it runs next, epoch ms. */
  next: number | null;
}

/**
 * What `cancel` did: `removed` a job that had not started, or `signalled` the workers to stop it
 * (it was running, or had already finished or gone, and then nothing stops).
 */
export type CancelOutcome = 'removed' | 'signalled';

/** A job as an operator or a test sees it: no handle on the queue behind it. */
export interface QueuedJob {
  id: string;
  name: string;
  state: JobState;
  attemptsMade: number;
  failedReason?: string;
}

/**
 * What producers do to the insights queue: the API's services, `JobLauncher` and the worker's
 * handlers that start jobs (the reconciler, a failure's notification) add, look up and cancel
 * jobs, nothing else. It is also the Nest injection token. The verbs only a worker needs are
 * `WorkerQueueHooks`, the operators' reads `QueueMonitor`; `BullInsightsQueue` implements all
 * three over BullMQ, `InlineQueue` in `@insights/testkit` this one in memory for unit tests.
 * Pausing, emptying or forgetting the queue is for tests and benchmarks only: `QueueAdmin` in
 * `@insights/testkit`.
 */
export abstract class InsightsQueue {
  /**
   * Adds a job by name with its typed payload, its BullMQ options from the queue config. Returns
   * the id of the job that will do the work: for a generation, the one already in flight under
   * the same dedup id; a failure notification is queued once per failed job; a project's refresh
   * is debounced (BullMQ deduplication with ttl, extend and replace) into one delayed job; a
   * batch is one BullMQ flow, its parent's id the batch's (BullMQ does not deduplicate a flow's
   * children: their job rows carry the dedup key instead).
   */
  abstract enqueue<N extends EnqueuedJobName>(name: N, payload: EnqueuePayloads[N], options: EnqueueOptions[N]): Promise<string>;
  /** A batch's parent payload, while the queue keeps it. */
  abstract findBatch(batchId: string): Promise<BatchInsightsPayload | undefined>;
  /** The job currently holding a dedup id, if one is in flight. */
  abstract inFlight(dedupId: string): Promise<string | null>;
  /** A job's state alone (one round trip): `unknown` once the queue no longer holds it. */
  abstract state(jobId: string): Promise<JobState>;
  /** A job with its attempts and failure reason, while the queue holds it. */
  abstract find(jobId: string): Promise<QueuedJob | undefined>;
  /**
   * Stops a job: removes it if it has not started, else tells every worker to abort it if it is
   * running it; either way frees its dedup id if it still holds it, so the next identical
   * request starts afresh.
   */
  abstract cancel(jobId: string): Promise<CancelOutcome>;
  /**
   * Keeps the project's weekly digest on a job scheduler (`weekly-digest-<projectId>`, an
   * idempotent upsert) running on the cron `pattern` in UTC, each run retried as a failure
   * notice's delivery is.
   */
  abstract scheduleDigest(projectId: string, pattern: string, retryDelayMs: number): Promise<void>;
  /** Removes the project's digest scheduler; false when it had none. */
  abstract unscheduleDigest(projectId: string): Promise<boolean>;
  /** The project's digest scheduler, if it has one. */
  abstract digestSchedule(projectId: string): Promise<DigestSchedule | undefined>;
}

/**
 * The verbs only a worker needs: it keeps the fleet-wide schedules, hears cancellations and
 * closes what it opened for them.
 */
export abstract class WorkerQueueHooks {
  /** Runs `listener` with each job id whose cancellation was requested. */
  abstract onCancelRequest(listener: (jobId: string) => void): Promise<void>;
  /** Keeps one fleet-wide repeating job under `name` (an idempotent upsert), its options from the queue config. */
  abstract schedule(name: ScheduledJobName, everyMs: number): Promise<void>;
  /** Runs `listener` whenever the connection becomes ready, after a reconnect included. */
  abstract onReady(listener: () => void): Promise<void>;
  /** Closes the connections opened for the listeners above. */
  abstract close(): Promise<void>;
}

/** The operators' reads: metrics, readiness probes and Bull Board. */
export abstract class QueueMonitor {
  abstract counts(): Promise<QueueCounts>;
  /** When the longest-waiting job (of the first 1,000 waiting) was queued, epoch ms; null when none waits. */
  abstract oldestWaitingAt(): Promise<number | null>;
  /** What Bull Board needs to show this queue (its BullMQ adapter). */
  abstract boardAdapter(): Promise<unknown>;
}
