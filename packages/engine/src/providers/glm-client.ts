import type OpenAI from 'openai';
import type { SdkErrorClasses } from './llm-error.js';

export const GLM_DEFAULT_BASE_URL = 'https://api.z.ai/api/paas/v4';

export interface GlmConnection {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
}

export type GlmClient = { client: OpenAI; errors: SdkErrorClasses };

/**
 * The OpenAI SDK at GLM's base URL, loaded with the first call: an idle process configured for
 * GLM stays lean. The queue owns retries (attempts, backoff, Retry-After pauses), so the SDK
 * makes none.
 */
export function lazyGlmClient(connection: GlmConnection): () => Promise<GlmClient> {
  let sdk: Promise<GlmClient> | undefined;
  return () =>
    (sdk ??= import('openai').then((module) => ({
      client: new module.default({
        apiKey: connection.apiKey,
        baseURL: connection.baseUrl ?? GLM_DEFAULT_BASE_URL,
        timeout: connection.timeoutMs ?? 60_000,
        maxRetries: 0,
      }),
      errors: module,
    })));
}
