import createClient from 'openapi-fetch';
import { InsightsApiError, apiErrorFrom, isAbortError } from './errors.js';
import type { paths } from './generated/openapi.js';
import { askProgress, watchJob, type AskWaitOptions, type EventSourceConstructor, type WaitOptions, type WatcherSettings } from './job-watcher.js';
import type {
  AskAnswer,
  AskJob,
  AskJobCreated,
  DigestPreview,
  FeedbackSearchParams,
  InsightsRead,
  InsightsScope,
  Job,
  JobCreated,
  JobHistoryPage,
  JobHistoryQuery,
  Project,
  ProjectThemes,
  ProjectUsage,
  SearchFilters,
  SearchHit,
  SearchPage,
  SimilarFeedback,
  ThemeAlertSettings,
  ThemeAlertSettingsUpdate,
  ThemeEdit,
} from './types.js';

export interface InsightsClientOptions {
  /** Where the API is, without a trailing slash; '' for the page's own origin. */
  baseUrl: string;
  /** The Clerk session token (or any token the API accepts), asked for on every request. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  fetch?: typeof globalThis.fetch;
  /** For live job events where there is no global EventSource (Node: the `eventsource` package). */
  EventSource?: EventSourceConstructor;
  /** How often waitForInsights polls when it cannot have live events, ms. Default 2000. */
  pollIntervalMs?: number;
  /** How long a new event stream may stay silent before polling takes over, ms. Default 10000. */
  firstEventTimeoutMs?: number;
  /** The first wait before reopening a refused event stream, ms; doubled each time. Default 1000. */
  reconnectDelayMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

type Outcome<T> = { data?: T; error?: unknown; response: Response };

/** Unwraps the `{ success, data }` envelope, or throws the API's error as an InsightsApiError. */
async function call<T extends { data: unknown }>(request: Promise<Outcome<T>>): Promise<{ data: T['data']; envelope: T; response: Response }> {
  let outcome: Outcome<T>;
  try {
    outcome = await request;
  } catch (error) {
    if (isAbortError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InsightsApiError(0, 'NETWORK_ERROR', `the insights API could not be reached: ${reason}`, undefined, undefined, { cause: error });
  }
  const { data, error, response } = outcome;
  if (!response.ok || error !== undefined) throw apiErrorFrom(response, error);
  if (data === undefined || typeof data !== 'object' || data === null || !('data' in data)) {
    throw new InsightsApiError(response.status, 'UNEXPECTED_RESPONSE', `unexpected answer from ${response.url || 'the API'}`);
  }
  return { data: data.data, envelope: data, response };
}

const scopeQuery = (scope: InsightsScope) => {
  const query: Record<string, string> = {};
  for (const field of ['projectId', 'startDate', 'endDate', 'category'] as const) {
    const value = scope[field];
    if (typeof value === 'string' && value !== '') query[field] = value;
  }
  return query;
};

/** The filters with empty fields left out; undefined when none is left. */
const filtersBody = (filters: SearchFilters | undefined): SearchFilters | undefined => {
  const kept = Object.entries(filters ?? {}).filter(([, value]) => value !== undefined && value !== null && value !== '');
  return kept.length > 0 ? (Object.fromEntries(kept) as SearchFilters) : undefined;
};

/** The answer a completed answer job holds; anything else is not what was asked for. */
function answerOf(job: Job | AskJob | null, jobId: string): AskAnswer {
  const result = job?.result as { kind?: unknown } | undefined;
  if (result?.kind !== 'ask') throw new InsightsApiError(200, 'UNEXPECTED_RESPONSE', `job ${jobId} holds no answer to a question`);
  return result as AskAnswer;
}

/** A typed client for the feedback insights API. */
export function createInsightsClient(options: InsightsClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const api = createClient<paths>({ baseUrl, fetch: options.fetch });
  api.use({
    async onRequest({ request }) {
      const token = await options.getToken?.();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  });

  const getJob = async (jobId: string, request: RequestOptions = {}): Promise<Job | null> => {
    const { data } = await call(api.GET('/api/insights/jobs/{jobId}', { params: { path: { jobId } }, signal: request.signal }));
    return data.status === 'not_found' ? null : (data as Job);
  };

  const watcher = (): WatcherSettings => ({
    baseUrl,
    EventSource: options.EventSource,
    pollIntervalMs: options.pollIntervalMs ?? 2_000,
    firstEventTimeoutMs: options.firstEventTimeoutMs ?? 10_000,
    reconnectDelayMs: options.reconnectDelayMs ?? 1_000,
    getJob: async (id, signal) => (await getJob(id, { signal })) ?? { status: 'not_found' },
    streamToken: (id, signal) => client.streamToken(id, { signal }),
  });

  const client = {
    /** The caller's projects. */
    async listProjects(request: RequestOptions = {}): Promise<Project[]> {
      return (await call(api.GET('/api/projects', { signal: request.signal }))).data;
    },

    /** A project's LLM calls, tokens and their cost in US dollars per UTC day, the last `days` (default 30) ending today. */
    async projectUsage(projectId: string, days?: number, request: RequestOptions = {}): Promise<ProjectUsage> {
      const query = days === undefined ? {} : { days };
      return (await call(api.GET('/api/projects/{projectId}/usage', { params: { path: { projectId }, query }, signal: request.signal }))).data;
    },

    /** A project's theme alert and weekly digest settings, and whether it has a webhook to post to. */
    async themeAlertSettings(projectId: string, request: RequestOptions = {}): Promise<ThemeAlertSettings> {
      return (await call(api.GET('/api/projects/{projectId}/theme-alerts', { params: { path: { projectId } }, signal: request.signal }))).data;
    },

    /** Turns theme alerts or the weekly digest on or off (both need the project's webhook), or sets the new-theme size. */
    async updateThemeAlertSettings(projectId: string, update: ThemeAlertSettingsUpdate, request: RequestOptions = {}): Promise<ThemeAlertSettings> {
      return (await call(api.PUT('/api/projects/{projectId}/theme-alerts', { params: { path: { projectId } }, body: update, signal: request.signal }))).data;
    },

    /** The weekly digest as it would be posted now, rendered without posting it. */
    async digestPreview(projectId: string, request: RequestOptions = {}): Promise<DigestPreview> {
      return (await call(api.GET('/api/projects/{projectId}/digest/preview', { params: { path: { projectId } }, signal: request.signal }))).data;
    },

    /** The project's themes as its readers see them (its taxonomy applied), the hidden ones, and the edits in force. */
    async themes(projectId: string, request: RequestOptions = {}): Promise<ProjectThemes> {
      return (await call(api.GET('/api/projects/{projectId}/themes', { params: { path: { projectId } }, signal: request.signal }))).data;
    },

    /** Renames a theme for every read and every later result; the edit is returned (undo it by its id). */
    async renameTheme(projectId: string, themeId: string, name: string, request: RequestOptions = {}): Promise<ThemeEdit> {
      const path = { projectId, themeId };
      return (await call(api.POST('/api/projects/{projectId}/themes/{themeId}/rename', { params: { path }, body: { name }, signal: request.signal }))).data;
    },

    /** Merges a theme into another (which keeps its id, name and kind). */
    async mergeTheme(projectId: string, themeId: string, intoThemeId: string, request: RequestOptions = {}): Promise<ThemeEdit> {
      const path = { projectId, themeId };
      return (await call(api.POST('/api/projects/{projectId}/themes/{themeId}/merge', { params: { path }, body: { intoThemeId }, signal: request.signal })))
        .data;
    },

    /** Hides a theme from every read; it is listed among the hidden ones until the edit is undone. */
    async hideTheme(projectId: string, themeId: string, request: RequestOptions = {}): Promise<ThemeEdit> {
      const path = { projectId, themeId };
      return (await call(api.POST('/api/projects/{projectId}/themes/{themeId}/hide', { params: { path }, signal: request.signal }))).data;
    },

    /** Undoes a rename, merge or hide; the edit comes back with `undoneAt` set. */
    async undoThemeEdit(projectId: string, editId: string, request: RequestOptions = {}): Promise<ThemeEdit> {
      const path = { projectId, editId };
      return (await call(api.DELETE('/api/projects/{projectId}/theme-edits/{editId}', { params: { path }, signal: request.signal }))).data;
    },

    /** Full-text search over one project's feedback, best match first; pass `nextCursor` back (same q and filters) for the next page. */
    async searchFeedback(params: FeedbackSearchParams, request: RequestOptions = {}): Promise<SearchPage> {
      return (await call(api.GET('/api/feedback/search', { params: { query: params }, signal: request.signal }))).data;
    },

    /** One of the caller's feedback entries (`rank` 0). */
    async feedbackEntry(feedbackId: string, request: RequestOptions = {}): Promise<SearchHit> {
      return (await call(api.GET('/api/feedback/{feedbackId}', { params: { path: { feedbackId } }, signal: request.signal }))).data;
    },

    /** Entries of the same project most like one entry, closest first (default 10, at most 50). */
    async similarFeedback(feedbackId: string, options: { limit?: number } = {}, request: RequestOptions = {}): Promise<SimilarFeedback> {
      const query = options.limit === undefined ? {} : { limit: options.limit };
      const path = { feedbackId };
      return (await call(api.GET('/api/feedback/{feedbackId}/similar', { params: { path, query }, signal: request.signal }))).data;
    },

    /**
     * Cached insights for a scope (maybe stale: then `refreshJobId` is regenerating them), or,
     * when there are none yet, the job the read queued. `forceRefresh` always queues a job.
     */
    async getInsights(scope: InsightsScope & { forceRefresh?: boolean } = {}, request: RequestOptions = {}): Promise<InsightsRead> {
      const query = { ...scopeQuery(scope), ...(scope.forceRefresh ? { forceRefresh: 'true' as const } : {}) };
      const { envelope, response } = await call(api.GET('/api/insights', { params: { query }, signal: request.signal }));
      if (response.status === 202) return { kind: 'job', job: envelope.data as JobCreated };
      const { data, cached, stale, refreshJobId } = envelope as Extract<typeof envelope, { cached?: boolean }>;
      return { kind: 'result', result: data, cached: cached ?? false, stale: stale ?? false, ...(refreshJobId ? { refreshJobId } : {}) };
    },

    /** Queues a generation; an identical job in flight is joined, a cached result completes at once. */
    async createJob(scope: InsightsScope = {}, request: RequestOptions = {}): Promise<JobCreated> {
      return (await call(api.POST('/api/insights/jobs', { body: scopeQuery(scope), signal: request.signal }))).data;
    },

    /** The caller's jobs newest first, without results; pass `nextCursor` back for the next page. */
    async listJobs(query: JobHistoryQuery = {}, request: RequestOptions = {}): Promise<JobHistoryPage> {
      return (await call(api.GET('/api/insights/jobs', { params: { query }, signal: request.signal }))).data;
    },

    /** A job, or null when the id is not one of the caller's jobs. */
    getJob,

    /** Cancels a waiting or running job; a finished one comes back unchanged, an unknown id as null. */
    async cancelJob(jobId: string, request: RequestOptions = {}): Promise<Job | null> {
      const { data } = await call(api.DELETE('/api/insights/jobs/{jobId}', { params: { path: { jobId } }, signal: request.signal }));
      return data.status === 'not_found' ? null : (data as Job);
    },

    /** A short-lived token that opens one job's event stream (EventSource cannot send headers). */
    async streamToken(jobId: string, request: RequestOptions = {}): Promise<string> {
      const path = { jobId };
      return (await call(api.POST('/api/insights/jobs/{jobId}/events/token', { params: { path }, signal: request.signal }))).data.token;
    },

    /**
     * Follows a job to its end over live events (polling every 2 s where they cannot be had) and
     * resolves with the completed job, its result included.
     */
    waitForInsights(jobId: string, wait: WaitOptions = {}): Promise<Job> {
      return watchJob(watcher(), jobId, wait);
    },

    /** Queues a generation for a scope and waits for its result. */
    async generate(scope: InsightsScope = {}, wait: WaitOptions = {}): Promise<Job> {
      const created = await client.createJob(scope, { signal: wait.signal });
      if (created.status === 'completed') {
        const job = await getJob(created.jobId, { signal: wait.signal });
        if (job) return job;
      }
      return client.waitForInsights(created.jobId, wait);
    },

    /**
     * Asks a question about a project's feedback, within `filters`: starts an answer job (kind
     * `ask`). The same question in flight is joined; a cached answer comes back completed.
     */
    async ask(projectId: string, question: string, filters?: SearchFilters, request: RequestOptions = {}): Promise<AskJobCreated> {
      const scope = filtersBody(filters);
      const body = { projectId, question, ...(scope ? { filters: scope } : {}) };
      return (await call(api.POST('/api/insights/ask', { body, signal: request.signal }))).data;
    },

    /**
     * Follows an answer job to its end like waitForInsights, each step's progress carrying the
     * answer text so far (`partialAnswer`), and resolves with the answer.
     */
    async waitForAnswer(jobId: string, wait: AskWaitOptions = {}): Promise<AskAnswer> {
      return answerOf(await watchJob(watcher(), jobId, wait, askProgress), jobId);
    },

    /** Asks a question and waits for its answer. */
    async askAndWait(projectId: string, question: string, filters?: SearchFilters, wait: AskWaitOptions = {}): Promise<AskAnswer> {
      const created = await client.ask(projectId, question, filters, { signal: wait.signal });
      if (created.status === 'completed') {
        const job = await getJob(created.jobId, { signal: wait.signal });
        if (job) return answerOf(job, created.jobId);
      }
      return client.waitForAnswer(created.jobId, wait);
    },
  };
  return client;
}

export type InsightsClient = ReturnType<typeof createInsightsClient>;
