import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client.js';
import { insightsProjectPurges, type ProjectPurge } from '../schema.js';

/** Purges recorded by the `project_deleted_purge` trigger (migration 0007), shared out among API processes. */
export class ProjectPurgesRepository {
  constructor(private readonly db: Database) {}

  /**
   * Runs `work` on up to `limit` recorded purges (only `projectId`'s when given), oldest first.
   * The rows stay locked meanwhile, so a sweep skips them rather than repeat the work, and a
   * claim of one project waits for whoever holds it: when it returns, that project is purged.
   * A row is removed only when its work succeeded, so a failed one is tried again later.
   * Returns how many were done.
   */
  async claim(projectId: string | undefined, limit: number, work: (purge: ProjectPurge) => Promise<void>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(insightsProjectPurges)
        .where(projectId ? eq(insightsProjectPurges.projectId, projectId) : undefined)
        .orderBy(asc(insightsProjectPurges.deletedAt))
        .limit(limit)
        .for('update', projectId ? {} : { skipLocked: true });
      const done: string[] = [];
      for (const row of rows) {
        try {
          await work(row);
          done.push(row.projectId);
        } catch {
          // Left for the next sweep.
        }
      }
      if (done.length) await tx.delete(insightsProjectPurges).where(inArray(insightsProjectPurges.projectId, done));
      return done.length;
    });
  }
}
