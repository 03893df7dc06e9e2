import type { InsightsResult, ResultTheme, WeekCount } from './result.schema.js';
import { weekOf } from './weekly.js';
import { addWeeks } from './weeks.js';

/**
 * Theme alerts: which themes of a project's current view moved enough this week to tell its
 * owner at once. Pure and counted in code from the themes' weekly counts (never from a model).
 *
 * A spike compares the current week (the one holding `now`; it may be partial, so counts only
 * grow during the week and an alert fires the first time the week crosses the line) with the
 * theme's own baseline: the weeks before it, up to {@link BASELINE_WEEKS}, counted from the first
 * week the project has data for (earlier weeks are unknown, not zero).
 */

/**
 * Eight weeks: two months is long enough for a mean that one odd week does not move much, and
 * short enough that a theme which slowly grew last quarter is judged by its present level.
 */
export const BASELINE_WEEKS = 8;
/** With fewer earlier weeks there is no baseline to jump past: such a theme is new, not spiking. */
export const MIN_BASELINE_WEEKS = 2;
/**
 * The floor that keeps small numbers quiet: a week needs at least this many entries in the theme
 * (1 → 3 triples a tiny theme and means nothing), and at least {@link MIN_INCREASE} more than
 * its baseline mean.
 */
export const MIN_SPIKE_COUNT = 5;
export const MIN_INCREASE = 3;
/** This week at least double the baseline mean: a jump a reader sees as one without a chart. */
export const SPIKE_RATIO = 2;
/**
 * And at least this many spreads above the mean. The spread is the baseline's standard
 * deviation, but never below √mean (the spread of a steady Poisson count of that size) nor 1: a
 * baseline of eight identical weeks has no spread of its own, and a theme's weekly count is a
 * count of independent arrivals. Three spreads is the usual "not by chance" line; with √mean it
 * is about a 1-in-700 week for a theme that did not change.
 */
export const SPREAD_MULTIPLE = 3;
/**
 * Share spikes: the theme's share of the week's themed feedback at least double its baseline
 * share and at least ten points above it, in a week of at least {@link MIN_SHARE_WEEK_TOTAL}
 * themed entries (shares of a handful of entries swing by tens of points on their own).
 */
export const MIN_SHARE_POINTS = 10;
export const MIN_SHARE_WEEK_TOTAL = 20;

export type ThemeAlertKind = 'spike' | 'new';

export interface ThemeAlert {
  themeId: string;
  kind: ThemeAlertKind;
  /** The week's Monday, YYYY-MM-DD. */
  week: string;
  /** The theme's entries this week (spike) or in all (new). */
  count: number;
  /** What was compared: stored with the alert row and sent under `insights`. */
  details: {
    by?: ('count' | 'share')[];
    baselineWeeks?: number;
    baselineMean?: number;
    baselineSpread?: number;
    share?: number;
    baselineShare?: number;
    minNewThemeSize?: number;
  };
}

export interface AlertOptions {
  now: Date;
  /** A theme whose trend is `new` alerts once it holds at least this many entries. */
  minNewThemeSize: number;
}

/** The parts of a result detection reads. */
export type AlertInput = Pick<InsightsResult, 'themes' | 'trends' | 'themeSets'>;

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

function countsByWeek(weekly: readonly WeekCount[] | undefined): Map<string, number> {
  const byWeek = new Map<string, number>();
  for (const { week, count } of weekly ?? []) byWeek.set(week, (byWeek.get(week) ?? 0) + count);
  return byWeek;
}

/**
 * Entries per week across the themes: from the theme sets when the result has them (an entry
 * cited by two themes counts once), else the sum of the themes' weekly counts.
 */
function weekTotals(input: AlertInput): Map<string, number> {
  const totals = new Map<string, number>();
  const series = input.themeSets?.length ? input.themeSets.map((s) => s.weekly) : input.themes.map((t) => t.weekly ?? []);
  for (const weekly of series) for (const { week, count } of weekly) totals.set(week, (totals.get(week) ?? 0) + count);
  return totals;
}

/** The alerts the themes call for this week, spikes first, each theme at most once per kind. */
export function detectThemeAlerts(input: AlertInput, options: AlertOptions): ThemeAlert[] {
  const week = weekOf(options.now);
  const totals = weekTotals(input);
  const known = [...totals.keys()].filter((w) => w < week).sort();
  const firstWeek = known[0];
  const baselineWeeks: string[] = [];
  if (firstWeek) {
    for (let n = 1; n <= BASELINE_WEEKS; n++) {
      const w = addWeeks(week, -n);
      if (w < firstWeek) break;
      baselineWeeks.unshift(w);
    }
  }
  const newIds = new Set((input.trends?.themes ?? []).filter((t) => t.status === 'new').map((t) => t.id ?? `name:${t.name}`));
  const isNew = (theme: ResultTheme) => Boolean(theme.id && (newIds.has(theme.id) || newIds.has(`name:${theme.name}`)));
  const alerts: ThemeAlert[] = [];
  for (const theme of input.themes) {
    // A new theme was absent from the previous result: its earlier weeks are no baseline of
    // its own, and it is announced by its size below, once, not also as a spike.
    if (!theme.id || isNew(theme)) continue;
    const spike = spikeOf(theme, week, baselineWeeks, totals);
    if (spike) alerts.push({ themeId: theme.id, kind: 'spike', week, count: spike.count, details: spike.details });
  }
  for (const theme of input.themes) {
    if (!theme.id || !isNew(theme)) continue;
    if (theme.count < options.minNewThemeSize) continue;
    alerts.push({ themeId: theme.id, kind: 'new', week, count: theme.count, details: { minNewThemeSize: options.minNewThemeSize } });
  }
  return alerts;
}

function spikeOf(theme: ResultTheme, week: string, baselineWeeks: readonly string[], totals: Map<string, number>) {
  if (baselineWeeks.length < MIN_BASELINE_WEEKS) return undefined;
  const byWeek = countsByWeek(theme.weekly);
  const count = byWeek.get(week) ?? 0;
  if (count < MIN_SPIKE_COUNT) return undefined;
  const baseline = baselineWeeks.map((w) => byWeek.get(w) ?? 0);
  const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
  const variance = baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / baseline.length;
  const spread = Math.max(Math.sqrt(variance), Math.sqrt(mean), 1);
  const by: ('count' | 'share')[] = [];
  if (count - mean >= MIN_INCREASE && count >= SPIKE_RATIO * mean && count - mean >= SPREAD_MULTIPLE * spread) by.push('count');

  const weekTotal = totals.get(week) ?? 0;
  const baselineTotal = baselineWeeks.reduce((a, w) => a + (totals.get(w) ?? 0), 0);
  const share = weekTotal > 0 ? (100 * count) / weekTotal : 0;
  // Pooled over the baseline weeks: steadier than the mean of weekly shares when weeks differ in size.
  const baselineShare = baselineTotal > 0 ? (100 * baseline.reduce((a, b) => a + b, 0)) / baselineTotal : 0;
  if (weekTotal >= MIN_SHARE_WEEK_TOTAL && share >= SPIKE_RATIO * baselineShare && share - baselineShare >= MIN_SHARE_POINTS) by.push('share');

  if (by.length === 0) return undefined;
  return {
    count,
    details: {
      by,
      baselineWeeks: baselineWeeks.length,
      baselineMean: round(mean),
      baselineSpread: round(spread),
      share: round(share, 1),
      baselineShare: round(baselineShare, 1),
    },
  };
}
