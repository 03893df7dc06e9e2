import { Injectable, Logger } from '@nestjs/common';
import { TwoTierInsightsCache } from '@insights/cache';
import { ProjectPurgesRepository, type ProjectPurge } from '@insights/db';
import { InsightsQueue } from '@insights/queue';
import { normalizeId } from '../common/normalize-id.js';
import { ProjectNotices } from './project-notices.service.js';

// Rows one sweep claims per transaction; a sweep repeats until fewer are left.
const SWEEP_BATCH = 100;

/**
 * Clears what a deleted project leaves outside Postgres: its Redis cache entries, its open jobs
 * (a waiting one removed, a running one told to stop, the dedup id freed either way) and its
 * weekly digest scheduler. The trigger of migration 0007 records them before the cascade deletes
 * the rows that name them, so a delete by the existing backend's own SQL is purged like one
 * through this API. Every API process hears the notice; the row lock lets one of them do the
 * work.
 */
@Injectable()
export class ProjectPurger {
  private readonly logger = new Logger(ProjectPurger.name);
  /** This process's own delete and the notice it hears for it share one purge. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly purges: ProjectPurgesRepository,
    private readonly cache: TwoTierInsightsCache,
    private readonly queue: InsightsQueue,
    notices: ProjectNotices,
  ) {
    notices.subscribe({
      deleted: (projectId) => void this.purge(projectId),
      // Deletions made while no process listened are still recorded: sweep them on (re)connect.
      reset: (listening) => void (listening && this.sweep()),
    });
  }

  /** Purges one deleted project now (this process deleted it, or heard that it was). */
  purge(projectId: string): Promise<void> {
    const id = normalizeId(projectId);
    let purging = this.running.get(id);
    if (!purging) {
      purging = this.purges
        .claim(id, 1, (purge) => this.clear(purge))
        // Claimed by another process: it cleared the scheduler from its queue, which is this
        // one's unless the two use other Redis key prefixes on one database. Removing it again
        // is a no-op otherwise.
        .then((claimed) => (claimed === 0 ? this.queue.unscheduleDigest(id) : undefined))
        .then(
          () => undefined,
          (error: unknown) => this.failed(error),
        )
        .finally(() => this.running.delete(id));
      this.running.set(id, purging);
    }
    return purging;
  }

  /** Purges every recorded deletion. */
  async sweep(): Promise<void> {
    try {
      while ((await this.purges.claim(undefined, SWEEP_BATCH, (purge) => this.clear(purge))) === SWEEP_BATCH);
    } catch (error) {
      this.failed(error);
    }
  }

  private async clear(purge: ProjectPurge): Promise<void> {
    await this.cache.dropHot(purge.cacheKeys);
    for (const jobId of purge.jobIds) {
      await this.queue.cancel(jobId);
    }
    // Its weekly digest scheduler, if it had one (a run that still fires finds no project and
    // removes it too).
    await this.queue.unscheduleDigest(purge.projectId);
  }

  private failed(error: unknown): void {
    // The recorded row stays and is swept again on the next (re)connect; meanwhile the project's
    // entries are unreachable (reads check the project first) and its job rows are gone, so a
    // worker refuses its jobs.
    this.logger.warn(`purging deleted projects failed: ${(error as Error).message}`);
  }
}
