import { identitySource, insightsResultSchema, type InsightsResult, type ThemeHistory } from '@insights/engine';

/** A theme edit as the job's claim returns it (see StartedJob in @insights/db). */
export interface ClaimedThemeEdit {
  action: 'rename' | 'merge' | 'hide';
  themeId: string;
  intoThemeId: string | null;
  name: string | null;
}

/** What the claim of a job returns for theme identity. */
export interface ClaimedHistory {
  previousResultJson: string | null;
  projectResultJson?: string | null;
  themeEditsJson?: string | null;
}

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

/** Theme edits as the claim or the completion of a job returns them (a JSON array); none when unreadable. */
export function parseThemeEdits(json: string | null | undefined): ClaimedThemeEdit[] {
  if (!json) return [];
  try {
    const edits: unknown = JSON.parse(json);
    return Array.isArray(edits) ? (edits as ClaimedThemeEdit[]).filter((e) => e && typeof e.themeId === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * What a run's themes are matched against and named after, from what the job's claim returned
 * (one statement, see ADR 0012). The scope's previous result lends its ids when it has them;
 * otherwise the project's newest project-wide result does, so a filtered scope's themes take the
 * ids the project's edits refer to. The names are that result's, with the project's active
 * renames applied and themes merged away left out.
 */
export function themeHistoryFrom(claimed: ClaimedHistory): LoadedThemeHistory {
  const previous = parseStoredResult(claimed.previousResultJson);
  const history: ThemeHistory = previous ? { previous } : {};
  if (!identitySource(history)) {
    const base = parseStoredResult(claimed.projectResultJson);
    if (base && identitySource({ base })) history.base = base;
  }
  const source = identitySource(history) ?? previous;
  if (!source) return { history, knownThemes: [] };
  const names = new Map(source.themes.map((t, i) => [t.id ?? `#${i}`, t.name]));
  for (const edit of parseThemeEdits(claimed.themeEditsJson)) {
    if (!names.has(edit.themeId)) continue;
    if (edit.action === 'rename' && edit.name) names.set(edit.themeId, edit.name);
    else if (edit.action === 'merge') names.delete(edit.themeId);
  }
  return { history, knownThemes: [...names.values()] };
}
