import { useState, type FormEvent } from 'react';

export function SignIn({ onSignIn }: { onSignIn: (token: string) => void }) {
  const [token, setToken] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) onSignIn(token.trim());
  };

  return (
    <form className="card sign-in" data-testid="sign-in" onSubmit={submit}>
      <h2>Sign in</h2>
      <p className="muted">Paste a session token to read your projects. It is kept in this browser tab only and forgotten when the tab closes.</p>
      <label className="field">
        <span>Session token</span>
        <textarea
          data-testid="token-input"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          rows={4}
          spellCheck={false}
          autoComplete="off"
          placeholder="eyJhbGciOi…"
          required
        />
      </label>
      <button type="submit" className="button button-primary" data-testid="sign-in-submit" disabled={!token.trim()}>
        Sign in
      </button>
    </form>
  );
}
