import { z } from 'zod';
import { priority, themeKind } from '../llm/protocol.js';

/** Ids listed per theme; `count` always carries the full number. */
export const MAX_THEME_IDS = 50;

const count = z.number().int().nonnegative();
const sentiment = z.enum(['positive', 'neutral', 'negative', 'mixed']);

/** A theme's id: kept by every later result whose theme cites the same evidence (see theme-identity.ts). */
export const THEME_ID = /^th_[0-9a-z]{10}$/;
export const themeIdSchema = z.string().regex(THEME_ID);

/** Entries created in one week (`week` is its Monday, UTC, as YYYY-MM-DD). */
export const weekCountSchema = z.object({ week: z.iso.date(), count });

/**
 * What a project's taxonomy did to a theme on the way to a reader (absent: nothing). `modelName`
 * is the name the model gave it, when an owner renamed it; `mergedIds` the themes merged into it.
 */
export const themeEditMarkSchema = z.object({
  modelName: z.string().optional(),
  mergedIds: z.array(themeIdSchema).optional(),
});

export const resultThemeSchema = z.object({
  /** Absent only on results made before theme identity (r6). */
  id: themeIdSchema.optional(),
  name: z.string().min(1),
  summary: z.string(),
  kind: themeKind,
  count,
  feedbackIds: z.array(z.string()).max(MAX_THEME_IDS),
  feedbackIdsTruncated: z.boolean(),
  quotes: z.array(z.string()).max(3),
  sentiment: sentiment.optional(),
  /** The theme's entries by the week they were written, oldest first; counted in code. */
  weekly: z.array(weekCountSchema).optional(),
  edited: themeEditMarkSchema.optional(),
});

/**
 * Bump when the result's shape changes, or what the offline analyser puts in it (its answerer
 * identity carries no version): it is part of job identity, so older results are never served
 * from the cache. r4: the offline analyser's topic themes (offline-v2). r5: `redaction`,
 * placeholders where quotes held personal data, and refused entries in coverage. r6: theme ids,
 * weekly counts, theme sets and lineage in trends; offline themes of one subject each, named as
 * people wrote it, openers and greetings read as no topic, initialisms kept and what happened to a
 * problem's subject said (offline-v4). r7: offline problems kept apart from requests and praise,
 * one subject named two ways merged (offline-v5). r8: offline boilerplate sentences left out,
 * main topics by the terms a sentence names first, entries moved to the topic they are most alike,
 * quotes the most typical (offline-v6). r9: offline themes named by what most entries name early,
 * a topic a sentence adds beside an entry's main one kept only when the entry is alike enough,
 * requests and praise split by subject only when the subjects cover at least 70 % of them
 * (offline-v7); past the naming sample, no theme's assignment bar above the median theme's.
 */
export const RESULT_VERSION = 'r9';

/** What an insight is about, finer than the dashboard's `type`. */
export const insightKindSchema = z.enum(['pain_point', 'feature_request', 'praise', 'theme', 'recommendation']);
/** The dashboard's insight types: it picks an icon by `type` and has one for these four only. */
export const dashboardInsightTypeSchema = z.enum(['theme', 'recommendation', 'alert', 'trend']);

/** The legacy dashboard's insight card. */
export const legacyInsightSchema = z.object({
  type: dashboardInsightTypeSchema,
  kind: insightKindSchema,
  title: z.string().min(1),
  description: z.string(),
  priority,
  supportingData: z.object({ count, feedbackIds: z.array(z.string()).max(MAX_THEME_IDS), quotes: z.array(z.string()) }).optional(),
});

export const recommendationSchema = z.object({
  title: z.string().min(1),
  description: z.string(),
  priority,
  themes: z.array(z.string()),
});

export const legacyStatisticsSchema = z.object({
  totalFeedback: count,
  averageRating: z.number(),
  positivePercentage: z.number(),
  negativePercentage: z.number(),
});

/** Refused entries' ids a result lists; `refused` always carries the full number. */
export const MAX_REFUSED_IDS = 200;

export const coverageSchema = z.object({
  totalFeedback: count,
  analysed: count,
  sampled: z.boolean(),
  trimmed: count,
  droppedInvalidIds: count,
  /**
   * Entries left out because the provider's content filter refused them, and their ids: the
   * result is read only by those who may read the scope's feedback, so the ids tell its owner
   * which entries to look at. Results made before r5 have neither (read as none).
   */
  refused: count.default(0),
  refusedIds: z.array(z.string()).max(MAX_REFUSED_IDS).default([]),
  /**
   * Entries the model did not read, placed in a theme by embedding similarity to the entries it
   * cited there (a scope larger than the naming sample; see docs/generation.md).
   */
  assigned: count.default(0),
});

/** How a theme moved since the previous result of the same scope. */
export const trendStatusSchema = z.enum(['new', 'growing', 'steady', 'shrinking', 'resolved']);

export const themeTrendSchema = z.object({
  /** Absent when either result predates theme identity (then themes are matched by name). */
  id: themeIdSchema.optional(),
  name: z.string().min(1),
  kind: themeKind,
  status: trendStatusSchema,
  count,
  previousCount: count,
  /** Points of share of the analysed feedback, now minus before (e.g. 4.5 = 4.5 points more). */
  shareChange: z.number(),
});

/** The difference from the previous snapshot of the same scope, computed in code. */
export const trendsSchema = z.object({
  /** The previous result's generatedAt; null for a scope's first result (nothing to compare). */
  previousGeneratedAt: z.iso.datetime().nullable(),
  themes: z.array(themeTrendSchema),
  counts: z.object({ new: count, growing: count, steady: count, shrinking: count, resolved: count }),
  /** A previous theme whose evidence went to several current themes (the first keeps its id). */
  splits: z.array(z.object({ from: themeIdSchema, into: z.array(themeIdSchema).min(2) })).default([]),
  /** Several previous themes whose evidence met in one current theme (which keeps the first's id). */
  merges: z.array(z.object({ from: z.array(themeIdSchema).min(2), into: themeIdSchema })).default([]),
});

/**
 * The analysed entries grouped by the exact set of themes that cite them, with their weeks: a
 * merge of themes is counted from these in code without the full id lists (an entry cited by two
 * merged themes counts once). Not sent to the dashboard.
 */
export const themeSetSchema = z.object({ themes: z.array(themeIdSchema).min(1), count, weekly: z.array(weekCountSchema) });

/**
 * Feedback written after the result was made and assigned to its themes since (see
 * docs/generation.md, "Living themes"): counted into each theme's `count` and `weekly`.
 */
export const liveAssignmentSchema = z.object({
  /** New entries placed in a theme or found to fit none. */
  assigned: count,
  /** New entries in scope not assigned yet. */
  pending: count,
  /** When the newest assignment was made. */
  asOf: z.iso.datetime().nullable(),
});

/** A theme an owner hid: left out of every read, listed here so it can be shown again. */
export const hiddenThemeSchema = z.object({ id: themeIdSchema, name: z.string().min(1), count });

/** Personal data replaced by placeholders before the feedback reached the model, by kind. */
export const redactionSchema = z.object({
  enabled: z.boolean(),
  replaced: z.object({ email: count, phone: count, card: count, iban: count, ip: count, url: count }),
});

/** An amount of money; every amount the service states is in US dollars, as the provider bills. */
export const moneySchema = z.object({ currency: z.literal('USD'), amount: z.number().nonnegative() });

/**
 * Tokens the result's own calls used and, when every call's model had a price, what they cost
 * (absent on results made before cost was recorded, and when a model had no price).
 */
export const resultTokensSchema = z.object({ prompt: count, completion: count, cached: count, total: count, cost: moneySchema.optional() });

export const insightsResultSchema = z.object({
  summary: z.string(),
  keyThemes: z.array(z.string()),
  recommendations: z.array(z.string()),
  insights: z.array(legacyInsightSchema),
  statistics: legacyStatisticsSchema,
  generatedAt: z.iso.datetime(),
  themes: z.array(resultThemeSchema),
  painPoints: z.array(resultThemeSchema),
  featureRequests: z.array(resultThemeSchema),
  praise: z.array(resultThemeSchema),
  recommendationsDetailed: z.array(recommendationSchema),
  stats: z.record(z.string(), z.unknown()),
  coverage: coverageSchema,
  provider: z.string().min(1),
  model: z.string().min(1),
  promptVersion: z.string().min(1),
  tokens: resultTokensSchema,
  llmCalls: count,
  memoHits: count,
  /** Absent on results made before trends existed. */
  trends: trendsSchema.optional(),
  /** Absent on results made before redaction existed. */
  redaction: redactionSchema.optional(),
  /** Absent on results made before theme identity (r6). */
  themeSets: z.array(themeSetSchema).optional(),
  /** Present on a read that counted feedback assigned since the result was made. */
  live: liveAssignmentSchema.optional(),
  /** Present on a read when the project's owner hid themes. */
  hiddenThemes: z.array(hiddenThemeSchema).optional(),
});

export type InsightsResult = z.infer<typeof insightsResultSchema>;
export type ResultTheme = z.infer<typeof resultThemeSchema>;
export type LegacyInsight = z.infer<typeof legacyInsightSchema>;
export type Recommendation = z.infer<typeof recommendationSchema>;
export type InsightsCoverage = z.infer<typeof coverageSchema>;
export type ThemeTrend = z.infer<typeof themeTrendSchema>;
export type InsightsTrends = z.infer<typeof trendsSchema>;
export type InsightsRedaction = z.infer<typeof redactionSchema>;
export type Money = z.infer<typeof moneySchema>;
export type WeekCount = z.infer<typeof weekCountSchema>;
export type ThemeSet = z.infer<typeof themeSetSchema>;
export type LiveAssignment = z.infer<typeof liveAssignmentSchema>;
export type HiddenTheme = z.infer<typeof hiddenThemeSchema>;
