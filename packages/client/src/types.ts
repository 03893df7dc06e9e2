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

// Questions. Typed by hand from the API's contract until its OpenAPI document describes the
// endpoint; then each becomes the generated schema of the same name.

/** Which feedback a search or a question covers; every field is optional. */
export interface SearchFilters {
  /** YYYY-MM-DD or an ISO date-time, inclusive. */
  startDate?: string;
  /** YYYY-MM-DD (that whole day) or an ISO date-time. */
  endDate?: string;
  category?: string;
  sentiment?: 'positive' | 'neutral' | 'negative';
  /** 1 to 5; unrated entries are never in a rating range. */
  minRating?: number;
  maxRating?: number;
}

/** An entry an answer relies on; `ref` is the number of its `[ref]` markers in the answer. */
export interface AskCitation {
  ref: number;
  feedbackId: string;
  /** Verbatim from the entry. */
  quote: string;
  createdAt: string;
  sentiment: string;
  rating: number;
}

/** A question's answer: a few sentences citing entries, and every count it states counted in SQL. */
export interface AskAnswer {
  kind: 'ask';
  version: 1;
  question: string;
  /** Citation markers `[1]`, `[2]` refer to `citations[].ref`. */
  answer: string;
  citations: AskCitation[];
  /** Each count the answer states, with the search it counted. */
  counts: { label: string; count: number; query: string }[];
  /** Entries in scope matching the question's search. */
  matched: number;
  /** Entries the model was shown. */
  considered: number;
  /** Citations of entries the model was not shown: dropped from the answer. */
  droppedCitations: number;
  /** Entries a provider refused (left out of the prompt). */
  refusedEntries: number;
  /** The project's themes the model was given as context. */
  themes: { id: string; name: string; count: number }[];
  model: string;
  tokensUsed: number;
  generatedAt: string;
}

export interface AskRequest {
  projectId: string;
  /** 3 to 500 characters. */
  question: string;
  filters?: SearchFilters;
}

/** The answer job a question started (or joined); completed at once when the answer was cached. */
export type AskJobCreated = JobCreated & { kind: 'ask' };

/** Where an answer job stands: queued, finding the entries, the model writing, the citations being checked. */
export type AskStage = 'queued' | 'retrieving' | 'answering' | 'checking' | 'done';

export interface AskProgress {
  stage: AskStage;
  percent: number;
  tokensUsed: number;
  /** The answer text so far; absent when the step says nothing of it. */
  partialAnswer?: string;
}

/** An answer job as GET /api/insights/jobs/:jobId returns it. */
export type AskJob = Omit<Job, 'result' | 'stage' | 'progressDetail'> & { kind: 'ask'; stage: AskStage; progressDetail: AskProgress; result?: AskAnswer };
