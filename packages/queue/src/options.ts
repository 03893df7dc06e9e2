import type { JobsOptions, WorkerOptions } from 'bullmq';
import type { JobSize } from './payloads.js';

/** BullMQ priorities: lower runs first. A person waiting beats a background refresh. */
export const PRIORITY = { interactive: 1, background: 10 } as const;

/**
 * Within each trigger a small scope's job goes before a large one's: it takes seconds where the
 * large one takes minutes, so it waits for no large job that is merely queued ahead of it.
 */
export const generatePriority = (trigger: keyof typeof PRIORITY, size: JobSize = 'small'): number => PRIORITY[trigger] + (size === 'large' ? 1 : 0);

/** Whether a generation job was queued as large (its size class lives in its priority). */
export const isLargeJob = (trigger: keyof typeof PRIORITY, priority: number | undefined): boolean => priority === generatePriority(trigger, 'large');

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
    // The job row in Postgres is the durable record; Redis keeps a day for Bull Board.
    removeOnComplete: { age: 24 * 3600, count: 1_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
  };
}

/**
 * One notification per failed job (its id names it, so a second failure report is a no-op),
 * retried by BullMQ with exponential backoff while the receiver is down, below any generation.
 */
export function notifyJobOptions(jobId: string, retryDelayMs: number): JobsOptions {
  return {
    jobId: `notify-${jobId}`,
    priority: PRIORITY.background + 10,
    attempts: 6,
    backoff: { type: 'exponential', delay: retryDelayMs, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 1_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
  };
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

export function workerOptions(tuning: WorkerTuning): Omit<WorkerOptions, 'connection'> {
  return {
    concurrency: tuning.concurrency,
    limiter: { max: tuning.limiterMax, duration: 1_000 },
    // The lock must outlive the longest LLM call, or a slow but healthy job is declared stalled
    // and run twice. BullMQ renews it every lockDuration/2 while the job runs.
    lockDuration: tuning.lockMs,
    // Half the lock (BullMQ's own default ratio), stated so the lock settings travel together.
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
