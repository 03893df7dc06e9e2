import type { InsightsResult, ResultTheme, ThemeSet, WeekCount } from './result.schema.js';

/** Assigned entries of one theme (null: assigned to none) written in one week (its Monday, UTC). */
export interface LiveTallyRow {
  themeId: string | null;
  week: string;
  count: number;
}

/** What the assignments table says about a stored result at the time of a read (one SQL statement). */
export interface LiveTally {
  rows: readonly LiveTallyRow[];
  /** New entries in the result's scope not assigned yet. */
  pending: number;
  /** When the newest assignment was made (ISO), null when none was. */
  asOf: string | null;
}

function addWeeks(weekly: readonly WeekCount[] | undefined, added: ReadonlyMap<string, number>): WeekCount[] {
  const byWeek = new Map((weekly ?? []).map((w) => [w.week, w.count]));
  for (const [week, n] of added) byWeek.set(week, (byWeek.get(week) ?? 0) + n);
  return [...byWeek.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, count]) => ({ week, count }));
}

const total = (weeks: ReadonlyMap<string, number>) => [...weeks.values()].reduce((s, n) => s + n, 0);

/**
 * The stored result as a reader sees it once feedback written since has been assigned: each
 * theme's count and weekly counts grow by the entries assigned to it (by the week they were
 * written), and so do its dashboard card (a theme's card is not a recommendation's) and its one-theme set (a merge counts from the sets);
 * `live` says how many new entries were assigned (to a theme or to none) and how many wait.
 * Pure, and counts come only from the tally: nothing is asked of a model. Rows naming a theme
 * the result does not hold count as assigned to none.
 */
export function applyLiveAssignments(result: InsightsResult, tally: LiveTally): InsightsResult {
  const known = new Set(result.themes.flatMap((t) => (t.id ? [t.id] : [])));
  const byTheme = new Map<string, Map<string, number>>();
  let assigned = 0;
  for (const row of tally.rows) {
    assigned += row.count;
    if (row.themeId === null || !known.has(row.themeId) || row.count <= 0) continue;
    const weeks = byTheme.get(row.themeId) ?? new Map<string, number>();
    weeks.set(row.week, (weeks.get(row.week) ?? 0) + row.count);
    byTheme.set(row.themeId, weeks);
  }

  const grown = (theme: ResultTheme): ResultTheme => {
    const weeks = theme.id ? byTheme.get(theme.id) : undefined;
    if (!weeks) return theme;
    return { ...theme, count: theme.count + total(weeks), ...(theme.weekly || weeks.size ? { weekly: addWeeks(theme.weekly, weeks) } : {}) };
  };
  const themes = result.themes.map(grown);
  const addedByName = new Map(themes.map((t, i) => [t.name, t.count - result.themes[i]!.count]));

  return {
    ...result,
    themes,
    painPoints: result.painPoints.map(grown),
    featureRequests: result.featureRequests.map(grown),
    praise: result.praise.map(grown),
    insights: result.insights.map((card) => {
      const added = card.kind !== 'recommendation' && card.supportingData ? addedByName.get(card.title) : undefined;
      return added ? { ...card, supportingData: { ...card.supportingData!, count: card.supportingData!.count + added } } : card;
    }),
    ...(result.themeSets ? { themeSets: growSets(result.themeSets, byTheme) } : {}),
    live: { assigned, pending: tally.pending, asOf: tally.asOf },
  };
}

/** Each assigned entry is cited by exactly one theme: it joins that theme's one-theme set. */
function growSets(sets: readonly ThemeSet[], byTheme: ReadonlyMap<string, Map<string, number>>): ThemeSet[] {
  const out = sets.map((s) => ({ ...s }));
  for (const [id, weeks] of byTheme) {
    const single = out.find((s) => s.themes.length === 1 && s.themes[0] === id);
    if (single) {
      single.count += total(weeks);
      single.weekly = addWeeks(single.weekly, weeks);
    } else out.push({ themes: [id], count: total(weeks), weekly: addWeeks([], weeks) });
  }
  return out;
}
