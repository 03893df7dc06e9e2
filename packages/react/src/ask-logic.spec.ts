import { describe, expect, it } from '@jest/globals';
import { InsightsApiError, InsightsJobError, type AskAnswer, type AskJobCreated, type AskWaitOptions, type Job, type SearchFilters } from '@insights/client';
import { askFailureMessage, createAskSession, type AskClient, type AskState } from './ask-session.js';
import { feedbackEntryQueryKey, similarFeedbackQueryKey } from './scope.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** A client whose every answer the test gives by hand, recording what was asked of it. */
function fakeClient() {
  const posts: { projectId: string; question: string; filters?: SearchFilters; answer: Deferred<AskJobCreated> }[] = [];
  const waits: { jobId: string; options: AskWaitOptions; answer: Deferred<AskAnswer> }[] = [];
  const cancels: string[] = [];
  const client: AskClient = {
    ask: (projectId, question, filters) => {
      const answer = deferred<AskJobCreated>();
      posts.push({ projectId, question, filters, answer });
      return answer.promise;
    },
    waitForAnswer: (jobId, options = {}) => {
      const answer = deferred<AskAnswer>();
      waits.push({ jobId, options, answer });
      // As the real watcher does: an aborted wait rejects with an AbortError.
      options.signal?.addEventListener('abort', () => answer.reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
      return answer.promise;
    },
    cancelJob: (jobId) => {
      cancels.push(jobId);
      return Promise.resolve(null);
    },
  };
  return { client, posts, waits, cancels };
}

const created = (jobId: string, status: AskJobCreated['status'] = 'pending'): AskJobCreated => ({
  jobId,
  status,
  cached: status === 'completed',
  estimatedTime: 2,
  kind: 'ask',
});
const answerTo = (question: string): AskAnswer => ({
  kind: 'ask',
  version: 1,
  question,
  answer: 'Exports time out [1].',
  citations: [{ ref: 1, feedbackId: 'f1', quote: 'export times out', createdAt: '2026-11-02T10:00:00.000Z', sentiment: 'negative', rating: 1 }],
  counts: [],
  matched: 3,
  considered: 3,
  droppedCitations: 0,
  refusedEntries: 0,
  themes: [],
  model: 'glm-4.5',
  tokensUsed: 100,
  generatedAt: '2026-12-07T10:00:00.000Z',
});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function sessionWith() {
  const fake = fakeClient();
  const session = createAskSession(fake.client, 'p1');
  const seen: AskState[] = [];
  session.subscribe(() => seen.push(session.getState()));
  return { ...fake, session, seen };
}

describe('ask session (what useAsk holds)', () => {
  it('goes idle → asking → the answer text as it grows → answered', async () => {
    const { session, posts, waits, seen } = sessionWith();
    expect(session.getState()).toEqual({ status: 'idle' });
    session.ask('What about exports?', { sentiment: 'negative' });
    expect(posts.map(({ projectId, question, filters }) => ({ projectId, question, filters }))).toEqual([
      { projectId: 'p1', question: 'What about exports?', filters: { sentiment: 'negative' } },
    ]);
    expect(session.getState()).toEqual({ status: 'asking', question: 'What about exports?', jobId: null, stage: 'queued', partialAnswer: '' });
    posts[0]!.answer.resolve(created('j1'));
    await flush();
    expect(waits.map((w) => w.jobId)).toEqual(['j1']);
    expect(waits[0]!.options.transport).toBeUndefined();
    const { onProgress } = waits[0]!.options;
    onProgress!({ stage: 'retrieving', percent: 10, tokensUsed: 0 });
    onProgress!({ stage: 'answering', percent: 40, tokensUsed: 20, partialAnswer: 'Exports' });
    onProgress!({ stage: 'answering', percent: 60, tokensUsed: 40, partialAnswer: 'Exports time out [1]' });
    // Checking the citations says nothing of the text: what was shown stays.
    onProgress!({ stage: 'checking', percent: 90, tokensUsed: 50 });
    expect(session.getState()).toMatchObject({ status: 'asking', jobId: 'j1', stage: 'checking', partialAnswer: 'Exports time out [1]' });
    waits[0]!.answer.resolve(answerTo('What about exports?'));
    await flush();
    expect(session.getState()).toEqual({ status: 'answered', question: 'What about exports?', jobId: 'j1', answer: answerTo('What about exports?') });
    expect(seen.map((s) => (s.status === 'asking' ? `${s.stage}:${s.partialAnswer}` : s.status))).toEqual([
      'queued:',
      'queued:',
      'retrieving:',
      'answering:Exports',
      'answering:Exports time out [1]',
      'checking:Exports time out [1]',
      'answered',
    ]);
  });

  it('reads a cached answer by one poll, not a stream', async () => {
    const { session, posts, waits } = sessionWith();
    session.ask('What about exports?');
    posts[0]!.answer.resolve(created('j1', 'completed'));
    await flush();
    expect(waits).toHaveLength(1);
    expect(waits[0]!.options.transport).toBe('polling');
    waits[0]!.answer.resolve(answerTo('What about exports?'));
    await flush();
    expect(session.getState().status).toBe('answered');
  });

  it('a new question supersedes the old one: the old one’s steps and answer change nothing, its job is left to finish', async () => {
    const { session, posts, waits, cancels } = sessionWith();
    session.ask('first question');
    posts[0]!.answer.resolve(created('j1'));
    await flush();
    session.ask('second question');
    expect(waits[0]!.options.signal!.aborted).toBe(true);
    expect(session.getState()).toMatchObject({ status: 'asking', question: 'second question', jobId: null });
    waits[0]!.options.onProgress!({ stage: 'answering', percent: 50, tokensUsed: 1, partialAnswer: 'old text' });
    expect(session.getState()).toMatchObject({ question: 'second question', partialAnswer: '' });
    posts[1]!.answer.resolve(created('j2'));
    await flush();
    waits[1]!.answer.resolve(answerTo('second question'));
    await flush();
    expect(session.getState()).toMatchObject({ status: 'answered', jobId: 'j2', answer: { question: 'second question' } });
    expect(cancels).toEqual([]);

    // A first question whose POST answers after the second was asked is not followed at all.
    const late = sessionWith();
    late.session.ask('first');
    late.session.ask('second');
    late.posts[0]!.answer.resolve(created('j1'));
    late.posts[1]!.answer.resolve(created('j2'));
    await flush();
    expect(late.waits.map((w) => w.jobId)).toEqual(['j2']);
    expect(late.cancels).toEqual([]);
  });

  it('cancel deletes the job once, stops following it and goes back to idle', async () => {
    const { session, posts, waits, cancels, seen } = sessionWith();
    session.ask('What about exports?');
    posts[0]!.answer.resolve(created('j1'));
    await flush();
    session.cancel();
    expect(cancels).toEqual(['j1']);
    expect(waits[0]!.options.signal!.aborted).toBe(true);
    expect(session.getState()).toEqual({ status: 'idle' });
    const changes = seen.length;
    waits[0]!.answer.resolve(answerTo('What about exports?'));
    await flush();
    session.cancel();
    expect(seen.length).toBe(changes);
    expect(cancels).toEqual(['j1']);
  });

  it('a question cancelled before the API answered has its job cancelled once the id is known, and is never followed', async () => {
    const { session, posts, waits, cancels } = sessionWith();
    session.ask('What about exports?');
    session.cancel();
    expect(cancels).toEqual([]);
    posts[0]!.answer.resolve(created('j9'));
    await flush();
    expect(cancels).toEqual(['j9']);
    expect(waits).toEqual([]);
    expect(session.getState()).toEqual({ status: 'idle' });
  });

  it('after close (unmount) nothing changes the state, and the question is no longer followed', async () => {
    const { session, posts, waits, cancels, seen } = sessionWith();
    session.ask('What about exports?');
    posts[0]!.answer.resolve(created('j1'));
    await flush();
    const before = session.getState();
    const changes = seen.length;
    session.close();
    expect(waits[0]!.options.signal!.aborted).toBe(true);
    waits[0]!.options.onProgress!({ stage: 'answering', percent: 50, tokensUsed: 1, partialAnswer: 'late' });
    waits[0]!.answer.resolve(answerTo('What about exports?'));
    session.ask('another question');
    await flush();
    expect(session.getState()).toBe(before);
    expect(seen.length).toBe(changes);
    expect(posts).toHaveLength(1);
    expect(cancels).toEqual([]);

    // A POST still in flight at unmount changes nothing either.
    const inFlight = sessionWith();
    inFlight.session.ask('What about exports?');
    inFlight.session.close();
    inFlight.posts[0]!.answer.resolve(created('j1'));
    await flush();
    expect(inFlight.waits).toEqual([]);
    expect(inFlight.seen.map((s) => s.status)).toEqual(['asking']);
  });

  it('works again once reopened (a remount of the same session)', async () => {
    const { session, posts } = sessionWith();
    session.close();
    session.open();
    session.ask('What about exports?');
    expect(posts).toHaveLength(1);
    expect(session.getState().status).toBe('asking');
  });

  it('fails with the API’s reason for a refused question, and the job’s for a failed one', async () => {
    const refused = sessionWith();
    const error = new InsightsApiError(400, 'VALIDATION_FAILED', 'question must be 3 to 500 characters');
    refused.session.ask('ok');
    refused.posts[0]!.answer.reject(error);
    await flush();
    expect(refused.session.getState()).toEqual({ status: 'failed', question: 'ok', jobId: null, message: 'question must be 3 to 500 characters', error });

    const limited = sessionWith();
    limited.session.ask('What about exports?');
    limited.posts[0]!.answer.reject(new InsightsApiError(429, 'TOKEN_BUDGET_EXHAUSTED', 'the daily token budget is used up', 3600));
    await flush();
    expect(limited.session.getState()).toMatchObject({ status: 'failed', message: 'the daily token budget is used up', error: { status: 429 } });

    const failed = sessionWith();
    failed.session.ask('What about exports?');
    failed.posts[0]!.answer.resolve(created('j1'));
    await flush();
    failed.waits[0]!.answer.reject(new InsightsJobError({ jobId: 'j1', status: 'failed', error: 'the provider refused the prompt' } as Job));
    await flush();
    expect(failed.session.getState()).toMatchObject({ status: 'failed', jobId: 'j1', message: 'the provider refused the prompt' });
  });

  it('says plainly when the job was cancelled elsewhere', () => {
    expect(askFailureMessage(new InsightsJobError({ jobId: 'j1', status: 'cancelled' } as Job))).toBe('The question was cancelled.');
    expect(askFailureMessage(new InsightsJobError({ jobId: 'j1', status: 'failed' } as Job))).toBe('Answering the question failed.');
  });
});

describe('feedback entry query keys', () => {
  it('keys an entry and its similar entries apart, and each limit apart', () => {
    expect(feedbackEntryQueryKey('f1')).toEqual(['feedback', 'f1']);
    expect(similarFeedbackQueryKey('f1', 5)).toEqual(['feedback', 'f1', 'similar', 5]);
    expect(similarFeedbackQueryKey('f1', 5)).not.toEqual(similarFeedbackQueryKey('f1', 3));
  });
});
