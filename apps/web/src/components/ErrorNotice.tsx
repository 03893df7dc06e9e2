import { useEffect, useState } from 'react';
import { describeError } from '../errors';

/** Whole seconds left until `seconds` after the error appeared; restarts for each new error. */
function useCountdown(seconds: number | undefined, source: unknown): number {
  const [remaining, setRemaining] = useState(seconds ?? 0);
  useEffect(() => {
    if (!seconds || seconds <= 0) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- a new error without a wait clears the previous countdown
      setRemaining(0);
      return;
    }
    const deadline = Date.now() + seconds * 1000;
    const tick = () => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setRemaining(left);
      if (left === 0) clearInterval(timer);
    };
    const timer = setInterval(tick, 250);
    tick();
    return () => clearInterval(timer);
  }, [seconds, source]);
  return remaining;
}

interface ErrorNoticeProps {
  error: unknown;
  onRetry?: () => void;
  onSignOut: () => void;
}

export function ErrorNotice({ error, onRetry, onSignOut }: ErrorNoticeProps) {
  const view = describeError(error);
  const remaining = useCountdown(view.retryAfter, error);
  const waiting = remaining > 0;

  return (
    <section className="notice notice-error" data-testid="error" data-code={view.code} role="alert">
      <div className="notice-body">
        <strong data-testid="error-title">{view.title}</strong>
        <p data-testid="error-message">{view.message}</p>
        {view.retryAfter !== undefined && (
          <p className="small">
            {waiting ? (
              <>
                You can try again in <span data-testid="retry-countdown">{remaining}</span> s.
              </>
            ) : (
              'You can try again now.'
            )}
          </p>
        )}
      </div>
      <div className="notice-actions">
        {view.needsSignIn ? (
          <button type="button" className="button button-small" data-testid="sign-in-again" onClick={onSignOut}>
            Sign in again
          </button>
        ) : (
          onRetry && (
            <button type="button" className="button button-small" data-testid="retry" onClick={onRetry} disabled={waiting}>
              Try again
            </button>
          )
        )}
      </div>
    </section>
  );
}
