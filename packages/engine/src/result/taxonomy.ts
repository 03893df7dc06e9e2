import { legacyView } from './legacy.js';
import {
  MAX_THEME_IDS,
  type HiddenTheme,
  type InsightsResult,
  type InsightsTrends,
  type ResultTheme,
  type ThemeSet,
  type ThemeTrend,
  type WeekCount,
} from './result.schema.js';
import { MIN_COUNT_CHANGE, SHARE_POINTS } from './trends.js';

/** One active edit of a project's taxonomy (an `insights_theme_edits` row has these fields). */
export interface TaxonomyEdit {
  action: 'rename' | 'merge' | 'hide';
  themeId: string;
  /** The theme a merge goes into. */
  intoThemeId?: string | null;
  /** A rename's new name. */
  name?: string | null;
}

const QUOTES = 3;
const round = (value: number) => Math.round(value * 10) / 10;

/** Week counts added up by week, oldest first; `minus` subtracts (never below zero). */
function addWeeks(lists: readonly (readonly WeekCount[] | undefined)[], minus: readonly WeekCount[] = []): WeekCount[] {
  const byWeek = new Map<string, number>();
  for (const list of lists) for (const { week, count } of list ?? []) byWeek.set(week, (byWeek.get(week) ?? 0) + count);
  for (const { week, count } of minus) byWeek.set(week, (byWeek.get(week) ?? 0) - count);
  return [...byWeek]
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, count]) => ({ week, count }));
}

/**
 * Entries that more than one member of a merge cite, counted once too many each: an entry whose
 * theme set holds k members was counted k times by adding the members' counts, so k - 1 of them
 * go. Subtracting this from the members' counts (rather than adding up the theme sets) keeps
 * whatever a read added to a theme's count beforehand, such as feedback assigned since.
 */
function overlap(sets: readonly ThemeSet[], members: ReadonlySet<string>): { count: number; weekly: WeekCount[] } {
  let count = 0;
  const weekly: WeekCount[] = [];
  for (const set of sets) {
    const shared = set.themes.filter((id) => members.has(id)).length;
    if (shared < 2) continue;
    count += (shared - 1) * set.count;
    for (const week of set.weekly) weekly.push({ week: week.week, count: (shared - 1) * week.count });
  }
  return { count, weekly };
}

/**
 * The size of a merge. With theme sets (r6 results) it is exact. Without them (older results) an
 * entry cited by two members cannot be seen unless every member lists all its ids: then the ids'
 * union is exact; otherwise the members' counts are added up, at most the entries analysed (an
 * entry cited by two members may count twice), and the weeks are added up as they are.
 */
function mergedSize(result: InsightsResult, members: readonly ResultTheme[], memberIds: ReadonlySet<string>): { count: number; weekly?: WeekCount[] } {
  const sum = members.reduce((total, t) => total + t.count, 0);
  const weeks = members.some((t) => t.weekly) ? members.map((t) => t.weekly) : undefined;
  if (result.themeSets) {
    const twice = overlap(result.themeSets, memberIds);
    return { count: Math.max(0, sum - twice.count), weekly: weeks && addWeeks(weeks, twice.weekly) };
  }
  const complete = members.every((t) => !t.feedbackIdsTruncated && t.feedbackIds.length >= t.count);
  const count = complete
    ? new Set(members.flatMap((t) => t.feedbackIds)).size
    : Math.min(sum, Math.max(result.coverage.analysed, ...members.map((t) => t.count)));
  return { count, weekly: weeks && addWeeks(weeks) };
}

function mergeThemes(result: InsightsResult, root: ResultTheme, others: readonly ResultTheme[]): ResultTheme {
  const members = [root, ...others];
  const ids = [...new Set(members.flatMap((t) => t.feedbackIds))];
  const size = mergedSize(result, members, new Set(members.map((t) => t.id!)));
  const { weekly: _weekly, ...rest } = root;
  return {
    ...rest,
    count: size.count,
    feedbackIds: ids.slice(0, MAX_THEME_IDS),
    feedbackIdsTruncated: members.some((t) => t.feedbackIdsTruncated) || ids.length > MAX_THEME_IDS || size.count > Math.min(ids.length, MAX_THEME_IDS),
    quotes: [...new Set(members.flatMap((t) => t.quotes))].slice(0, QUOTES),
    ...(size.weekly ? { weekly: size.weekly } : {}),
    edited: { ...root.edited, mergedIds: [...(root.edited?.mergedIds ?? []), ...others.map((t) => t.id!)] },
  };
}

/** The theme each theme ends up in: merges applied in order, chains followed, cycles refused. */
function mergeRoots(edits: readonly TaxonomyEdit[], present: ReadonlySet<string>): Map<string, string> {
  const into = new Map<string, string>();
  const rootOf = (id: string) => {
    let current = id;
    for (let next = into.get(current); next !== undefined; next = into.get(current)) current = next;
    return current;
  };
  for (const edit of edits) {
    if (edit.action !== 'merge' || !edit.intoThemeId || !present.has(edit.themeId) || !present.has(edit.intoThemeId)) continue;
    if (into.has(edit.themeId)) continue;
    // Into itself, or into a theme already merged into this one: nothing to merge.
    if (rootOf(edit.intoThemeId) === edit.themeId) continue;
    into.set(edit.themeId, edit.intoThemeId);
  }
  const roots = new Map<string, string>();
  for (const id of into.keys()) roots.set(id, rootOf(id));
  return roots;
}

/**
 * Trends of merged themes become one (counts from the trends themselves, so the comparison stays
 * that of the stored results): the current count without entries counted twice, the previous
 * counts added up (the previous result's overlaps are not known), the share change from each
 * member's previous share. Hidden themes' trends go; renamed ones take the new name. Trends of
 * themes absent from the result (resolved ones) are left as they are.
 */
function followTrends(
  result: InsightsResult,
  trends: InsightsTrends,
  roots: ReadonlyMap<string, string>,
  finalById: ReadonlyMap<string, ResultTheme>,
  hidden: ReadonlySet<string>,
  modelNames: ReadonlyMap<string, string>,
): InsightsTrends {
  const analysed = result.coverage.analysed;
  const share = (count: number) => (analysed > 0 ? (100 * count) / analysed : 0);
  const idByName = new Map([...modelNames].map(([id, name]) => [name, id]));
  const groups = new Map<string, ThemeTrend[]>();
  const out: (ThemeTrend | { group: string })[] = [];
  for (const trend of trends.themes) {
    const id = trend.id ?? (trend.status === 'resolved' ? undefined : idByName.get(trend.name));
    if (id === undefined || !modelNames.has(id)) {
      out.push(trend);
      continue;
    }
    const root = roots.get(id) ?? id;
    if (hidden.has(root)) continue;
    if (!groups.has(root)) {
      groups.set(root, []);
      out.push({ group: root });
    }
    groups.get(root)!.push(trend);
  }
  const themes = out.map((item): ThemeTrend => {
    if (!('group' in item)) return item;
    const members = groups.get(item.group)!;
    const theme = finalById.get(item.group)!;
    const named = { ...members.find((t) => (t.id ?? idByName.get(t.name)) === item.group)!, name: theme.name };
    if (members.length === 1) return { ...members[0]!, name: theme.name };
    const ids = new Set(members.map((t) => t.id ?? idByName.get(t.name)!));
    const twice = result.themeSets ? overlap(result.themeSets, ids).count : 0;
    const count = Math.max(0, members.reduce((sum, t) => sum + t.count, 0) - twice);
    const previousCount = members.reduce((sum, t) => sum + t.previousCount, 0);
    const previousShare = members.reduce((sum, t) => sum + share(t.count) - t.shareChange, 0);
    const shareChange = round(share(count) - previousShare);
    let status: ThemeTrend['status'] = 'new';
    if (previousCount > 0) {
      const moved = Math.abs(count - previousCount) >= MIN_COUNT_CHANGE && Math.abs(shareChange) >= SHARE_POINTS;
      status = !moved ? 'steady' : shareChange > 0 ? 'growing' : 'shrinking';
    }
    return { ...named, status, count, previousCount, shareChange };
  });
  themes.sort((a, b) => Math.abs(b.shareChange) - Math.abs(a.shareChange) || a.name.localeCompare(b.name));
  const counts = { new: 0, growing: 0, steady: 0, shrinking: 0, resolved: 0 };
  for (const trend of themes) counts[trend.status]++;
  return { ...trends, themes, counts };
}

/**
 * A project's taxonomy applied to one of its results: merges (in the order made, chains followed),
 * then renames (the last one of a theme wins; `edited.modelName` keeps the model's name), then
 * hides (a hidden theme leaves every list and is named in `hiddenThemes`; merged into a hidden
 * theme, a theme is hidden with it). Every view derived from the themes follows: the per-kind
 * lists, the legacy fields (key themes, cards, recommendation lines), the themes recommendations
 * cite, and trends. Edits naming a theme the result does not have are ignored, so a taxonomy
 * applies to every later result whose themes kept their ids. The result given is not changed;
 * when no edit applies it is returned as it is.
 */
export function applyTaxonomy(result: InsightsResult, edits: readonly TaxonomyEdit[]): InsightsResult {
  const present = new Set(result.themes.flatMap((t) => (t.id ? [t.id] : [])));
  const applicable = edits.filter((e) => present.has(e.themeId) && (e.action !== 'rename' || Boolean(e.name)));
  if (applicable.length === 0) return result;

  const roots = mergeRoots(applicable, present);
  const renames = new Map<string, string>();
  const hides = new Set<string>();
  for (const edit of applicable) {
    if (edit.action === 'rename') renames.set(edit.themeId, edit.name!);
    else if (edit.action === 'hide') hides.add(edit.themeId);
  }
  const rootOf = (id: string) => roots.get(id) ?? id;
  // Hiding a theme merged into another hides nothing (the API refuses it): the theme it went into
  // shows, whatever was hidden before the merge.
  const hidden = new Set([...hides].filter((id) => !roots.has(id)));
  if (roots.size === 0 && hidden.size === 0 && ![...renames].some(([id, name]) => !roots.has(id) && name !== result.themes.find((t) => t.id === id)!.name))
    return result;

  const modelNames = new Map(result.themes.flatMap((t) => (t.id ? [[t.id, t.name] as const] : [])));
  const mergedInto = new Map<string, ResultTheme[]>();
  for (const theme of result.themes) {
    if (theme.id && roots.has(theme.id)) mergedInto.set(rootOf(theme.id), [...(mergedInto.get(rootOf(theme.id)) ?? []), theme]);
  }
  // Members listed in the order they were merged, as `edited.mergedIds` reports them.
  const mergeOrder = [...roots.keys()];
  const finals: ResultTheme[] = [];
  for (const theme of result.themes) {
    if (theme.id && roots.has(theme.id)) continue;
    let final = theme;
    const others = theme.id ? mergedInto.get(theme.id) : undefined;
    if (others)
      final = mergeThemes(
        result,
        theme,
        [...others].sort((a, b) => mergeOrder.indexOf(a.id!) - mergeOrder.indexOf(b.id!)),
      );
    const name = theme.id ? renames.get(theme.id) : undefined;
    if (name !== undefined && name !== theme.name) final = { ...final, name, edited: { ...final.edited, modelName: theme.name } };
    finals.push(final);
  }
  finals.sort((a, b) => b.count - a.count);
  const themes = finals.filter((t) => !t.id || !hidden.has(t.id));
  const hiddenThemes: HiddenTheme[] = finals.filter((t) => t.id && hidden.has(t.id)).map((t) => ({ id: t.id!, name: t.name, count: t.count }));
  const finalById = new Map(finals.flatMap((t) => (t.id ? [[t.id, t] as const] : [])));

  // Recommendations cite themes by the model's names.
  const idByModelName = new Map([...modelNames].map(([id, name]) => [name, id]));
  const recommendationsDetailed = result.recommendationsDetailed.map((rec) => {
    const names = rec.themes.flatMap((name) => {
      const id = idByModelName.get(name);
      if (id === undefined) return [name];
      const root = rootOf(id);
      return hidden.has(root) ? [] : [finalById.get(root)!.name];
    });
    return { ...rec, themes: [...new Set(names)] };
  });

  const { hiddenThemes: _earlier, ...rest } = result;
  return {
    ...rest,
    ...legacyView(themes, recommendationsDetailed, result.coverage.analysed),
    themes,
    painPoints: themes.filter((t) => t.kind === 'pain_point'),
    featureRequests: themes.filter((t) => t.kind === 'feature_request'),
    praise: themes.filter((t) => t.kind === 'praise'),
    recommendationsDetailed,
    ...(result.trends ? { trends: followTrends(result, result.trends, roots, finalById, hidden, modelNames) } : {}),
    ...(hiddenThemes.length ? { hiddenThemes } : {}),
  };
}
