import { randomUUID } from 'node:crypto';
import { addWeeks, buildInsightsResult, weekOf, type InsightsResult, type ResultTheme, type ThemeTrend } from '@insights/engine';
import type { DatabaseHandle } from '@insights/db';
import { resultDraft } from './result-draft.js';

export interface PlantedTheme {
  id: string;
  name: string;
  kind?: ResultTheme['kind'];
  quotes?: string[];
  /** Entries per week, oldest first; the last is the week holding `now`. */
  weeks: number[];
  /** Its trend against the previous result, when it has one. */
  status?: ThemeTrend['status'];
}

/**
 * A stored result whose themes carry ids and weekly counts as the tests plant them: the last
 * count of each theme falls in the week holding `now`, the ones before in the weeks before it.
 */
export function plantedResult(themes: readonly PlantedTheme[], now = new Date()): InsightsResult {
  const current = weekOf(now);
  const result = buildInsightsResult(
    resultDraft({
      generatedAt: now,
      themes: themes.map((t) => ({
        name: t.name,
        summary: '',
        kind: t.kind ?? 'pain_point',
        count: t.weeks.reduce((a, b) => a + b, 0),
        feedbackIds: [],
        quotes: t.quotes ?? [],
      })),
    }),
  );
  // The builder orders themes its own way: each is matched back to its plant by name.
  result.themes = result.themes.map((theme) => {
    const planted = themes.find((t) => t.name.trim() === theme.name)!;
    const weekly = planted.weeks.map((count, w) => ({ week: addWeeks(current, w - planted.weeks.length + 1), count })).filter((w) => w.count > 0);
    return { ...theme, id: planted.id, weekly };
  });
  const withStatus = themes.filter((t) => t.status);
  if (withStatus.length) {
    result.trends = {
      previousGeneratedAt: addWeeks(current, -1) + 'T00:00:00.000Z',
      themes: withStatus.map((t) => {
        const count = t.weeks.reduce((a, b) => a + b, 0);
        return { id: t.id, name: t.name, kind: t.kind ?? 'pain_point', status: t.status!, count, previousCount: 0, share: 0, previousShare: 0, shareChange: 0 };
      }),
      counts: { new: 0, growing: 0, steady: 0, shrinking: 0, resolved: 0 },
      splits: [],
      merges: [],
    };
  }
  return result;
}

/**
 * Stores `result` as the project's newest project-wide result (no filters), as a generation
 * would; `createdAt` later than now keeps it the newest while a test runs a generation beside it.
 */
export async function storeProjectResult(db: DatabaseHandle, projectId: string, result: InsightsResult, createdAt = new Date()): Promise<void> {
  const key = randomUUID().replaceAll('-', '');
  await db.pool.query(
    `insert into insights_cache (project_id, user_id, cache_key, scope_key, result, filters, feedback_generation, expires_at, created_at)
     select id, user_id, $2, $3, $4::jsonb, '{}'::jsonb, feedback_generation, now() + interval '1 day', $5 from projects where id = $1`,
    [projectId, `planted-${key}`, `planted-${key}`.slice(0, 64), JSON.stringify(result), createdAt],
  );
}
