import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { SearchFilters, SearchHit } from '@insights/client';
import { createAskSession, type AskState } from './ask-session.js';
import { useInsightsClient } from './context.js';
import { shouldRetry } from './queries.js';
import { feedbackEntryQueryKey, similarFeedbackQueryKey } from './scope.js';

export interface AskHandle {
  state: AskState;
  /** Asks about the project's feedback within `filters`; a question still being answered is superseded. */
  ask: (question: string, filters?: SearchFilters) => void;
  /** Stops the question being answered and cancels its job. */
  cancel: () => void;
}

/**
 * Questions about one project's feedback, answered with cited entries: `state` goes from idle to
 * asking (the step and the answer text so far) to answered or failed. Leaving the project or
 * unmounting stops following the question; nothing changes the state afterwards.
 */
export function useAsk(projectId: string): AskHandle {
  const client = useInsightsClient();
  const session = useMemo(() => createAskSession(client, projectId), [client, projectId]);
  useEffect(() => {
    session.open();
    return () => session.close();
  }, [session]);
  const state = useSyncExternalStore(session.subscribe, session.getState, session.getState);
  return useMemo(() => ({ state, ask: session.ask, cancel: session.cancel }), [state, session]);
}

// An entry's text does not change; its similar entries change only as feedback arrives.
const ENTRY_STALE_MS = 5 * 60_000;

/** One of the caller's feedback entries (an answer's citation); null holds the request back. */
export function useFeedbackEntry(feedbackId: string | null): UseQueryResult<SearchHit> {
  const client = useInsightsClient();
  return useQuery({
    queryKey: feedbackEntryQueryKey(feedbackId ?? ''),
    queryFn: ({ signal }) => client.feedbackEntry(feedbackId!, { signal }),
    retry: shouldRetry,
    staleTime: ENTRY_STALE_MS,
    enabled: Boolean(feedbackId),
  });
}

/** The entries most like one entry (itself left out), best first; null holds the request back. */
export function useSimilarFeedback(feedbackId: string | null, limit = 5): UseQueryResult<SearchHit[]> {
  const client = useInsightsClient();
  return useQuery({
    queryKey: similarFeedbackQueryKey(feedbackId ?? '', limit),
    queryFn: async ({ signal }) => (await client.similarFeedback(feedbackId!, { limit }, { signal })).items,
    retry: shouldRetry,
    staleTime: ENTRY_STALE_MS,
    enabled: Boolean(feedbackId),
  });
}
