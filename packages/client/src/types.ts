import type { components, operations } from './generated/openapi.js';

type Schemas = components['schemas'];

export type ErrorCode = Schemas['ErrorCode'];
export type ErrorBody = Schemas['ErrorResponseDto'];
export type InsightsResult = Schemas['InsightsResult'];
/** What the cached reads return: the biggest themes with a few ids each (see `compact`). */
export type CompactInsightsResult = Schemas['CompactInsightsResult'];
/** Either shape: a job's result is full, a cached read's compact. */
export type AnyInsightsResult = InsightsResult | CompactInsightsResult;
export type Theme = InsightsResult['themes'][number];
export type EvidencePage = Schemas['EvidencePageDto'];
export type Job = Schemas['JobDto'];
export type JobStatus = Job['status'];
export type JobProgress = Schemas['JobProgressDto'];
export type JobCreated = Schemas['JobCreatedDto'];
export type Project = Schemas['ProjectDto'];
export type StreamToken = Schemas['StreamTokenDto'];
export type JobSummary = Schemas['JobSummaryDto'];
export type JobHistoryPage = Schemas['JobHistoryPageDto'];
export type JobHistoryQuery = NonNullable<operations['InsightsController_history']['parameters']['query']>;
/** An amount of money: `{ currency: 'USD', amount }`. */
export type Money = Schemas['MoneyDto'];
export type ProjectUsage = Schemas['ProjectUsageDto'];
export type DailyUsage = Schemas['DailyUsageDto'];
export type ThemeAlertSettings = Schemas['ThemeAlertSettingsDto'];
export type ThemeAlertSettingsUpdate = Schemas['UpdateThemeAlertSettingsDto'];
export type DigestPreview = Schemas['DigestPreviewDto'];
/** A project's themes with its taxonomy applied, the hidden ones and the edits in force. */
export type ProjectThemes = Schemas['ProjectThemesDto'];
export type ProjectTheme = Schemas['ProjectThemeDto'];
export type HiddenTheme = Schemas['HiddenThemeDto'];
/** A rename, merge or hide of a theme; `undoneAt` is set once undone. */
export type ThemeEdit = Schemas['ThemeEditDto'];
/** A feedback entry as search, similar entries and the entry read return it; `rank` is 0 outside a search. */
export type SearchHit = Schemas['SearchHitDto'];
export type SearchPage = Schemas['SearchPageDto'];
export type SimilarFeedback = Schemas['SimilarFeedbackDto'];
/** A search over one project: q in web-search syntax (empty: newest first), filters, a keyset page. */
export type FeedbackSearchParams = operations['FeedbackController_searchFeedback']['parameters']['query'];

/** Which feedback an insights request covers; every field is optional. */
export interface InsightsScope {
  /** A project id; omitted: all of the caller's projects. */
  projectId?: string;
  /** YYYY-MM-DD or an ISO date-time, inclusive. */
  startDate?: string;
  /** YYYY-MM-DD (that whole day) or an ISO date-time. */
  endDate?: string;
  /** A feedback category, e.g. bug or feature. */
  category?: string;
}

/** What reading a scope's insights gave: a result (maybe stale), or the job queued to make one. */
export type InsightsRead =
  { kind: 'result'; result: AnyInsightsResult; cached: boolean; stale: boolean; refreshJobId?: string } | { kind: 'job'; job: JobCreated };

/** A job status after which nothing more happens to the job. */
export type FinalStatus = 'completed' | 'failed' | 'cancelled';

export const FINAL_STATUSES: readonly FinalStatus[] = ['completed', 'failed', 'cancelled'];

export function isFinalStatus(status: string): status is FinalStatus {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

/** A question's answer: a few sentences whose markers `[1]`, `[2]` cite entries, every count in it counted in SQL. */
export type AskAnswer = Schemas['AskAnswer'];
/** An entry an answer relies on; `ref` is the number of its `[ref]` markers in the answer. */
export type AskCitation = AskAnswer['citations'][number];
/** Which feedback a question (or a search) covers; every field is optional. */
export type SearchFilters = Schemas['AskFiltersDto'];
export type AskRequest = Schemas['AskRequestDto'];
/** The answer job a question started (or joined); completed at once when the answer was cached. */
export type AskJobCreated = Schemas['AskCreatedDto'];
/** Where an answer job stands: queued, finding the entries, the model writing, the citations being checked. */
export type AskStage = Extract<JobProgress['stage'], 'queued' | 'retrieving' | 'answering' | 'checking' | 'done'>;

/** A step of an answer job, as the client reports it. */
export interface AskProgress {
  stage: AskStage;
  percent: number;
  tokensUsed: number;
  /** The answer text so far (counts not yet filled shown as …); absent when the step says nothing of it. */
  partialAnswer?: string;
}

/** An answer job as GET /api/insights/jobs/:jobId returns it. */
export type AskJob = Omit<Job, 'result'> & { kind: 'ask'; result?: AskAnswer };
