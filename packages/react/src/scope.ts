import type { InsightsScope } from '@insights/client';

// Fixed order, so two scopes that differ only in key order or empty fields share a cache entry
// and a stored job id.
const SCOPE_FIELDS = ['projectId', 'startDate', 'endDate', 'category'] as const;

/** The scope with empty and unknown fields dropped, fields in a fixed order. */
export function normalizeScope(scope: InsightsScope): InsightsScope {
  const normalized: InsightsScope = {};
  for (const field of SCOPE_FIELDS) {
    const value = scope[field];
    if (typeof value === 'string' && value.trim() !== '') normalized[field] = value.trim();
  }
  return normalized;
}

export const projectsQueryKey = ['projects'] as const;

export function insightsQueryKey(scope: InsightsScope): readonly ['insights', InsightsScope] {
  return ['insights', normalizeScope(scope)];
}

const STORAGE_PREFIX = 'insights:job:';

/** Where the active job of a scope is remembered, so a reload can pick it up again. */
export function jobStorageKey(scope: InsightsScope): string {
  const params = new URLSearchParams(Object.entries(normalizeScope(scope)) as [string, string][]);
  return STORAGE_PREFIX + (params.toString() || 'all');
}

// The client decides what a final status and an aborted wait are; the hooks use its answers.
export { isAbortError, isFinalStatus as isFinishedStatus } from '@insights/client';

/** A project's themes as its owner edits them (latest project-wide result, taxonomy applied). */
export function themesQueryKey(projectId: string): readonly ['themes', string] {
  return ['themes', projectId];
}

export function themeAlertSettingsQueryKey(projectId: string): readonly ['theme-alerts', string] {
  return ['theme-alerts', projectId];
}

export function digestPreviewQueryKey(projectId: string): readonly ['digest-preview', string] {
  return ['digest-preview', projectId];
}

export function feedbackEntryQueryKey(feedbackId: string): readonly ['feedback', string] {
  return ['feedback', feedbackId];
}

export function similarFeedbackQueryKey(feedbackId: string, limit: number): readonly ['feedback', string, 'similar', number] {
  return ['feedback', feedbackId, 'similar', limit];
}
