import { useEffect, useRef } from 'react';
import { InsightsApiError, type SearchHit } from '@insights/client';
import { useFeedbackEntry, useSimilarFeedback } from '@insights/react';
import { describeError } from '../errors';

const SIMILAR_LIMIT = 5;

export const formatDate = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
};

export const ratingLabel = (rating: number) => (rating >= 1 ? `${rating} of 5` : 'not rated');

const SENTIMENT_BADGES: Record<string, string> = { positive: 'badge-positive', negative: 'badge-negative', neutral: '' };

export function SentimentBadge({ sentiment }: { sentiment: string }) {
  return <span className={`badge ${SENTIMENT_BADGES[sentiment] ?? ''}`}>{sentiment}</span>;
}

const reason = (error: unknown) =>
  error instanceof InsightsApiError && error.status === 404 ? 'This entry is not there any more.' : describeError(error).message;

function SimilarEntries({ entry, onOpen }: { entry: SearchHit; onOpen: (feedbackId: string) => void }) {
  const similar = useSimilarFeedback(entry.id, SIMILAR_LIMIT);
  let body;
  if (similar.isPending) body = <p className="muted small">Looking for similar entries…</p>;
  else if (similar.error)
    body = (
      <p className="field-error" role="alert" data-testid="similar-error">
        Similar entries could not be read: {reason(similar.error)}
      </p>
    );
  else if (similar.data.length === 0)
    body = (
      <p className="muted small" data-testid="similar-none">
        No similar entries in this project.
      </p>
    );
  else
    body = (
      <ul className="similar-list" data-testid="similar-entries">
        {similar.data.map((hit) => (
          <li key={hit.id}>
            <button type="button" className="similar-entry" data-testid="similar-entry" data-feedback-id={hit.id} onClick={() => onOpen(hit.id)}>
              <span className="similar-text">{hit.text}</span>
              <span className="muted small">
                {formatDate(hit.createdAt)} · {hit.sentiment} · {ratingLabel(hit.rating)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    );
  return (
    <section className="entry-similar" aria-labelledby="entry-similar-heading">
      <h3 id="entry-similar-heading">Similar entries</h3>
      {body}
    </section>
  );
}

interface EntryDialogProps {
  feedbackId: string;
  /** The citation's number, when the entry was opened from one. */
  citationRef?: number;
  onClose: () => void;
  /** Opens another entry (a similar one) in the same dialog. */
  onOpen: (feedbackId: string) => void;
}

/**
 * One feedback entry in a modal dialog: its text, date, sentiment and rating, and a few entries
 * like it. Escape or Close closes it; the page gives focus back to what opened it.
 */
export function EntryDialog({ feedbackId, citationRef, onClose, onOpen }: EntryDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const entry = useFeedbackEntry(feedbackId);

  // Opened once mounted; unmounting takes it out of the page without a close event. Closing it
  // here would fire one later, which a remount (React's strict mode does one) would take as the
  // user's Escape.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  let body;
  if (entry.isPending) body = <p className="muted">Reading the entry…</p>;
  else if (entry.error)
    body = (
      <p className="field-error" role="alert" data-testid="entry-error">
        The entry could not be read: {reason(entry.error)}
      </p>
    );
  else
    body = (
      <>
        <blockquote className="entry-text" data-testid="entry-text">
          {entry.data.text}
        </blockquote>
        <dl className="entry-facts">
          <div>
            <dt>Date</dt>
            <dd data-testid="entry-date">{formatDate(entry.data.createdAt)}</dd>
          </div>
          <div>
            <dt>Sentiment</dt>
            <dd data-testid="entry-sentiment">
              <SentimentBadge sentiment={entry.data.sentiment} />
            </dd>
          </div>
          <div>
            <dt>Rating</dt>
            <dd data-testid="entry-rating">{ratingLabel(entry.data.rating)}</dd>
          </div>
          <div>
            <dt>Category</dt>
            <dd data-testid="entry-category">{entry.data.category}</dd>
          </div>
        </dl>
        <SimilarEntries entry={entry.data} onOpen={onOpen} />
      </>
    );

  return (
    // The native dialog is modal (the page behind it is inert), closes on Escape and traps focus.
    <dialog
      ref={dialog}
      className="entry-dialog"
      aria-labelledby="entry-dialog-title"
      data-testid="entry-dialog"
      data-feedback-id={feedbackId}
      onClose={onClose}
    >
      <div className="section-head">
        <h2 id="entry-dialog-title">{citationRef === undefined ? 'Feedback entry' : `Entry cited as [${citationRef}]`}</h2>
        <button type="button" className="button button-small" data-testid="entry-close" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
      {body}
    </dialog>
  );
}
