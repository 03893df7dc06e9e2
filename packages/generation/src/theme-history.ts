import { ThemeEditsRepository, ThemeHistoryRepository, type Database } from '@insights/db';
import { identitySource, insightsResultSchema, type InsightsResult, type ThemeHistory } from '@insights/engine';

export interface LoadedThemeHistory {
  history: ThemeHistory;
  /** The project's theme names for the reduce prompt: the identity source's, with owners' renames. */
  knownThemes: string[];
}

/** A stored result, when it parses as one; history is extra, so a bad one is none. */
export function parseStoredResult(json: string | null | undefined): InsightsResult | undefined {
  if (!json) return undefined;
  try {
    const parsed = insightsResultSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a run's themes are matched against and named after. The scope's previous result comes
 * with the job's claim; when it carries no theme ids (a scope's first result, or one made before
 * ids) a project's run also reads the project's newest project-wide result with ids, so a
 * filtered scope's themes take the ids the project's edits refer to. The names are that result's,
 * with the project's active renames applied and themes merged away left out.
 */
export async function loadThemeHistory(db: Database, projectId: string | null, previous: InsightsResult | undefined): Promise<LoadedThemeHistory> {
  const history: ThemeHistory = previous ? { previous } : {};
  if (projectId && !identitySource(history)) {
    for (const json of await new ThemeHistoryRepository(db).projectWideResults(projectId)) {
      const base = parseStoredResult(json);
      if (base && identitySource({ base })) {
        history.base = base;
        break;
      }
    }
  }
  const source = identitySource(history) ?? previous;
  if (!source) return { history, knownThemes: [] };
  const names = new Map(source.themes.map((t, i) => [t.id ?? `#${i}`, t.name]));
  if (projectId) {
    for (const edit of await new ThemeEditsRepository(db).active(projectId)) {
      if (!names.has(edit.themeId)) continue;
      if (edit.action === 'rename' && edit.name) names.set(edit.themeId, edit.name);
      else if (edit.action === 'merge') names.delete(edit.themeId);
    }
  }
  return { history, knownThemes: [...names.values()] };
}
