import type { Job, JobProgress } from '@insights/client';

/**
 * Where a job stands from the page's point of view. `failed` covers both a job that failed and
 * a request that did (the error says which).
 */
export type JobPhase = 'idle' | 'starting' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface JobState {
  /** The scope key the state belongs to; actions for another scope are ignored. */
  key: string;
  status: JobPhase;
  jobId: string | null;
  progress: JobProgress | null;
  job: Job | null;
  error: unknown;
}

export interface InsightsJob {
  jobId: string | null;
  status: JobPhase;
  progress: JobProgress | null;
  job: Job | null;
  /** An InsightsApiError, an InsightsJobError (failed job) or whatever else went wrong. */
  error: unknown;
  isRunning: boolean;
  /** Queues a job for the scope and follows it. */
  start: () => void;
  /** Follows a job queued elsewhere, e.g. the one a read queued because nothing was cached. */
  follow: (jobId: string) => void;
  /** Stops following and asks the API to cancel the job. */
  cancel: () => void;
}

export type JobAction =
  | { type: 'reset'; key: string; jobId: string | null }
  | { type: 'starting'; key: string }
  | { type: 'following'; key: string; jobId: string }
  | { type: 'progress'; key: string; jobId: string; progress: JobProgress; job?: Job }
  | { type: 'completed'; key: string; jobId: string; job?: Job }
  | { type: 'cancelled'; key: string; jobId: string | null }
  | { type: 'failed'; key: string; jobId: string | null; error: unknown };

/** A stored job id means a job was running before a reload: show it as running while it resumes. */
export function initialJobState(key: string, storedJobId: string | null): JobState {
  return {
    key,
    status: storedJobId ? 'running' : 'idle',
    jobId: storedJobId,
    progress: null,
    job: null,
    error: null,
  };
}

export function isActivePhase(status: JobPhase): boolean {
  return status === 'starting' || status === 'running';
}

export function jobReducer(state: JobState, action: JobAction): JobState {
  if (action.type === 'reset') return initialJobState(action.key, action.jobId);
  if (action.key !== state.key) return state;
  switch (action.type) {
    case 'starting':
      return { ...initialJobState(state.key, null), status: 'starting' };
    case 'following':
      if (state.jobId === action.jobId && state.status === 'running') return state;
      return { ...initialJobState(state.key, action.jobId), status: 'running' };
    case 'progress':
      if (state.jobId !== action.jobId || state.status !== 'running') return state;
      return { ...state, progress: action.progress, job: action.job ?? state.job };
    case 'completed':
      return {
        ...state,
        status: 'completed',
        jobId: action.jobId,
        job: action.job ?? state.job,
        progress: action.job?.progressDetail ?? state.progress,
        error: null,
      };
    case 'cancelled':
      return { ...state, status: 'cancelled', jobId: action.jobId ?? state.jobId, error: null };
    case 'failed':
      return { ...state, status: 'failed', jobId: action.jobId ?? state.jobId, error: action.error };
  }
}
