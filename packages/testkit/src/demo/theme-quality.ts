import type { InsightsResult, ResultTheme } from '@insights/engine';
import type { LabelledSet, PlantedTheme } from './labelled-feedback.js';

/** The quality targets insights are held to (issues: insight quality, measured; living themes). */
export const QUALITY_TARGETS = {
  /** Planted themes found, at least; labels naming their subject, at least. */
  recall: 0.9,
  /**
   * Relative count error, at most: the median over every planted theme is the target the
   * living-themes issue sets; every found theme within it is the stricter rule also reported.
   */
  countError: 0.1,
  /** Analysed entries in catch-all themes, at most. */
  catchAllShare: 0.1,
} as const;

/**
 * Whether a result meets the targets as the living-themes issue states them: recall, the median
 * count error, labels naming the subject, catch-all themes; and every quote from its own theme,
 * no entry in another script cited under a theme it does not carry.
 */
export function meetsTargets(report: QualityReport): boolean {
  return (
    report.recall >= QUALITY_TARGETS.recall &&
    report.medianCountError <= QUALITY_TARGETS.countError &&
    report.labelsNamingSubject >= QUALITY_TARGETS.recall &&
    report.catchAllShare <= QUALITY_TARGETS.catchAllShare &&
    report.quotesOnTheme === 1 &&
    report.nonLatinMiscited === 0
  );
}

/** The stricter count rule: every planted theme found, each count within the target. */
export const everyCountWithin = (report: QualityReport): boolean => report.recall === 1 && report.maxCountError <= QUALITY_TARGETS.countError;

// Names that say nothing about what the feedback is about.
const GENERIC_NAME = /^(general|other|misc\w*|various|mixed|team)\b|^(feedback|feedback requests?|requests?|problems?|praise)$/i;
// A theme belongs to the planted theme most of its cited entries carry, if at least this many do.
const CARRIER_SHARE = 0.5;

export interface ThemeVerdict {
  theme: ResultTheme;
  /** The planted theme most of its cited entries carry, when at least half of them do. */
  carrier?: PlantedTheme;
  /** Cited entries that carry the carrier. */
  citedOnTheme: number;
  catchAll: boolean;
  /** Quotes found in an entry that carries the carrier. */
  quotesOnTheme: number;
}

export interface PlantedVerdict {
  planted: PlantedTheme;
  truth: number;
  /** The largest theme carried by it; further ones are duplicates. */
  matched?: ThemeVerdict;
  duplicates: number;
  countError?: number;
  labelNamesSubject: boolean;
}

export interface QualityReport {
  planted: PlantedVerdict[];
  themes: ThemeVerdict[];
  recall: number;
  precision: number;
  /** Mean and worst relative count error over the planted themes found. */
  meanCountError: number;
  maxCountError: number;
  /** Median relative count error over every planted theme, one not found counting as 100 %. */
  medianCountError: number;
  labelsNamingSubject: number;
  catchAllShare: number;
  /** Over all themes with a carrier: cited ids that carry it, quotes from its entries. */
  citedOnTheme: number;
  quotesOnTheme: number;
  /** Translated entries in non-Latin scripts cited under a theme they do not carry. */
  nonLatinMiscited: number;
  nonLatinCited: number;
}

const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

function median(values: readonly number[]): number {
  if (values.length === 0) return 1;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Scores a result against the planted themes and truth of the labelled set it was made from. */
export function scoreThemes(result: InsightsResult, set: LabelledSet): QualityReport {
  const byId = new Map(set.entries.map((e) => [e.item.id, e]));
  const verdicts: ThemeVerdict[] = result.themes.map((theme) => {
    const carried = new Map<string, number>();
    for (const id of theme.feedbackIds) for (const t of byId.get(id)?.themes ?? []) carried.set(t, (carried.get(t) ?? 0) + 1);
    const [top, count] = [...carried.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['', 0];
    const carrier = count >= theme.feedbackIds.length * CARRIER_SHARE ? set.planted.find((p) => p.id === top) : undefined;
    const carrierTexts = carrier ? set.entries.filter((e) => e.themes.includes(carrier.id)).map((e) => e.item.text) : [];
    return {
      theme,
      ...(carrier ? { carrier } : {}),
      citedOnTheme: carrier ? count : 0,
      catchAll: !carrier || GENERIC_NAME.test(theme.name.trim()),
      quotesOnTheme: theme.quotes.filter((q) => carrierTexts.some((t) => t.includes(q.replace(/…$/, '')))).length,
    };
  });

  const planted: PlantedVerdict[] = set.planted.map((p) => {
    const truth = set.truth.get(p.id) ?? 0;
    const mine = verdicts.filter((v) => !v.catchAll && v.carrier === p).sort((a, b) => b.theme.count - a.theme.count);
    const matched = mine[0];
    return {
      planted: p,
      truth,
      ...(matched ? { matched, countError: Math.abs(matched.theme.count - truth) / Math.max(1, truth) } : {}),
      duplicates: Math.max(0, mine.length - 1),
      labelNamesSubject: matched !== undefined && p.names.test(matched.theme.name),
    };
  });

  const found = planted.filter((p) => p.matched);
  const errors = found.map((p) => p.countError!);
  const carried = verdicts.filter((v) => v.carrier);
  const cited = carried.reduce((s, v) => s + v.theme.feedbackIds.length, 0);
  const quotes = carried.reduce((s, v) => s + v.theme.quotes.length, 0);
  const nonLatin = new Set(set.entries.filter((e) => e.shape === 'translated' && NON_LATIN.test(e.item.text)).map((e) => e.item.id));
  let nonLatinCited = 0;
  let nonLatinMiscited = 0;
  for (const v of verdicts) {
    for (const id of v.theme.feedbackIds) {
      if (!nonLatin.has(id)) continue;
      nonLatinCited++;
      if (!v.carrier || !byId.get(id)!.themes.includes(v.carrier.id)) nonLatinMiscited++;
    }
  }
  return {
    planted,
    themes: verdicts,
    recall: found.length / planted.length,
    precision: verdicts.length === 0 ? 0 : found.length / verdicts.length,
    meanCountError: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : 1,
    maxCountError: errors.length ? Math.max(...errors) : 1,
    medianCountError: median(planted.map((p) => p.countError ?? 1)),
    labelsNamingSubject: found.filter((p) => p.labelNamesSubject).length / planted.length,
    catchAllShare: verdicts.filter((v) => v.catchAll).reduce((s, v) => s + v.theme.count, 0) / Math.max(1, result.coverage.analysed),
    citedOnTheme: cited === 0 ? 0 : carried.reduce((s, v) => s + v.citedOnTheme, 0) / cited,
    quotesOnTheme: quotes === 0 ? 1 : carried.reduce((s, v) => s + v.quotesOnTheme, 0) / quotes,
    nonLatinMiscited,
    nonLatinCited,
  };
}
