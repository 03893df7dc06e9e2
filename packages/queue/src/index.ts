export { INSIGHTS_QUEUE, JOB_NAMES, queuePrefix, type JobName } from './names.js';
export {
  generateInsightsPayload,
  insightsFiltersSchema,
  JOB_PAYLOADS,
  type GenerateInsightsPayload,
  type InsightsFiltersPayload,
  type JobPayloads,
} from './payloads.js';
export { createQueueConnection, type ConnectionRole } from './connection.js';
export { generateJobOptions, workerOptions, PRIORITY, type WorkerTuning } from './options.js';
export { cacheKeyFor, scopeKeyFor, newJobId, type InsightsScope } from './dedup.js';
export { InsightsProducer, type JobState } from './producer.js';
export { cancelChannel } from './cancel.js';
