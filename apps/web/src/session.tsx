import { createInsightsClient } from '@insights/client';

const TOKEN_KEY = 'insights:session-token';

// Where storage is blocked the token lives only in memory, for as long as the page does.
let memoryToken: string | null = null;

/** The session token, kept per tab in sessionStorage: closing the tab signs out, a reload does not. */
export function currentToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || memoryToken;
  } catch {
    return memoryToken;
  }
}

export function storeToken(token: string | null): void {
  memoryToken = token;
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    return;
  }
}

/**
 * The token the local quick start minted, served by the dev/preview server. Anything else (404,
 * a static host answering index.html, no server at all) means there is none.
 */
export async function fetchLocalToken(): Promise<string | null> {
  try {
    const response = await fetch('/local-session', { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return null;
    const body = (await response.json()) as { token?: unknown };
    return typeof body.token === 'string' && body.token.trim() ? body.token.trim() : null;
  } catch {
    return null;
  }
}

// Same origin: the dev and preview servers proxy /api to the insights API.
export const insightsClient = createInsightsClient({ baseUrl: '', getToken: currentToken });
