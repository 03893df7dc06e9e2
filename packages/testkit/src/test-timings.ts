/**
 * The short timings tests run with, named in one place.
 *
 * An app a test builds in its own process (a Nest testing module) takes them through an
 * override of its configuration provider, never through environment variables. A process a
 * suite spawns from dist/ reads only its environment, so those are given as variables here.
 */

/** For in-process apps: values for the typed configuration's fields. */
export const TEST_TIMINGS = {
  /** insights.legacyWaitMs: the legacy endpoint answers 504 for a job nobody runs within a second. */
  legacyWaitMs: 1_000,
  /** worker.reconcileIntervalMs: far past a suite's length, so no sweep runs while statements are counted. */
  reconcileIdleMs: 600_000,
} as const;

/** For spawned API and worker processes: environment fragments, each for one purpose. */
export const SPAWNED_TIMINGS = {
  /** A killed worker's job is declared stalled within about a second; GLM calls time out within the lock. */
  quickStalls: { GLM_TIMEOUT_MS: '2000', WORKER_LOCK_MS: '3000', WORKER_STALLED_INTERVAL_MS: '500' },
  /** Stalls found within seconds while slower GLM calls still finish (the Redis outage suite). */
  slowerStalls: { GLM_TIMEOUT_MS: '2000', WORKER_LOCK_MS: '5000', WORKER_STALLED_INTERVAL_MS: '1000' },
  /** A hanging GLM call gives up after 1.5 s, well within the lock. */
  hangingGlmCalls: { GLM_TIMEOUT_MS: '1500', WORKER_LOCK_MS: '5000', WORKER_STALLED_INTERVAL_MS: '1000' },
  /** Queued generation end to end: calls that take 1.5 s on purpose still finish within the timeout. */
  queueEndToEnd: { GLM_TIMEOUT_MS: '4000', WORKER_LOCK_MS: '5000', WORKER_STALLED_INTERVAL_MS: '1000', WORKER_SHUTDOWN_GRACE_MS: '1000' },
  /** The reconciler sweeps every second. */
  quickReconcile: { RECONCILE_INTERVAL_MS: '1000' },
  /** A stopped worker hands its jobs back after half a second. */
  quickShutdown: { WORKER_SHUTDOWN_GRACE_MS: '500' },
  /** An idle event stream gets a heartbeat three times a second. */
  quickHeartbeat: { EVENTS_HEARTBEAT_MS: '300' },
  /** A failed notification is retried after 200 ms (then 400, 800, ...). */
  quickNotifyRetry: { NOTIFY_RETRY_DELAY_MS: '200' },
} as const;

/** Automatic refreshes, as numbers: the suites wait on multiples of them. */
export const AUTO_REFRESH_TIMINGS = {
  /** The auto-refresh suite: a refresh after a second of quiet, at the latest after three. */
  refresh: { debounceMs: 1_000, maxWaitMs: 3_000 },
  /** The spend-policy suite: refreshes come quickly, so budgets are what stops them. */
  spend: { debounceMs: 300, maxWaitMs: 900 },
} as const;
