import { memo, useRef, useState, type FormEvent } from 'react';
import { InsightsApiError, type AskAnswer, type AskCitation, type SearchFilters } from '@insights/client';
import { useAsk } from '@insights/react';
import { answerParts, ASK_STAGE_LABELS, countSource } from '../citations';
import { describeError } from '../errors';
import { EntryDialog, formatDate, ratingLabel, SentimentBadge } from './EntryDialog';

const plural = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** Why a question got no answer, as the person who asked should read it. */
function AskError({ error, message }: { error: unknown; message: string }) {
  let title = 'The question could not be answered';
  let wait: number | undefined;
  if (error instanceof InsightsApiError) {
    if (error.status === 400) title = 'The question was not accepted';
    else if (error.status === 429) {
      title = `Refused: ${describeError(error).title.toLowerCase()}`;
      wait = error.retryAfter;
    } else title = describeError(error).title;
  }
  return (
    <div
      className="notice notice-error"
      role="alert"
      data-testid="ask-error"
      data-status={error instanceof InsightsApiError ? error.status : undefined}
      data-code={error instanceof InsightsApiError ? error.code : undefined}
    >
      <div className="notice-body">
        <strong>{title}</strong>
        <p data-testid="ask-error-message">{message}</p>
        {wait !== undefined && wait > 0 && <p className="small">You can ask again in about {plural(wait, 'second', 'seconds')}.</p>}
      </div>
    </div>
  );
}

interface Opened {
  feedbackId: string;
  citationRef?: number;
}

function Citation({ citation, onOpen }: { citation: AskCitation; onOpen: (citation: AskCitation) => void }) {
  return (
    <button
      type="button"
      className="citation"
      data-testid="citation"
      data-ref={citation.ref}
      data-feedback-id={citation.feedbackId}
      aria-haspopup="dialog"
      aria-label={`Source ${citation.ref}: open the cited entry`}
      onClick={() => onOpen(citation)}
    >
      [{citation.ref}]
    </button>
  );
}

function Answer({ answer, onOpen }: { answer: AskAnswer; onOpen: (citation: AskCitation) => void }) {
  const byRef = new Map(answer.citations.map((c) => [c.ref, c]));
  const parts = answerParts(answer.answer, new Set(byRef.keys()));
  return (
    <>
      <p className="ask-answer" data-testid="ask-answer">
        {parts.map((part, index) =>
          part.kind === 'text' ? <span key={index}>{part.text}</span> : <Citation key={index} citation={byRef.get(part.ref)!} onOpen={onOpen} />,
        )}
      </p>
      {answer.citations.length > 0 && (
        <ol className="ask-citations" aria-label="Cited entries" data-testid="ask-citations">
          {answer.citations.map((citation) => (
            <li key={citation.ref} data-testid="ask-citation">
              <Citation citation={citation} onOpen={onOpen} />
              <span className="ask-citation-body">
                <q>{citation.quote}</q>
                <span className="muted small">
                  {formatDate(citation.createdAt)} · <SentimentBadge sentiment={citation.sentiment} /> · {ratingLabel(citation.rating)}
                </span>
              </span>
            </li>
          ))}
        </ol>
      )}
      {answer.counts.length > 0 && (
        <ul className="ask-counts" aria-label="Counts in the answer" data-testid="ask-counts">
          {answer.counts.map((count, index) => (
            <li key={index} data-testid="ask-count">
              <span>{count.label}</span> <strong data-testid="ask-count-value">{count.count.toLocaleString()}</strong>{' '}
              <span className="muted small">({countSource(count.query)})</span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small ask-facts" data-testid="ask-facts">
        <span data-testid="ask-matched" data-count={answer.matched}>
          {plural(answer.matched, 'entry matches', 'entries match')} the question’s search
        </span>
        ; the answer was written from <span data-testid="ask-considered">{plural(answer.considered, 'entry', 'entries')}</span>.{' '}
        <span data-testid="ask-dropped" data-count={answer.droppedCitations}>
          {answer.droppedCitations === 0
            ? 'No citation was dropped.'
            : answer.droppedCitations === 1
              ? '1 citation was dropped: it named an entry the model was not shown.'
              : `${plural(answer.droppedCitations, 'citation was', 'citations were')} dropped: they named entries the model was not shown.`}
        </span>
        {answer.refusedEntries > 0 && <> {plural(answer.refusedEntries, 'entry was', 'entries were')} left out: the provider refused them.</>}
      </p>
    </>
  );
}

/**
 * A question about the project's feedback, answered in a few sentences that cite entries: the
 * answer shows as it is written, then with each `[n]` a button opening the entry it cites.
 * Everything from feedback is rendered as text.
 */
export const AskBox = memo(function AskBox({ projectId, filters }: { projectId: string; filters: SearchFilters }) {
  const { state, ask, cancel } = useAsk(projectId);
  const [question, setQuestion] = useState('');
  const [opened, setOpened] = useState<Opened | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const asking = state.status === 'asking';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!question.trim() || asking) return;
    setOpened(null);
    ask(question.trim(), filters);
  };
  const openCitation = (citation: AskCitation) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpened({ feedbackId: citation.feedbackId, citationRef: citation.ref });
  };
  const close = () => {
    setOpened(null);
    opener.current?.focus();
  };

  return (
    <section className="card ask" aria-labelledby="ask-heading" data-testid="ask">
      <div className="section-head">
        <h2 id="ask-heading">Ask about this project’s feedback</h2>
        <span className="muted small">Answered from the entries in the dates above, each claim citing its entries.</span>
      </div>
      <form className="ask-form" onSubmit={submit}>
        <label className="field ask-field">
          <span>Question</span>
          <input
            type="text"
            data-testid="ask-input"
            value={question}
            maxLength={500}
            placeholder="What do customers say about exports?"
            disabled={asking}
            onChange={(event) => setQuestion(event.target.value)}
          />
        </label>
        <button type="submit" className="button button-primary" data-testid="ask-submit" disabled={asking || !question.trim()}>
          {asking ? 'Asking…' : 'Ask'}
        </button>
        {asking && (
          <button type="button" className="button" data-testid="ask-cancel" onClick={cancel}>
            Cancel
          </button>
        )}
      </form>

      <div className="ask-result" aria-live="polite" aria-busy={asking}>
        {asking && (
          <>
            <p className="muted small" data-testid="ask-stage" data-stage={state.stage}>
              {ASK_STAGE_LABELS[state.stage] ?? state.stage}
            </p>
            {state.partialAnswer && (
              <p className="ask-answer ask-partial" data-testid="ask-partial">
                {state.partialAnswer}
              </p>
            )}
          </>
        )}
        {state.status === 'answered' && <Answer answer={state.answer} onOpen={openCitation} />}
        {state.status === 'failed' && <AskError error={state.error} message={state.message} />}
      </div>

      {opened && (
        <EntryDialog feedbackId={opened.feedbackId} citationRef={opened.citationRef} onClose={close} onOpen={(feedbackId) => setOpened({ feedbackId })} />
      )}
    </section>
  );
});
