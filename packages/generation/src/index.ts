export { InsightsGenerator, type CallListener, type GenerationRequest, type RunAllowance } from './insights-generator.js';
export { PgRunStore } from './adapters.js';
export { PgRefusalMemo } from './refusal-memo.js';
export { parseStoredResult, parseThemeEdits, themeHistoryFrom, type ClaimedHistory, type ClaimedThemeEdit, type LoadedThemeHistory } from './theme-history.js';
export { TokenBudget, type BudgetListener, type BudgetStatus, type BudgetSubject } from './token-budget.js';
export { SpendPolicy, SpendRefused, type SpendPolicyOptions, type SpendRefusalKind, type SpendScope } from './spend-policy.js';
export { JobIdentity, type IdentityKeys } from './job-identity.js';
export { JobSizer } from './job-sizer.js';
export {
  JobLauncher,
  type AskScope,
  type BatchEntry,
  type JobLauncherDeps,
  type LaunchCache,
  type LaunchCacheMode,
  type LaunchOutcome,
  type LaunchScope,
  type LaunchTrigger,
} from './job-launcher.js';
export { LiveThemes, regenerationDue, type LiveView, type StoredResult } from './live-themes.js';
export { currentThemes, type CurrentThemes } from './current-themes.js';
export { ASK_RETRIEVED, retrieveForQuestion, type QuestionSearchSource, type RetrievedForQuestion } from './ask-retrieval.js';
