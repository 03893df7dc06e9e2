import { z } from 'zod';
import { insightsResultSchema, type InsightsResult, type LegacyInsight, type ResultTheme } from './result.schema.js';

/** Themes a compact result lists, biggest first; the rest stay in the full result. */
export const COMPACT_THEMES = 8;
/** Evidence ids listed per theme; the rest are paged from the evidence endpoint. */
export const COMPACT_IDS = 3;
export const COMPACT_QUOTES = 2;

export const compactViewSchema = z.object({
  /** Themes in the full result; `themes` lists the first `COMPACT_THEMES` of them. */
  themesTotal: z.number().int().nonnegative(),
  idsPerTheme: z.number().int().nonnegative(),
  quotesPerTheme: z.number().int().nonnegative(),
});

/**
 * What the dashboard reads: every field of the full result except the per-kind theme lists
 * (`themes` carries each theme's `kind`) and the theme sets (counting merges is the service's), with the biggest themes only and a few ids and
 * quotes each. It is built once when a result is stored, so a cached read sends stored bytes.
 */
export const compactResultSchema = insightsResultSchema
  .omit({ painPoints: true, featureRequests: true, praise: true, themeSets: true })
  .extend({ compact: compactViewSchema });

export type CompactInsightsResult = z.infer<typeof compactResultSchema>;

function compactTheme(theme: ResultTheme): ResultTheme {
  return {
    ...theme,
    feedbackIds: theme.feedbackIds.slice(0, COMPACT_IDS),
    feedbackIdsTruncated: theme.feedbackIdsTruncated || theme.feedbackIds.length > COMPACT_IDS,
    quotes: theme.quotes.slice(0, COMPACT_QUOTES),
  };
}

function compactInsight(insight: LegacyInsight): LegacyInsight {
  if (!insight.supportingData) return insight;
  const { feedbackIds, quotes } = insight.supportingData;
  return { ...insight, supportingData: { ...insight.supportingData, feedbackIds: feedbackIds.slice(0, COMPACT_IDS), quotes: quotes.slice(0, COMPACT_QUOTES) } };
}

export function compactResult(result: InsightsResult): CompactInsightsResult {
  const { painPoints: _p, featureRequests: _f, praise: _r, themeSets: _s, ...rest } = result;
  const themes = [...result.themes].sort((a, b) => b.count - a.count).slice(0, COMPACT_THEMES);
  const listed = new Set(themes.map((t) => t.name));
  // Theme cards follow the themes listed; recommendation cards always stay.
  const insights = result.insights.filter((i) => i.type === 'recommendation' || listed.has(i.title)).map(compactInsight);
  return {
    ...rest,
    themes: themes.map(compactTheme),
    insights,
    compact: { themesTotal: result.themes.length, idsPerTheme: COMPACT_IDS, quotesPerTheme: COMPACT_QUOTES },
  };
}
