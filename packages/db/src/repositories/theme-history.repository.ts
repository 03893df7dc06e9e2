import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { insightsCache } from '../schema.js';

/** Stored results looked at for a project's newest project-wide one (the newest rows of any scope). */
const LOOK_BACK = 20;

/** The results theme identity reads when a scope has no previous result of its own. */
export class ThemeHistoryRepository {
  constructor(private readonly db: Database) {}

  /**
   * The project's newest unfiltered results, newest first, as stored JSON text (the caller
   * parses and picks one with theme ids). Rows the existing backend left (no scope key) are not
   * results of this service's shape.
   */
  async projectWideResults(projectId: string): Promise<string[]> {
    const rows = await this.db
      .select({ result: sql<string>`${insightsCache.result}::text` })
      .from(insightsCache)
      .where(
        and(
          eq(insightsCache.projectId, projectId),
          ne(insightsCache.scopeKey, ''),
          sql`coalesce(${insightsCache.filters}->>'startDate', '') = ''`,
          sql`coalesce(${insightsCache.filters}->>'endDate', '') = ''`,
          sql`coalesce(${insightsCache.filters}->>'category', '') = ''`,
        ),
      )
      .orderBy(desc(insightsCache.createdAt))
      .limit(LOOK_BACK);
    return rows.map((r) => r.result);
  }
}
