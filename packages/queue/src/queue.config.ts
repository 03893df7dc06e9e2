import type { JobsOptions, WorkerOptions } from 'bullmq';
import { JOB_NAMES, type JobName } from './names.js';
import type { JobSize } from './payloads.js';

/**
 * Every BullMQ setting of the insights queue, job by job and for the worker, with the reason for
 * each number. Nothing outside this package sees BullMQ's option types: callers name a job and
 * pass its payload, and the options come from here.
 */

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

/** BullMQ priorities: lower runs first. A person waiting beats a background refresh. */
export const PRIORITY = { interactive: 1, background: 10 } as const;

/**
 * Within each trigger a small scope's job goes before a large one's: it takes seconds where the
 * large one takes minutes, so it waits for no large job that is merely queued ahead of it.
 */
export const generatePriority = (trigger: keyof typeof PRIORITY, size: JobSize = 'small'): number => PRIORITY[trigger] + (size === 'large' ? 1 : 0);

/** Whether a generation job was queued as large (its size class lives in its priority). */
export const isLargeJob = (trigger: keyof typeof PRIORITY, priority: number | undefined): boolean => priority === generatePriority(trigger, 'large');

type Retention = Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'>;

/**
 * How long Redis keeps each job name's finished jobs. Postgres holds the durable record of every
 * generation; what Redis keeps is for Bull Board and for deduplication by job id.
 */
export const JOB_RETENTION: Record<JobName, Retention> = {
  // A day of successes and a week of failures is what an operator looks back over in Bull Board;
  // the counts cap Redis memory on a busy day.
  [JOB_NAMES.generate]: { removeOnComplete: { age: DAY_S, count: 1_000 }, removeOnFail: { age: 7 * DAY_S, count: 5_000 } },
  // Kept as long as generations: a notification's id (`notify-<job>`) must outlive any retry of
  // the job it reports, so a second failure report of the same job stays a no-op.
  [JOB_NAMES.notifyFailure]: { removeOnComplete: { age: DAY_S, count: 1_000 }, removeOnFail: { age: 7 * DAY_S, count: 5_000 } },
  // At most one refresh per project is queued at a time, so fewer are kept than generations.
  [JOB_NAMES.refresh]: { removeOnComplete: { age: DAY_S, count: 1_000 }, removeOnFail: { age: 7 * DAY_S, count: 1_000 } },
  // The API reads a batch's entries from its parent job (`findBatch`) for a week after it ran.
  [JOB_NAMES.batch]: { removeOnComplete: { age: 7 * DAY_S }, removeOnFail: { age: 7 * DAY_S } },
  // Runs every few minutes and leaves nothing to inspect when it succeeds: the last few runs show
  // it is alive, the last fifty failures why it is not.
  [JOB_NAMES.reconcile]: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } },
  // One pending assignment per project at a time, like refreshes.
  [JOB_NAMES.assignFeedback]: { removeOnComplete: { age: DAY_S, count: 1_000 }, removeOnFail: { age: 7 * DAY_S, count: 1_000 } },
  // An alert's id names it (project, theme, kind, week): kept a week so a repeat stays a no-op.
  [JOB_NAMES.themeAlert]: { removeOnComplete: { age: 7 * DAY_S, count: 5_000 }, removeOnFail: { age: 7 * DAY_S, count: 5_000 } },
  // Weekly per project: the last few runs show it ran, failures a month back why it did not.
  [JOB_NAMES.digest]: { removeOnComplete: { count: 100 }, removeOnFail: { age: 30 * DAY_S, count: 1_000 } },
  // As generations: Postgres keeps the answer (its row and the cache); Redis a day of them for
  // Bull Board and for deduplication while one runs.
  [JOB_NAMES.ask]: { removeOnComplete: { age: DAY_S, count: 1_000 }, removeOnFail: { age: 7 * DAY_S, count: 5_000 } },
};

export function generateJobOptions(jobId: string, dedupId: string, trigger: keyof typeof PRIORITY, size?: JobSize): JobsOptions {
  return {
    jobId,
    priority: generatePriority(trigger, size),
    // Identical requests in flight share one job: BullMQ returns the existing job's id.
    deduplication: { id: dedupId },
    // Three tries ride out a provider blip; more would mostly burn tokens on a real outage.
    attempts: 3,
    // 2 s, 4 s, 8 s with ±50% jitter, so retries from many jobs do not arrive together.
    backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
    ...JOB_RETENTION[JOB_NAMES.generate],
  };
}

/**
 * A question: someone is waiting for the answer, so it runs at the interactive priority, ahead of
 * every background job; the same question of the same scope in flight is one job (BullMQ
 * deduplication by the ask cache key). Its calls are few and short, so two tries ride out a
 * provider blip without paying for a third answer.
 */
export function askJobOptions(jobId: string, dedupId: string): JobsOptions {
  return {
    jobId,
    priority: PRIORITY.interactive,
    deduplication: { id: dedupId },
    attempts: 2,
    backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
    ...JOB_RETENTION[JOB_NAMES.ask],
  };
}

/** A batch's children are generations; BullMQ refuses deduplication on a flow's children. */
export function batchChildOptions(jobId: string, size?: JobSize): JobsOptions {
  const { deduplication: _none, ...options } = generateJobOptions(jobId, '', 'background', size);
  // A failed project must not hold the batch back: the parent runs once all have finished.
  return { ...options, ignoreDependencyOnFailure: true };
}

/** A batch's parent: its id is the batch's, so the API finds it by the batch id. */
export function batchJobOptions(batchId: string): JobsOptions {
  return { jobId: batchId, ...JOB_RETENTION[JOB_NAMES.batch] };
}

/**
 * One notification per failed job (its id names it, so a second failure report is a no-op),
 * retried by BullMQ with exponential backoff while the receiver is down, below any generation.
 */
export function notifyJobOptions(jobId: string, retryDelayMs: number): JobsOptions {
  return {
    jobId: `notify-${jobId}`,
    // Below every generation and refresh: a person waiting for insights goes first.
    priority: PRIORITY.background + 10,
    // The delay doubles from NOTIFY_RETRY_DELAY_MS: at the default 5 s six tries span about two
    // and a half minutes, enough for a receiver's restart without holding a report for long.
    attempts: 6,
    backoff: { type: 'exponential', delay: retryDelayMs, jitter: 0.5 },
    ...JOB_RETENTION[JOB_NAMES.notifyFailure],
  };
}

/** The job id of one theme alert: its key, so the same alert is queued once. */
export const themeAlertJobId = (alert: { projectId: string; themeId: string; kind: string; week: string }): string =>
  `theme-alert-${alert.projectId}-${alert.themeId}-${alert.kind}-${alert.week}`;

/**
 * One theme alert, delivered as a failure notice is (same retries, same place below the
 * generations): the alert row was inserted once, so its job is added once.
 */
export function themeAlertJobOptions(jobId: string, retryDelayMs: number): JobsOptions {
  const { jobId: _notifyId, ...delivery } = notifyJobOptions(jobId, retryDelayMs);
  return { ...delivery, jobId, ...JOB_RETENTION[JOB_NAMES.themeAlert] };
}

/** A project's weekly digest scheduler: one per project, whoever upserts it. */
export const digestSchedulerId = (projectId: string): string => `${JOB_NAMES.digest}-${projectId}`;

/** The template of a project's digest runs: delivered with the retries of a failure notice. */
export function digestJobOptions(retryDelayMs: number): JobsOptions {
  const { jobId: _notifyId, ...delivery } = notifyJobOptions('', retryDelayMs);
  return { ...delivery, ...JOB_RETENTION[JOB_NAMES.digest] };
}

/** One pending refresh per project: its debounce key. */
export const refreshDedupId = (projectId: string): string => `refresh-${projectId}`;

/** A project's debounced refresh, delayed by `delayMs` and replaced by a newer request. */
export function refreshJobOptions(projectId: string, delayMs: number): JobsOptions {
  return {
    delay: delayMs,
    // Debounce mode: a newer call replaces the delayed job and restarts its delay.
    deduplication: { id: refreshDedupId(projectId), ttl: Math.max(1, delayMs), extend: true, replace: true },
    // Behind generations (its own children are background generations), ahead of notifications.
    priority: PRIORITY.background + 5,
    // A refresh only queues generations: a second try covers a Redis blip, and the next new
    // feedback asks again anyway.
    attempts: 2,
    // Five seconds lets a restarting Redis or Postgres come back before the second try.
    backoff: { type: 'exponential', delay: 5_000 },
    ...JOB_RETENTION[JOB_NAMES.refresh],
  };
}

/**
 * New feedback is assigned to the current themes once writes to its project pause for this
 * long: a burst of widget posts or an import becomes one job with a few batched calls.
 */
export const ASSIGN_DEBOUNCE_MS = 3_000;
/**
 * ...and at the latest this long after the first write of a burst, so a cached read's counts are
 * current within a minute while writes keep coming (the job itself takes seconds).
 */
export const ASSIGN_MAX_WAIT_MS = 30_000;

/** One pending assignment per project: its debounce key. */
export const assignDedupId = (projectId: string): string => `assign-${projectId}`;

/** A project's debounced assignment of new feedback, delayed by `delayMs` and replaced by a newer request. */
export function assignJobOptions(projectId: string, delayMs: number): JobsOptions {
  return {
    delay: delayMs,
    deduplication: { id: assignDedupId(projectId), ttl: Math.max(1, delayMs), extend: true, replace: true },
    // Behind generations and refreshes: a few cheap calls that keep counts current, no one waits on them.
    priority: PRIORITY.background + 6,
    // Its model calls fall back to the offline matcher on their own; a second try covers a
    // Redis or Postgres blip, and the next write asks again anyway.
    attempts: 2,
    backoff: { type: 'exponential', delay: 5_000 },
    ...JOB_RETENTION[JOB_NAMES.assignFeedback],
  };
}

/** The jobs kept on a fleet-wide schedule. */
export type ScheduledJobName = typeof JOB_NAMES.reconcile;

/** The template of each scheduled job's runs. */
export function scheduledJobOptions(name: ScheduledJobName): JobsOptions {
  return { ...JOB_RETENTION[name] };
}

export interface WorkerTuning {
  concurrency: number;
  /**
   * Jobs started per second across the whole fleet (BullMQ keeps the limiter in the queue's
   * Redis keys): smooths a burst of jobs into the provider; concurrency bounds the rest.
   */
  limiterMax: number;
  /** Longer than the LLM timeout (enforced by config validation). */
  lockMs: number;
  stalledIntervalMs: number;
}

/** The worker's settings, final at construction: BullMQ copies the lock settings when it builds the worker. */
export function workerOptions(tuning: WorkerTuning): Omit<WorkerOptions, 'connection'> {
  return {
    concurrency: tuning.concurrency,
    // Per second: the provider's rate limits are stated per second or per minute.
    limiter: { max: tuning.limiterMax, duration: 1_000 },
    // The lock must outlive the longest LLM call, or a slow but healthy job is declared stalled
    // and run twice.
    lockDuration: tuning.lockMs,
    // Half the lock (BullMQ's own default ratio): one missed renewal still leaves the lock held.
    lockRenewTime: tuning.lockMs / 2,
    // A crashed worker's job is picked up again within about lockDuration + this interval.
    stalledInterval: tuning.stalledIntervalMs,
    // A job that stalls twice (two crashes mid-job) is failed rather than retried forever.
    maxStalledCount: 2,
    // Seconds an idle worker blocks waiting for a job. After a rate-limit pause the worker can
    // sit out a whole block before it looks again; 1 s (BullMQ's default is 5) keeps the resume
    // close to Retry-After for one cheap blocking call per second when idle.
    drainDelay: 1,
  };
}
