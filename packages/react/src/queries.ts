import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { InsightsApiError, type InsightsRead, type InsightsScope, type Project } from '@insights/client';
import { useInsightsClient } from './context.js';
import { insightsQueryKey, normalizeScope, projectsQueryKey } from './scope.js';

const MAX_RETRIES = 2;

/**
 * A 4xx is an answer, not a hiccup: retrying a 401, a validation error or a rate limit only
 * delays the message the page should show (and for 429 spends more of the limit).
 */
export function isClientError(error: unknown): boolean {
  return error instanceof InsightsApiError && error.status >= 400 && error.status < 500;
}

export function shouldRetry(failureCount: number, error: Error): boolean {
  return !isClientError(error) && failureCount < MAX_RETRIES;
}

export interface QueryToggle {
  /** False holds the request back, e.g. until the scope is known. */
  enabled?: boolean;
}

export function useProjects(options: QueryToggle = {}): UseQueryResult<Project[]> {
  const client = useInsightsClient();
  return useQuery({
    queryKey: projectsQueryKey,
    queryFn: () => client.listProjects(),
    retry: shouldRetry,
    enabled: options.enabled ?? true,
  });
}

// A read can queue a job on the server, so refetching on every focus would be costly; the job
// hook invalidates the entry when fresh insights land.
const INSIGHTS_STALE_MS = 60_000;

export function useInsights(scope: InsightsScope, options: QueryToggle = {}): UseQueryResult<InsightsRead> {
  const client = useInsightsClient();
  return useQuery({
    queryKey: insightsQueryKey(scope),
    queryFn: () => client.getInsights(normalizeScope(scope)),
    retry: shouldRetry,
    staleTime: INSIGHTS_STALE_MS,
    enabled: options.enabled ?? true,
  });
}
