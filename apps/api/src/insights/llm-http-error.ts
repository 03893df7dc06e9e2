import { isLlmError } from '@insights/engine';
import { AppError } from '../common/app-error.js';

/** What an LLM failure means to an HTTP caller of the synchronous endpoint. */
export function llmHttpError(error: unknown): unknown {
  if (!isLlmError(error)) return error;
  const retryAfter = error.retryAfterMs ? { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) } : undefined;
  if (error.transient) {
    return new AppError(503, 'LLM_UNAVAILABLE', `the AI provider is unavailable (${error.kind}); try again shortly`, undefined, retryAfter);
  }
  switch (error.kind) {
    case 'content_blocked':
      return new AppError(422, 'LLM_CONTENT_BLOCKED', 'the AI provider refused this feedback (content filter)');
    case 'budget_exceeded':
      return new AppError(422, 'TOKEN_BUDGET_EXCEEDED', error.message);
    case 'invalid_output':
      return new AppError(502, 'LLM_INVALID_OUTPUT', 'the AI provider returned an answer that could not be used, even after a repair');
    default:
      return new AppError(502, 'LLM_PROVIDER_ERROR', `the AI provider rejected the request (${error.kind})`);
  }
}
