/**
 * Queue and job names are stored in Redis with every job: renaming one orphans the jobs
 * already queued under the old name. Add new names; never rename or reuse old ones.
 */
export const INSIGHTS_QUEUE = 'insights-generate';

export const JOB_NAMES = {
  generate: 'generate-insights',
  /** Periodic: finds job rows whose queue job was lost (e.g. Redis data loss) and settles them. */
  reconcile: 'reconcile-jobs',
  /** Posts a job's final failure to the project's (or the configured) webhook. */
  notifyFailure: 'notify-failure',
  /** A flow's parent: runs once every generation of a batch has finished. */
  batch: 'batch-insights',
  /** Debounced after new feedback: regenerates the scopes of a project that were read recently. */
  refresh: 'refresh-project',
  /** Debounced after new feedback: assigns it to the themes of the project's latest result. */
  assignFeedback: 'assign-feedback',
  /** Posts one theme alert (a spike, or a new theme past its minimum size) to the project's webhook. */
  themeAlert: 'notify-theme-alert',
  /** A project's weekly digest, on a BullMQ job scheduler per opted-in project. */
  digest: 'weekly-digest',
  /** A question about one project's feedback, answered with cited entries (a job row of kind 'ask'). */
  ask: 'ask-question',
} as const;

export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

/**
 * BullMQ's key prefix. The braces are a Redis Cluster hash tag: every key of the queue hashes
 * to one slot, which BullMQ's multi-key Lua scripts require on a cluster.
 */
export const queuePrefix = (keyPrefix: string) => `{${keyPrefix}}`;
