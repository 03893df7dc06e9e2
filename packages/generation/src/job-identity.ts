import type { AppConfig } from '@insights/config';
import type { InsightsFilters } from '@insights/db';
import { ASK_PROMPT_VERSION, glmIdentity, normaliseQuestion, PROMPT_VERSION, Redactor, RESULT_VERSION } from '@insights/engine';
import { askCacheKeyFor, cacheKeyFor, scopeKeyFor, type InsightsScope, type SearchFiltersPayload } from '@insights/queue';

export interface IdentityKeys {
  /** Scope, filters, feedback generation and version: the cache key and the job's dedup id. */
  cacheKey: string;
  /** The same without the generation: finds the previous result to serve stale. */
  scopeKey: string;
}

/**
 * The one home of job identity, used by the API, the worker, the reconciler and the
 * benchmarks: what makes two requests the same piece of work. Its version holds the prompt
 * version, the result's shape and who answers (the offline analyser, or a GLM model at an
 * endpoint), so results of the bundled fake server are never served once a real key is set.
 * It holds the redaction rules too: a result made with personal data in its quotes is never
 * served once redaction is on, nor one made under other phone countries.
 */
export class JobIdentity {
  readonly version: string;
  /** The same for questions: the ask prompt's version instead of the generation's. */
  readonly askVersion: string;

  constructor(config: AppConfig) {
    const redaction = new Redactor(config.redaction).tag;
    this.version = `${PROMPT_VERSION}:${RESULT_VERSION}:${redaction}:${JobIdentity.answerer(config)}`;
    this.askVersion = `${ASK_PROMPT_VERSION}:${redaction}:${JobIdentity.answerer(config)}`;
  }

  /**
   * A question's cache key and dedup id: its normalised form (case, spacing and trailing
   * punctuation do not make another question), the project, the filters, the feedback generation
   * and the ask version.
   */
  askKey(projectId: string, question: string, filters: SearchFiltersPayload, generation: number): string {
    return askCacheKeyFor(projectId, normaliseQuestion(question), filters, generation, this.askVersion);
  }

  /** Who answers under this configuration, as the provider itself names it. */
  static answerer(config: AppConfig): string {
    return config.insights.provider === 'glm' ? glmIdentity(config.glm.model, config.glm.baseUrl) : 'offline';
  }

  keys(scope: InsightsScope, filters: InsightsFilters, generation: number | string): IdentityKeys {
    return { cacheKey: cacheKeyFor(scope, filters, generation, this.version), scopeKey: scopeKeyFor(scope, filters, this.version) };
  }
}
