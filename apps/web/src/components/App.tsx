import { useCallback, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { currentToken, fetchLocalToken, storeToken } from '../session';
import { Dashboard } from './Dashboard';
import { SignIn } from './SignIn';

type SessionState = 'checking' | 'signed-in' | 'signed-out';

export function App() {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<SessionState>('checking');

  useEffect(() => {
    let live = true;
    void fetchLocalToken().then((local) => {
      if (!live) return;
      if (local) storeToken(local);
      setSession(currentToken() ? 'signed-in' : 'signed-out');
    });
    return () => {
      live = false;
    };
  }, []);

  const signIn = useCallback((token: string) => {
    storeToken(token);
    setSession('signed-in');
  }, []);

  // Another token may be another user: nothing read with the old one may show.
  const signOut = useCallback(() => {
    storeToken(null);
    queryClient.clear();
    setSession('signed-out');
  }, [queryClient]);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <h1>Feedback insights</h1>
        </div>
        {session === 'signed-in' && (
          <button type="button" className="button button-ghost" data-testid="sign-out" onClick={signOut}>
            Sign out
          </button>
        )}
      </header>
      <main className="app-main">
        {session === 'checking' && (
          <p className="muted" data-testid="session-checking">
            Signing in…
          </p>
        )}
        {session === 'signed-out' && <SignIn onSignIn={signIn} />}
        {session === 'signed-in' && <Dashboard onSignOut={signOut} />}
      </main>
    </div>
  );
}
