export { InsightsClientProvider, useInsightsClient, type InsightsClientProviderProps } from './context.js';
export { isClientError, shouldRetry, useInsights, useProjects, type QueryToggle } from './queries.js';
export { useInsightsJob, type UseInsightsJobOptions } from './use-insights-job.js';
export { initialJobState, isActivePhase, jobReducer, type InsightsJob, type JobPhase, type JobState } from './job-state.js';
export { browserSessionStorage, createJobIdStore, type JobIdStore, type KeyValueStorage } from './job-store.js';
export { insightsQueryKey, isAbortError, isFinishedStatus, jobStorageKey, normalizeScope, projectsQueryKey } from './scope.js';
