import type { Job } from 'bullmq';
import type { InsightsJobsRepository, JobProgress } from '@insights/db';
import type { Progress } from '@insights/engine';

// The job row is polled by clients every 2 s; writing it more often than this buys nothing.
const ROW_WRITE_INTERVAL_MS = 250;

/**
 * Reports progress to BullMQ (Bull Board) and to the job row, and notices a cancellation made
 * through the row: the row stops accepting progress once it is cancelled.
 */
export class ProgressRecorder {
  private lastRowWrite = 0;
  private lastStage = '';
  latest: JobProgress = { stage: 'queued', percent: 0, chunksDone: 0, chunksTotal: 0, tokensUsed: 0 };

  constructor(
    private readonly job: Job,
    private readonly jobs: InsightsJobsRepository,
    private readonly onCancelled: () => void,
  ) {}

  readonly sink = async (progress: Progress): Promise<void> => {
    this.latest = { ...progress, percent: Math.round(progress.percent) };
    await this.job.updateProgress(this.latest);
    const now = Date.now();
    if (progress.stage === this.lastStage && now - this.lastRowWrite < ROW_WRITE_INTERVAL_MS) return;
    this.lastStage = progress.stage;
    this.lastRowWrite = now;
    const stillOpen = await this.jobs.setProgress(this.job.id!, this.latest);
    if (!stillOpen) this.onCancelled();
  };
}
