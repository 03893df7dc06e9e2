import { SpendRefused } from '@insights/generation';
import { AppError } from '../common/app-error.js';

/**
 * What a refusal of the spend policy means to an HTTP caller: 429 with Retry-After, the job rate
 * as RATE_LIMITED, either daily budget as TOKEN_BUDGET_EXHAUSTED (`details.budget` says whose).
 */
export function spendHttpError(error: unknown): unknown {
  if (!(error instanceof SpendRefused)) return error;
  const headers = { 'retry-after': String(error.retryAfterSeconds) };
  if (error.kind === 'job_rate') return new AppError(429, 'RATE_LIMITED', error.message, undefined, headers);
  return new AppError(429, 'TOKEN_BUDGET_EXHAUSTED', error.message, { budget: error.kind === 'user_budget' ? 'user' : 'project' }, headers);
}
