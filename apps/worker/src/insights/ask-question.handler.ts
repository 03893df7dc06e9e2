import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { RESULT_OVERLAY, TwoTierInsightsCache, type ResultOverlay } from '@insights/cache';
import { FeedbackSearchRepository, InsightsCacheRepository, InsightsJobsRepository, type JobProgress } from '@insights/db';
import type { AskAnswer, AskContextTheme, AskProgress } from '@insights/engine';
import { currentThemes, InsightsGenerator, LiveThemes, retrieveForQuestion } from '@insights/generation';
import type { AskQuestionPayload } from '@insights/queue';
import { JobInterrupted, type JobContext } from '../queue/job-context.js';

/** Live viewers follow BullMQ's progress events: at most four a second of the answer as it grows. */
const EVENT_INTERVAL_MS = 250;
/** The row is polled every 2 s; once a second is enough, and it notices a cancellation. */
const ROW_INTERVAL_MS = 1_000;

export interface AskSummary {
  cacheKey: string;
  tokens: number;
  citations: number;
  skipped?: 'already-completed';
}

/**
 * Progress of a question: `progressDetail.stage` (retrieving, answering, checking, done) and
 * `progressDetail.partialAnswer`, pushed to BullMQ (the job's live events) at most four times a
 * second and to the row at most once, the last state always sent. A row no longer open (the job
 * was cancelled through it) stops the job.
 */
export class AskProgressRecorder {
  private lastEvent = 0;
  private lastRow: number;
  private pending: JobProgress | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly job: Job,
    private readonly jobs: InsightsJobsRepository,
    private readonly onCancelled: () => void,
    started: number,
  ) {
    this.lastRow = started;
  }

  readonly report = (progress: AskProgress): void => {
    const percent = { retrieving: 5, answering: 40, checking: 90 }[progress.stage];
    this.pending = { stage: progress.stage, percent, chunksDone: 0, chunksTotal: 0, tokensUsed: 0, partialAnswer: progress.partialAnswer };
    const wait = this.lastEvent + EVENT_INTERVAL_MS - Date.now();
    if (wait <= 0 || progress.stage !== 'answering') this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  };

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const progress = this.pending;
    if (!progress) return;
    this.pending = undefined;
    this.lastEvent = Date.now();
    this.chain = this.chain.then(async () => {
      await this.job.updateProgress(progress).catch(() => undefined);
      if (Date.now() - this.lastRow < ROW_INTERVAL_MS) return;
      this.lastRow = Date.now();
      if (!(await this.jobs.setProgress(this.job.id!, progress))) this.onCancelled();
    });
  }

  /** Sends what is pending and waits for the writes in flight. */
  async settle(): Promise<void> {
    this.flush();
    await this.chain;
  }
}

/**
 * One question (docs/generation.md, "Questions"): claims the row, retrieves the entries the
 * question's search finds (full-text search over the project with the question's filters, ranked)
 * and the project's current themes (whose counts an answer may state), counts the search in SQL, has the shared generator answer it
 * (the same provider, spend rules, redaction and refusal handling as a generation), then stores
 * the answer once: the cache entry under the ask key and the completed row in one statement, then
 * Redis.
 */
@Injectable()
export class AskQuestionHandler {
  private readonly logger = new Logger(AskQuestionHandler.name);

  constructor(
    private readonly generator: InsightsGenerator,
    private readonly jobs: InsightsJobsRepository,
    private readonly cache: TwoTierInsightsCache,
    private readonly search: FeedbackSearchRepository,
    private readonly results: InsightsCacheRepository,
    private readonly live: LiveThemes,
    @Inject(RESULT_OVERLAY) private readonly overlay: ResultOverlay,
  ) {}

  async handle(payload: AskQuestionPayload, job: Job, context: JobContext): Promise<AskSummary> {
    const started = Date.now();
    const claimed = await this.jobs.markProcessing(payload.jobId, context.attempt);
    if (!claimed) {
      const status = await this.jobs.status(payload.jobId);
      if (status === 'completed') return { cacheKey: payload.cacheKey, tokens: 0, citations: 0, skipped: 'already-completed' };
      throw new UnrecoverableError(status ? `job is ${status}` : 'job row not found');
    }
    const progress = new AskProgressRecorder(job, this.jobs, () => context.interrupt('cancelled'), started);
    progress.report({ stage: 'retrieving', partialAnswer: '' });

    const { projectId, filters } = payload;
    const [retrieved, themes] = await Promise.all([retrieveForQuestion(this.search, projectId, payload.question, filters), this.themesOf(projectId)]);
    if (context.signal.aborted) throw new JobInterrupted(String(context.signal.reason));

    const answer = await this.generator.ask({
      userId: payload.userId,
      projectId,
      jobId: payload.jobId,
      question: payload.question,
      search: retrieved.search,
      entries: retrieved.entries,
      themes,
      // The current themes are project-wide: their counts answer a question only when it has no filters.
      themesInScope: Object.values(filters).every((value) => value === undefined || value === null),
      counter: { count: (query) => this.search.count(projectId, query, filters) },
      signal: context.signal,
      onProgress: progress.report,
    });
    await progress.settle();
    if (context.signal.aborted) throw new JobInterrupted(String(context.signal.reason));
    await this.store(payload, job, answer, started);
    this.logger.log(
      `job ${payload.jobId}: question answered with ${answer.citations.length} citations (${answer.droppedCitations} dropped, ` +
        `${answer.refusedEntries} refused), ${answer.tokensUsed} tokens, ${Date.now() - started} ms`,
    );
    return { cacheKey: payload.cacheKey, tokens: answer.tokensUsed, citations: answer.citations.length };
  }

  /**
   * The project's current themes (its latest project-wide result, as readers see it), as context:
   * each count is the stored result's (code's count of the theme's evidence) with the entries
   * assigned to the theme since, after the owner's merges and hides.
   */
  private async themesOf(projectId: string): Promise<AskContextTheme[]> {
    const view = await currentThemes({ cache: this.results, live: this.live, overlay: this.overlay }, projectId).catch(() => undefined);
    return (view?.result.themes ?? []).flatMap((t) => (t.id ? [{ id: t.id, name: t.name, kind: t.kind, count: t.count }] : []));
  }

  /** The answer stored once: the cache row and the completed job row in one statement, then Redis. */
  private async store(payload: AskQuestionPayload, job: Job, answer: AskAnswer, started: number): Promise<void> {
    const finalProgress: JobProgress = {
      stage: 'done',
      percent: 100,
      chunksDone: 0,
      chunksTotal: 0,
      tokensUsed: answer.tokensUsed,
      partialAnswer: answer.answer,
    };
    await job.updateProgress(finalProgress);
    await this.cache.putAnswer(
      {
        cacheKey: payload.cacheKey,
        projectId: payload.projectId,
        userId: payload.userId,
        filters: payload.filters,
        feedbackGeneration: payload.feedbackGeneration,
        result: answer,
      },
      (durable) =>
        this.jobs.complete(payload.jobId, {
          entry: durable,
          processingTime: Date.now() - started,
          tokensUsed: answer.tokensUsed,
          progress: finalProgress,
        }),
    );
  }
}
