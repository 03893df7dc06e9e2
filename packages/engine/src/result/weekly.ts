import type { ThemeSet, WeekCount } from './result.schema.js';

const DAY_MS = 86_400_000;

/** The Monday (UTC) of the ISO week a moment falls in, as YYYY-MM-DD. */
export function weekOf(at: Date): string {
  const day = Math.floor(at.getTime() / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

/** Entries counted by week, oldest first; ids without a known date are left out. */
export function weeklyCounts(ids: Iterable<string>, created: ReadonlyMap<string, Date>): WeekCount[] {
  const byWeek = new Map<string, number>();
  for (const id of ids) {
    const at = created.get(id);
    if (!at) continue;
    const week = weekOf(at);
    byWeek.set(week, (byWeek.get(week) ?? 0) + 1);
  }
  return [...byWeek.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, count]) => ({ week, count }));
}

/**
 * The analysed entries grouped by the exact set of themes citing them (entries no theme cites are
 * left out), largest set first: a merge of themes is counted from these without the id lists.
 */
export function themeSetsOf(themes: readonly { id: string; ids: readonly string[] }[], created: ReadonlyMap<string, Date>): ThemeSet[] {
  const citing = new Map<string, string[]>();
  for (const theme of themes) {
    for (const id of new Set(theme.ids)) {
      const list = citing.get(id);
      if (list) list.push(theme.id);
      else citing.set(id, [theme.id]);
    }
  }
  const bySet = new Map<string, { themes: string[]; ids: string[] }>();
  for (const [entry, ids] of citing) {
    const themeIds = [...new Set(ids)].sort();
    const key = themeIds.join(' ');
    const group = bySet.get(key);
    if (group) group.ids.push(entry);
    else bySet.set(key, { themes: themeIds, ids: [entry] });
  }
  return [...bySet.values()]
    .map((g) => ({ themes: g.themes, count: g.ids.length, weekly: weeklyCounts(g.ids, created) }))
    .sort((a, b) => b.count - a.count || (a.themes.join(' ') < b.themes.join(' ') ? -1 : 1));
}
