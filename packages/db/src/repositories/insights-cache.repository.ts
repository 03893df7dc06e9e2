import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { insightsCache, type InsightsCacheRow, type InsightsFilters } from '../schema.js';

export interface CacheEntryInput {
  cacheKey: string;
  scopeKey: string;
  projectId: string | null;
  userId: string;
  filters: InsightsFilters;
  feedbackGeneration: number;
  result: unknown;
  expiresAt: Date;
}

/** The durable tier's write, as a query a caller may also run inside a larger statement. */
export function cacheUpsert(db: Database, entry: CacheEntryInput) {
  return db
    .insert(insightsCache)
    .values(entry)
    .onConflictDoUpdate({
      target: insightsCache.cacheKey,
      set: { result: entry.result, expiresAt: entry.expiresAt, createdAt: sql`now()` },
    });
}

/** The durable cache tier. One row per cache key, whoever writes it and however often. */
export class InsightsCacheRepository {
  constructor(private readonly db: Database) {}

  async upsert(entry: CacheEntryInput): Promise<void> {
    await cacheUpsert(this.db, entry);
  }

  /** A live entry for the key, counting the access. */
  async hit(cacheKey: string): Promise<InsightsCacheRow | undefined> {
    const [row] = await this.db
      .update(insightsCache)
      .set({ accessCount: sql`${insightsCache.accessCount} + 1` })
      .where(and(eq(insightsCache.cacheKey, cacheKey), gt(insightsCache.expiresAt, sql`now()`)))
      .returning();
    return row;
  }

  /** The newest entry for a scope and filters, whatever its generation: served stale after new feedback. */
  async latestForScope(scopeKey: string): Promise<InsightsCacheRow | undefined> {
    const [row] = await this.db
      .select()
      .from(insightsCache)
      .where(eq(insightsCache.scopeKey, scopeKey))
      .orderBy(desc(insightsCache.feedbackGeneration), desc(insightsCache.createdAt))
      .limit(1);
    return row;
  }

  /** Every cache key of the project's results (their hot-tier bodies are dropped when its taxonomy changes). */
  async keysForProject(projectId: string): Promise<string[]> {
    const rows = await this.db.select({ cacheKey: insightsCache.cacheKey }).from(insightsCache).where(eq(insightsCache.projectId, projectId));
    return rows.map((row) => row.cacheKey);
  }

  /**
   * The newest unfiltered-or-filtered result for a project (GET /insights/:projectId). Rows the
   * existing backend left in the table (no scope key) are not results of this service's shape.
   */
  async latestForProject(projectId: string): Promise<InsightsCacheRow | undefined> {
    const [row] = await this.db
      .select()
      .from(insightsCache)
      .where(and(eq(insightsCache.projectId, projectId), ne(insightsCache.scopeKey, '')))
      .orderBy(desc(insightsCache.createdAt))
      .limit(1);
    return row;
  }

  /**
   * The newest result over all of a project's feedback (no date or category filter): the
   * project's current view of its themes, for alerts and the digest.
   */
  async latestProjectWide(projectId: string): Promise<InsightsCacheRow | undefined> {
    const [row] = await this.db
      .select()
      .from(insightsCache)
      .where(and(eq(insightsCache.projectId, projectId), ne(insightsCache.scopeKey, ''), sql`${insightsCache.filters} = '{}'::jsonb`))
      .orderBy(desc(insightsCache.createdAt))
      .limit(1);
    return row;
  }
}
