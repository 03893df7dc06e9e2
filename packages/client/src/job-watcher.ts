import { InsightsApiError, InsightsJobError, abortError } from './errors.js';
import { isFinalStatus, type AskProgress, type AskStage, type Job, type JobProgress } from './types.js';

/** The part of the browser's EventSource the watcher uses; the `eventsource` package fits it too. */
export interface EventSourceLike {
  readonly readyState: number;
  onerror: ((event: Event) => unknown) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => unknown): void;
  close(): void;
}
export type EventSourceConstructor = new (url: string) => EventSourceLike;

const CLOSED = 2;

export type Transport = 'auto' | 'events' | 'polling';

export interface WatchOptions<Progress> {
  /** Each progress step. From live events `job` is absent; from polling it is the polled job. */
  onProgress?: (progress: Progress, job?: Job) => void;
  /** Stops waiting (the job goes on running); the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** auto (default): live events, falling back to polling when they cannot be had. */
  transport?: Transport;
}

/** Waiting for a generation: its progress is the stage, percent, chunks and tokens so far. */
export type WaitOptions = WatchOptions<JobProgress>;
/** Waiting for a question's answer: its progress carries the answer text so far. */
export type AskWaitOptions = WatchOptions<AskProgress>;

/** Reads the progress a job reports (an event's data, or a polled job's progressDetail). */
export type ProgressReader<Progress> = (data: Record<string, unknown>) => Progress;

export interface WatcherSettings {
  baseUrl: string;
  EventSource?: EventSourceConstructor;
  /** Polling period, ms; the dashboard's 2 s by default. */
  pollIntervalMs: number;
  /** With no event this long after a stream opens, something (a buffering proxy) holds it: poll. */
  firstEventTimeoutMs: number;
  /** The first wait before a refused stream is reopened, ms; doubled on each refusal in a row. */
  reconnectDelayMs: number;
  getJob(jobId: string, signal?: AbortSignal): Promise<Job | { status: 'not_found' }>;
  streamToken(jobId: string, signal?: AbortSignal): Promise<string>;
}

/** Fresh connections a stream may take in a row without an event before polling takes over. */
const MAX_STREAM_RETRIES = 3;
/** Errors the browser's own reconnecting may take in a row before the watcher steps in. */
const MAX_NATIVE_ERRORS = 3;
/** Failed polls in a row before giving up: about a minute of outage with the backoff below. */
const MAX_POLL_FAILURES = 6;
const MAX_BACKOFF_MS = 30_000;

export const generationProgress: ProgressReader<JobProgress> = (data) => ({
  stage: data.stage as JobProgress['stage'],
  percent: Number(data.percent ?? 0),
  chunksDone: Number(data.chunksDone ?? 0),
  chunksTotal: Number(data.chunksTotal ?? 0),
  tokensUsed: Number(data.tokensUsed ?? 0),
});

/** An answer job's step; the answer text so far only when the step carries one. */
export const askProgress: ProgressReader<AskProgress> = (data) => ({
  stage: data.stage as AskStage,
  percent: Number(data.percent ?? 0),
  tokensUsed: Number(data.tokensUsed ?? 0),
  ...(typeof data.partialAnswer === 'string' ? { partialAnswer: data.partialAnswer } : {}),
});

/**
 * Follows one job to its end: resolves with the completed job, rejects with InsightsJobError
 * when it failed or was cancelled, InsightsApiError when the API refused (404 JOB_NOT_FOUND for
 * an id that is not the caller's), or an AbortError.
 */
export function watchJob<Progress = JobProgress>(
  settings: WatcherSettings,
  jobId: string,
  options: WatchOptions<Progress> = {},
  readProgress: ProgressReader<Progress> = generationProgress as unknown as ProgressReader<Progress>,
): Promise<Job> {
  return new Promise<Job>((resolve, reject) => {
    const { signal, onProgress } = options;
    if (signal?.aborted) return reject(abortError(signal));
    const EventSourceImpl = settings.EventSource ?? (globalThis as unknown as { EventSource?: EventSourceConstructor }).EventSource;
    const transport = options.transport ?? 'auto';
    if (transport === 'events' && !EventSourceImpl) {
      return reject(new TypeError('no EventSource: pass one to createInsightsClient, or use transport polling'));
    }

    let settled = false;
    let source: EventSourceLike | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    let lastEventId: string | undefined;
    let streamRetries = 0;
    let pollFailures = 0;

    const cleanup = () => {
      settled = true;
      source?.close();
      source = null;
      clearTimeout(timer);
      clearTimeout(watchdog);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown) => {
      cleanup();
      reject(error);
    };
    const finish = (job: Job | { status: 'not_found' }) => {
      cleanup();
      if (job.status === 'not_found') reject(new InsightsApiError(404, 'JOB_NOT_FOUND', `job ${jobId} not found`));
      else if (job.status === 'completed') resolve(job);
      else reject(new InsightsJobError(job));
    };
    const onAbort = () => fail(abortError(signal));
    signal?.addEventListener('abort', onAbort, { once: true });

    const report = (data: Record<string, unknown>, job?: Job) => {
      try {
        onProgress?.(readProgress(data), job);
      } catch (error) {
        fail(error);
      }
    };

    const poll = async (): Promise<void> => {
      if (settled) return;
      let delay = settings.pollIntervalMs;
      try {
        const job = await settings.getJob(jobId, signal);
        if (settled) return;
        pollFailures = 0;
        if (isFinalStatus(job.status) || job.status === 'not_found') return finish(job);
        report((job as Job).progressDetail as unknown as Record<string, unknown>, job as Job);
      } catch (error) {
        if (settled) return;
        const retryable = error instanceof InsightsApiError && error.retryable;
        if (!retryable || ++pollFailures >= MAX_POLL_FAILURES) return fail(error);
        delay = Math.max((error as InsightsApiError).retryAfter ?? 0, 0) * 1000 || Math.min(delay * 2 ** pollFailures, MAX_BACKOFF_MS);
      }
      if (!settled) timer = setTimeout(() => void poll(), delay);
    };

    const fallBackToPolling = () => {
      source?.close();
      source = null;
      if (transport === 'events') return fail(new InsightsApiError(0, 'NETWORK_ERROR', `no event stream for job ${jobId}`));
      void poll();
    };

    const openStream = async (): Promise<void> => {
      if (settled || !EventSourceImpl) return;
      let token: string;
      try {
        token = await settings.streamToken(jobId, signal);
      } catch (error) {
        if (settled) return;
        if (error instanceof InsightsApiError && (error.code === 'JOB_NOT_FOUND' || error.status === 401)) return fail(error);
        // An API without event streams, or a hiccup: polling still works.
        return fallBackToPolling();
      }
      if (settled) return;
      const query = new URLSearchParams({ streamToken: token });
      if (lastEventId) query.set('lastEventId', lastEventId);
      const es = new EventSourceImpl(`${settings.baseUrl}/api/insights/jobs/${encodeURIComponent(jobId)}/events?${query.toString()}`);
      source = es;
      let heard = false;
      let nativeErrors = 0;
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        if (!heard && source === es && !settled) fallBackToPolling();
      }, settings.firstEventTimeoutMs);
      const parse = (event: MessageEvent): Record<string, unknown> | null => {
        heard = true;
        nativeErrors = 0;
        streamRetries = 0;
        if (event.lastEventId) lastEventId = event.lastEventId;
        try {
          return JSON.parse(String(event.data)) as Record<string, unknown>;
        } catch {
          fail(new InsightsApiError(200, 'UNEXPECTED_RESPONSE', `job ${jobId}: an event that is not JSON`));
          return null;
        }
      };
      es.addEventListener('progress', (event) => {
        if (source !== es || settled) return;
        const data = parse(event);
        if (data) report(data);
      });
      for (const status of ['completed', 'failed', 'cancelled', 'not_found']) {
        es.addEventListener(status, (event) => {
          if (source !== es || settled) return;
          const data = parse(event);
          if (data) finish(data as Job);
        });
      }
      es.onerror = () => {
        if (source !== es || settled) return;
        // A dropped stream is retried by EventSource itself, with Last-Event-ID; a refused one
        // (an expired token, too many streams) is closed for good and needs a fresh token.
        if (es.readyState !== CLOSED && ++nativeErrors < MAX_NATIVE_ERRORS) return;
        clearTimeout(watchdog);
        es.close();
        source = null;
        if (++streamRetries > MAX_STREAM_RETRIES) return fallBackToPolling();
        timer = setTimeout(() => void openStream(), Math.min(settings.reconnectDelayMs * 2 ** (streamRetries - 1), MAX_BACKOFF_MS));
      };
    };

    if (transport === 'polling' || !EventSourceImpl) void poll();
    else void openStream();
  });
}
