import type { InsightsCacheRepository } from '@insights/db';
import { insightsResultSchema, type InsightsResult } from '@insights/engine';
import type { LiveThemes } from './live-themes.js';

/** A project's themes as alerts and the digest see them, with when that view was made. */
export interface CurrentThemes {
  generatedAt: string;
  result: InsightsResult;
}

/** What the view is made from: the stored results, the feedback assigned since, the owner's taxonomy. */
export interface ThemeViewSources {
  cache: Pick<InsightsCacheRepository, 'latestProjectWide'>;
  live?: Pick<LiveThemes, 'view'>;
  /** The project's taxonomy (the cache's ResultOverlay). */
  overlay?: { apply(projectId: string | null, result: InsightsResult): Promise<InsightsResult> };
}

/**
 * The project's current view of its themes, as a reader of its insights sees them: its latest
 * stored project-wide result (no date or category filter), with the feedback assigned to its
 * themes since counted in, then the owner's renames, merges and hides. Theme alerts and the weekly
 * digest read the project through this one function. Undefined when the project has no such
 * result or it does not parse (a result of an older shape is no view of its themes).
 */
export async function currentThemes(sources: ThemeViewSources, projectId: string): Promise<CurrentThemes | undefined> {
  const row = await sources.cache.latestProjectWide(projectId);
  if (!row) return undefined;
  const parsed = insightsResultSchema.safeParse(row.result);
  if (!parsed.success) return undefined;
  const stored = { cacheKey: row.cacheKey, projectId, filters: row.filters, result: parsed.data };
  const counted = (await sources.live?.view(stored))?.result ?? parsed.data;
  const result = sources.overlay ? await sources.overlay.apply(projectId, counted) : counted;
  return { generatedAt: parsed.data.generatedAt, result };
}
