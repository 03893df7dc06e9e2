import type { Job } from 'bullmq';
import type { InsightsJobsRepository, JobProgress } from '@insights/db';
import type { Progress } from '@insights/engine';

// The job row is polled by clients every 2 s; live viewers follow BullMQ's progress events
// instead, so a row write more than once a second buys nothing. A job that ends within a
// second writes none: its claim and its completion say all there is.
const ROW_WRITE_INTERVAL_MS = 1_000;

/**
 * Reports progress to BullMQ (Bull Board, live events) and, at most once a second, to the job
 * row, and notices a cancellation made through the row: the row stops accepting progress once
 * it is cancelled (a cancellation also reaches the worker through the queue, at once).
 */
export class ProgressRecorder {
  latest: JobProgress = { stage: 'queued', percent: 0, chunksDone: 0, chunksTotal: 0, tokensUsed: 0 };

  constructor(
    private readonly job: Job,
    private readonly jobs: InsightsJobsRepository,
    private readonly onCancelled: () => void,
    /** When the row was last written: the claim that started the job. */
    private lastRowWrite = Date.now(),
  ) {}

  readonly sink = async (progress: Progress): Promise<void> => {
    this.latest = { ...progress, percent: Math.round(progress.percent) };
    await this.job.updateProgress(this.latest);
    const now = Date.now();
    if (now - this.lastRowWrite < ROW_WRITE_INTERVAL_MS) return;
    this.lastRowWrite = now;
    const stillOpen = await this.jobs.setProgress(this.job.id!, this.latest);
    if (!stillOpen) this.onCancelled();
  };
}
