import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { InsightsClient } from '@insights/client';

const InsightsClientContext = createContext<InsightsClient | null>(null);
InsightsClientContext.displayName = 'InsightsClientContext';

export interface InsightsClientProviderProps {
  client: InsightsClient;
  children?: ReactNode;
}

/** Makes an insights client available to the hooks below it. Needs a QueryClientProvider above. */
export function InsightsClientProvider({ client, children }: InsightsClientProviderProps) {
  return createElement(InsightsClientContext.Provider, { value: client }, children);
}

export function useInsightsClient(): InsightsClient {
  const client = useContext(InsightsClientContext);
  if (!client) {
    throw new Error('useInsightsClient: no insights client here; wrap the tree in <InsightsClientProvider client={...}>');
  }
  return client;
}
