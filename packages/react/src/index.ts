export { InsightsClientProvider, useInsightsClient, type InsightsClientProviderProps } from './context.js';
export { isClientError, shouldRetry, useInsights, useProjects, type QueryToggle } from './queries.js';
export { useInsightsJob, type UseInsightsJobOptions } from './use-insights-job.js';
export { initialJobState, isActivePhase, jobReducer, type InsightsJob, type JobPhase, type JobState } from './job-state.js';
export { browserSessionStorage, createJobIdStore, type JobIdStore, type KeyValueStorage } from './job-store.js';
export {
  digestPreviewQueryKey,
  insightsQueryKey,
  isAbortError,
  isFinishedStatus,
  jobStorageKey,
  normalizeScope,
  projectsQueryKey,
  themeAlertSettingsQueryKey,
  themesQueryKey,
} from './scope.js';
export {
  applyThemeEdit,
  isPendingEdit,
  mergeWeekly,
  withoutEdit,
  withSettings,
  type HiddenThemeView,
  type ThemeAlertSettingsPatch,
  type ThemeAlertSettingsView,
  type ThemeEditAction,
  type ThemeEditRequest,
  type ThemeEditView,
  type ThemesView,
  type ThemeView,
  type WeekCountView,
} from './theme-edits.js';
export {
  useDigestPreview,
  useThemeAlertSettings,
  useThemeEdits,
  useThemes,
  useUpdateThemeAlertSettings,
  type DigestPreviewView,
  type ThemeEdits,
} from './use-themes.js';
