export { InsightsClientProvider, useInsightsClient, type InsightsClientProviderProps } from './context.js';
export { isClientError, shouldRetry, useInsights, useProjects, type QueryToggle } from './queries.js';
export { useInsightsJob, type UseInsightsJobOptions } from './use-insights-job.js';
export { askFailureMessage, createAskSession, type AskClient, type AskSession, type AskState } from './ask-session.js';
export { useAsk, useFeedbackEntry, useSimilarFeedback, type AskHandle } from './use-ask.js';
export { initialJobState, isActivePhase, jobReducer, type InsightsJob, type JobPhase, type JobState } from './job-state.js';
export { browserSessionStorage, createJobIdStore, type JobIdStore, type KeyValueStorage } from './job-store.js';
export {
  digestPreviewQueryKey,
  feedbackEntryQueryKey,
  insightsQueryKey,
  isAbortError,
  isFinishedStatus,
  jobStorageKey,
  normalizeScope,
  projectsQueryKey,
  similarFeedbackQueryKey,
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
