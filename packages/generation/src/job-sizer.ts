import { toFeedbackFilter, type FeedbackRepository, type FeedbackScope, type InsightsFilters } from '@insights/db';
import type { JobSize } from '@insights/queue';

/**
 * Classes a scope as a small or a large job when the job is queued. A large job reads and
 * summarises up to INSIGHTS_MAX_FEEDBACK entries (minutes of LLM calls); a small one seconds'
 * worth. The class sets the job's priority and how many such jobs a worker runs at once.
 */
export class JobSizer {
  constructor(
    private readonly feedback: FeedbackRepository,
    /** Entries (after filters) from which a scope is large. */
    private readonly largeFrom: number,
  ) {}

  async classify(scope: FeedbackScope, filters: InsightsFilters): Promise<JobSize> {
    // Counting stops at the threshold: a million-entry project costs no more to class than a small one.
    const entries = await this.feedback.countUpTo(scope, toFeedbackFilter(filters), this.largeFrom);
    return entries >= this.largeFrom ? 'large' : 'small';
  }
}
