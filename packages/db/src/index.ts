export * from './schema.js';
export { createDatabase, type Database, type DatabaseHandle } from './client.js';
export { ensureDatabase, runMigrations, dropDatabase, MIGRATIONS_FOLDER, MIGRATIONS_TABLE, MigrationError } from './migrate.js';
export { UsersRepository } from './repositories/users.repository.js';
export { ProjectsRepository } from './repositories/projects.repository.js';
export {
  FeedbackRepository,
  scopeCondition,
  filterConditions,
  type FeedbackScope,
  type FeedbackFilter,
  type FeedbackPage,
  type KeysetCursor,
} from './repositories/feedback.repository.js';
export { newApiKey, hashApiKey, looksLikeApiKey, isBcryptHash, verifyBcryptApiKey } from './api-key.js';
export { StatsRepository, type FeedbackStatistics, type TimeBucket } from './repositories/stats.repository.js';
export { FeedbackStream, sampleHashBound, type StreamedFeedback } from './repositories/feedback-stream.js';
export { ChunkMemoRepository, type NewChunkMemo } from './repositories/chunk-memo.repository.js';
export { GenerationWritesRepository } from './repositories/generation-writes.repository.js';
export { RefusedFeedbackRepository, type RefusedEntry } from './repositories/refused-feedback.repository.js';
export { LlmCallsRepository, type DailyLlmUsage, type NewLlmCall } from './repositories/llm-calls.repository.js';
export { InsightsJobsRepository, type NewInsightsJob } from './repositories/insights-jobs.repository.js';
export { JobViewsRepository, type JobHistoryPage } from './repositories/job-views.repository.js';
export type { InsightsJobSummary } from './repositories/job-columns.js';
export { InsightsCacheRepository, type CacheEntryInput } from './repositories/insights-cache.repository.js';
export { ProjectPurgesRepository } from './repositories/project-purges.repository.js';
export {
  ThemeAssignmentsRepository,
  type AssignmentTally,
  type NewThemeAssignment,
  type UnassignedFeedback,
} from './repositories/theme-assignments.repository.js';
export { ThemeEditsRepository, type NewThemeEdit, type ThemeEditAction } from './repositories/theme-edits.repository.js';
export {
  ThemeAlertsRepository,
  DEFAULT_THEME_ALERT_SETTINGS,
  type ThemeAlertSettings,
  type NewThemeAlert,
  type ThemeAlertKey,
} from './repositories/theme-alerts.repository.js';
export { toFeedbackFilter, DateRangeError } from './filters/date-range.js';
export {
  ProjectChangeListener,
  PROJECT_CHANGED_CHANNEL,
  PROJECT_TAXONOMY_CHANNEL,
  PROJECT_DELETED_CHANNEL,
  PROJECT_LISTENER_NAME,
  type ListenerTiming,
  type ProjectChangeEvents,
} from './project-changes.js';
export {
  FeedbackSearchRepository,
  SearchCursorError,
  SEARCH_QUERY_CONFIGS,
  splitNegations,
  type SearchFilters,
  type SearchHit,
  type SearchPage,
} from './repositories/feedback-search.repository.js';
