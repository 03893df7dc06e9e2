export { createInsightsClient, type InsightsClient, type InsightsClientOptions, type RequestOptions } from './client.js';
export { InsightsApiError, InsightsJobError, isAbortError, parseRetryAfter, type ClientErrorCode } from './errors.js';
export type { AskWaitOptions, EventSourceConstructor, EventSourceLike, Transport, WaitOptions, WatchOptions } from './job-watcher.js';
export * from './types.js';
export type { components, operations, paths } from './generated/openapi.js';
