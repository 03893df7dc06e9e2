import { createHash, randomBytes } from 'node:crypto';
import type { InsightsFiltersPayload, SearchFiltersPayload } from './payloads.js';

export type InsightsScope = { projectId: string } | { userId: string };

function canonical(scope: InsightsScope, filters: InsightsFiltersPayload) {
  return {
    scope: 'projectId' in scope ? `project:${scope.projectId}` : `user:${scope.userId}`,
    filters: { startDate: filters.startDate ?? null, endDate: filters.endDate ?? null, category: filters.category ?? null },
  };
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * The identity of a piece of work: same scope, filters, feedback generation and version (prompt
 * version and model) means the same answer. It is the job dedup id and the cache key.
 */
export function cacheKeyFor(scope: InsightsScope, filters: InsightsFiltersPayload, generation: number | string, version: string): string {
  return sha256({ ...canonical(scope, filters), generation, promptVersion: version });
}

/** The same identity without the generation: finds the last result after new feedback arrived. */
export function scopeKeyFor(scope: InsightsScope, filters: InsightsFiltersPayload, version: string): string {
  return sha256({ ...canonical(scope, filters), promptVersion: version });
}

/** Search filters in one order, absent ones left out: the same filters make the same key. */
function canonicalSearchFilters(filters: SearchFiltersPayload): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const key of Object.keys(filters).sort()) {
    const value = filters[key as keyof SearchFiltersPayload];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/**
 * The identity of a question: the same normalised question about the same project, filters and
 * feedback generation under the same version is the same answer. A separate `kind` keeps it
 * apart from every insights key.
 */
export function askCacheKeyFor(projectId: string, normalisedQuestion: string, filters: SearchFiltersPayload, generation: number, version: string): string {
  return sha256({ kind: 'ask', project: projectId, question: normalisedQuestion, filters: canonicalSearchFilters(filters), generation, version });
}

/** What a job id of ours looks like; rows the existing backend wrote into insights_jobs need not. */
export const JOB_ID_FORMAT = /^[A-Za-z0-9_-]{16,64}$/;

export const isJobId = (id: string): boolean => JOB_ID_FORMAT.test(id);

/** 128 random bits, URL-safe and colon-free (BullMQ ids must not contain ':'). */
export function newJobId(): string {
  return randomBytes(16).toString('base64url');
}
