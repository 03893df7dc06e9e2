import type { InsightsCacheRepository } from '@insights/db';
import { insightsResultSchema, type InsightsResult } from '@insights/engine';

/** A project's themes as alerts and the digest see them, with when that view was made. */
export interface CurrentThemes {
  generatedAt: string;
  result: InsightsResult;
}

/**
 * The project's current view of its themes: its latest stored project-wide result (no date or
 * category filter). Theme alerts and the weekly digest read the project through this one
 * function, so counts of feedback assigned since the result and the owner's taxonomy, once they
 * are applied to reads, are applied here for both. Undefined when the project has no such result
 * or it does not parse (a result of an older shape is no view of its themes).
 */
export async function currentThemes(cache: InsightsCacheRepository, projectId: string): Promise<CurrentThemes | undefined> {
  const row = await cache.latestProjectWide(projectId);
  if (!row) return undefined;
  const parsed = insightsResultSchema.safeParse(row.result);
  if (!parsed.success) return undefined;
  return { generatedAt: parsed.data.generatedAt, result: parsed.data };
}
