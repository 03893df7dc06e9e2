import { InsightsApiError, InsightsJobError } from '@insights/client';

export interface ErrorView {
  /** The API's error code, JOB_FAILED for a failed job, UNEXPECTED for anything else. */
  code: string;
  title: string;
  message: string;
  /** Seconds until a retry can succeed, when the API said so. */
  retryAfter?: number;
  /** A new token is the only way forward. */
  needsSignIn: boolean;
}

function apiErrorView(error: InsightsApiError): ErrorView {
  const base = { code: error.code, message: error.message, retryAfter: error.retryAfter, needsSignIn: false };
  // Every 401 (missing, malformed, expired, foreign token) has one way forward: a new token.
  if (error.status === 401) {
    return { ...base, title: 'Not signed in', message: `The session token was not accepted: ${error.message}.`, needsSignIn: true };
  }
  switch (error.code) {
    case 'RATE_LIMITED':
      return { ...base, title: 'Too many requests', message: 'Insights were requested too often. Please wait a moment.' };
    case 'TOKEN_BUDGET_EXHAUSTED':
      // A budget resets once a day: a countdown in hours would only be noise, the message says when.
      return { ...base, title: 'AI token budget used up', retryAfter: undefined };
    case 'NETWORK_ERROR':
      return { ...base, title: 'The insights service cannot be reached', message: 'Check the connection and try again.' };
    case 'QUEUE_UNAVAILABLE':
      return { ...base, title: 'The job queue is unavailable', message: 'Generation is paused for a moment; try again shortly.' };
    case 'VALIDATION_FAILED':
      return { ...base, title: 'The filters were not accepted' };
    default:
      return { ...base, title: error.status >= 500 ? 'The insights service had a problem' : 'The request failed' };
  }
}

export function describeError(error: unknown): ErrorView {
  if (error instanceof InsightsApiError) return apiErrorView(error);
  if (error instanceof InsightsJobError) {
    return {
      code: 'JOB_FAILED',
      title: 'Generating insights failed',
      message: error.message || error.job.error || 'The job failed without a reason.',
      needsSignIn: false,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'UNEXPECTED', title: 'Something went wrong', message, needsSignIn: false };
}
