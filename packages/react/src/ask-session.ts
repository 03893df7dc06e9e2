import { InsightsApiError, InsightsJobError, type AskAnswer, type AskStage, type InsightsClient, type SearchFilters } from '@insights/client';
import { isAbortError } from './scope.js';

/**
 * Where a question stands: nothing asked, being answered (the step and the answer text so far),
 * answered, or failed (the request was refused, or the job failed or was cancelled elsewhere).
 */
export type AskState =
  | { status: 'idle' }
  | { status: 'asking'; question: string; jobId: string | null; stage: AskStage; partialAnswer: string }
  | { status: 'answered'; question: string; jobId: string; answer: AskAnswer }
  | { status: 'failed'; question: string; jobId: string | null; message: string; error: unknown };

/** The part of the client a question needs. */
export type AskClient = Pick<InsightsClient, 'ask' | 'waitForAnswer' | 'cancelJob'>;

/**
 * One project's questions, one at a time, outside React so it can be driven and checked without
 * rendering: `useAsk` subscribes to it.
 */
export interface AskSession {
  getState: () => AskState;
  /** Called after every change of state; returns the unsubscribe. */
  subscribe: (listener: () => void) => () => void;
  /** Asks a question; one still being answered is no longer followed (its job runs on, its answer is cached). */
  ask: (question: string, filters?: SearchFilters) => void;
  /** Stops following the question and cancels its job (DELETE); back to idle. */
  cancel: () => void;
  /** Stops following the question and changes nothing more until opened again (unmount). */
  close: () => void;
  open: () => void;
}

interface Run {
  question: string;
  jobId: string | null;
  controller: AbortController;
  cancelled: boolean;
}

const IDLE: AskState = { status: 'idle' };

/** What to tell the person who asked: the API's reason, the job's, or that it was cancelled. */
export function askFailureMessage(error: unknown): string {
  if (error instanceof InsightsJobError) {
    return error.status === 'cancelled' ? 'The question was cancelled.' : error.job.error || 'Answering the question failed.';
  }
  if (error instanceof InsightsApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export function createAskSession(client: AskClient, projectId: string): AskSession {
  let state: AskState = IDLE;
  let current: Run | null = null;
  let closed = false;
  const listeners = new Set<() => void>();

  const isCurrent = (run: Run) => !closed && current === run && !run.controller.signal.aborted;
  const set = (run: Run | null, next: AskState) => {
    if (closed || (run && !isCurrent(run))) return;
    state = next;
    for (const listener of [...listeners]) listener();
  };
  const stop = () => {
    current?.controller.abort();
    current = null;
  };

  const follow = (run: Run, jobId: string, cached: boolean) => {
    run.jobId = jobId;
    set(run, { status: 'asking', question: run.question, jobId, stage: cached ? 'done' : 'queued', partialAnswer: '' });
    client
      .waitForAnswer(jobId, {
        signal: run.controller.signal,
        // A cached answer is read at once; there is nothing to stream.
        ...(cached ? { transport: 'polling' as const } : {}),
        onProgress: (progress) => {
          if (!isCurrent(run) || state.status !== 'asking') return;
          // A step that says nothing of the text (checking the citations) keeps what was shown.
          set(run, { ...state, stage: progress.stage, partialAnswer: progress.partialAnswer ?? state.partialAnswer });
        },
      })
      .then(
        (answer) => {
          if (!isCurrent(run)) return;
          set(run, { status: 'answered', question: run.question, jobId, answer });
          current = null;
        },
        (error: unknown) => {
          if (!isCurrent(run) || isAbortError(error)) return;
          set(run, { status: 'failed', question: run.question, jobId, message: askFailureMessage(error), error });
          current = null;
        },
      );
  };

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    ask: (question, filters) => {
      if (closed) return;
      stop();
      const run: Run = { question, jobId: null, controller: new AbortController(), cancelled: false };
      current = run;
      set(run, { status: 'asking', question, jobId: null, stage: 'queued', partialAnswer: '' });
      // Not aborted with the run: a question cancelled in flight needs the job id to cancel its job.
      client.ask(projectId, question, filters).then(
        (created) => {
          if (!isCurrent(run)) {
            // Cancelled before the API answered: the job exists now, so cancel it for real.
            if (run.cancelled) client.cancelJob(created.jobId).catch(() => undefined);
            return;
          }
          follow(run, created.jobId, created.status === 'completed');
        },
        (error: unknown) => {
          if (!isCurrent(run) || isAbortError(error)) return;
          set(run, { status: 'failed', question, jobId: null, message: askFailureMessage(error), error });
          current = null;
        },
      );
    },
    cancel: () => {
      const run = current;
      if (!run) return;
      run.cancelled = true;
      set(run, IDLE);
      stop();
      if (run.jobId) client.cancelJob(run.jobId).catch(() => undefined);
    },
    close: () => {
      stop();
      closed = true;
    },
    open: () => {
      closed = false;
    },
  };
}
