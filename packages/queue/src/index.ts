export { INSIGHTS_QUEUE, JOB_NAMES, queuePrefix, type JobName } from './names.js';
export {
  generateInsightsPayload,
  insightsFiltersSchema,
  searchFiltersSchema,
  askQuestionPayload,
  JOB_PAYLOADS,
  JOB_SIZES,
  type JobSize,
  type GenerateInsightsPayload,
  type InsightsFiltersPayload,
  type JobPayloads,
  type NotifyFailurePayload,
  type BatchInsightsPayload,
  type RefreshProjectPayload,
  type AssignFeedbackPayload,
  type ThemeAlertPayload,
  type DigestPayload,
  type SearchFiltersPayload,
  type AskQuestionPayload,
} from './payloads.js';
export {
  closeQueueConnection,
  clusterConnection,
  connectionOptions,
  createQueueConnection,
  createRedisConnection,
  queueConnection,
  type ConnectionRole,
  type RedisClient,
  type RedisNode,
  type RedisTarget,
} from './connection.js';
export {
  batchChildOptions,
  askJobOptions,
  batchJobOptions,
  generateJobOptions,
  generatePriority,
  isLargeJob,
  notifyJobOptions,
  refreshJobOptions,
  assignJobOptions,
  assignDedupId,
  ASSIGN_DEBOUNCE_MS,
  ASSIGN_MAX_WAIT_MS,
  themeAlertJobId,
  themeAlertJobOptions,
  digestSchedulerId,
  digestJobOptions,
  workerOptions,
  JOB_RETENTION,
  PRIORITY,
  type ScheduledJobName,
  type WorkerTuning,
} from './queue.config.js';
export { askCacheKeyFor, cacheKeyFor, scopeKeyFor, newJobId, isJobId, JOB_ID_FORMAT, type InsightsScope } from './dedup.js';
export {
  InsightsQueue,
  QueueMonitor,
  WorkerQueueHooks,
  type CancelOutcome,
  type DigestSchedule,
  type EnqueuedJobName,
  type EnqueueOptions,
  type EnqueuePayloads,
  type JobState,
  type QueueCounts,
  type QueuedJob,
} from './insights-queue.js';
export { BullInsightsQueue } from './bull-insights-queue.js';
export { BULL_QUEUE_TOKEN, InsightsQueueModule, type InsightsQueueModuleOptions, type InsightsQueueSettings } from './insights-queue.module.js';
export { cancelChannel } from './cancel.js';
export { JobEventsFeed, compareEventIds, isEventId, type JobEvent, type JobEventListener } from './job-events.js';
export { QUEUE_SETTINGS } from './settings.js';
