import type { Coverage } from '../chunking/sampling.js';
import { stripControl } from '../chunking/tokens.js';
import type { StatsSnapshot } from '../ports.js';
import type { RedactionSummary } from '../redaction/redaction-tally.js';
import { legacyView } from './legacy.js';
import {
  insightsResultSchema,
  MAX_THEME_IDS,
  type InsightsResult,
  type Recommendation,
  type ResultTheme,
  type ThemeSet,
  type WeekCount,
} from './result.schema.js';
import { listedIds } from './theme-identity.js';

export interface ThemeDraft {
  /** The theme's id (see theme-identity.ts); absent only when a caller builds a result without identity. */
  id?: string;
  name: string;
  summary: string;
  kind: ResultTheme['kind'];
  /** The full number of supporting entries; `feedbackIds` may list fewer. */
  count: number;
  feedbackIds: readonly string[];
  quotes: readonly string[];
  sentiment?: ResultTheme['sentiment'];
  weekly?: readonly WeekCount[];
}

export interface ResultDraft {
  summary: string;
  themes: readonly ThemeDraft[];
  recommendations: readonly Recommendation[];
  statistics: StatsSnapshot;
  coverage: Coverage;
  provider: string;
  model: string;
  promptVersion: string;
  tokens: { prompt: number; completion: number; cached: number };
  llmCalls: number;
  memoHits: number;
  redaction?: RedactionSummary;
  themeSets?: readonly ThemeSet[];
  generatedAt: Date;
}

// Model text is shown in a browser and stored as JSON; control characters only cause trouble.
const clean = (text: string) => stripControl(text).trim();
const finite = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

function toTheme(draft: ThemeDraft): ResultTheme {
  const ids = [...new Set(draft.feedbackIds)];
  return {
    ...(draft.id ? { id: draft.id } : {}),
    name: clean(draft.name) || 'Untitled theme',
    summary: clean(draft.summary),
    kind: draft.kind,
    count: Math.max(draft.count, ids.length),
    // A stable hash sample, not the first ids: the next result matches its themes against it.
    feedbackIds: listedIds(ids, MAX_THEME_IDS),
    feedbackIdsTruncated: ids.length > MAX_THEME_IDS || draft.count > MAX_THEME_IDS,
    quotes: [...new Set(draft.quotes.map(clean).filter(Boolean))].slice(0, 3),
    ...(draft.sentiment ? { sentiment: draft.sentiment } : {}),
    ...(draft.weekly ? { weekly: [...draft.weekly] } : {}),
  };
}

function toRecommendation(rec: Recommendation): Recommendation {
  return {
    ...rec,
    title: clean(rec.title) || 'Recommendation',
    description: clean(rec.description),
    themes: rec.themes.map(clean),
  };
}

/** Assembles and validates the stored result; throws if anything would break its consumers. */
export function buildInsightsResult(draft: ResultDraft): InsightsResult {
  const themes = draft.themes.map(toTheme).sort((a, b) => b.count - a.count);
  const recs = draft.recommendations.map(toRecommendation);
  const s = draft.statistics;
  const { prompt, completion, cached } = draft.tokens;
  return insightsResultSchema.parse({
    summary: clean(draft.summary),
    ...legacyView(themes, recs, draft.coverage.analysed),
    statistics: {
      totalFeedback: Math.max(0, Math.round(finite(s.totalFeedback))),
      averageRating: finite(s.averageRating),
      positivePercentage: finite(s.positivePercentage),
      negativePercentage: finite(s.negativePercentage),
    },
    generatedAt: draft.generatedAt.toISOString(),
    themes,
    painPoints: themes.filter((t) => t.kind === 'pain_point'),
    featureRequests: themes.filter((t) => t.kind === 'feature_request'),
    praise: themes.filter((t) => t.kind === 'praise'),
    recommendationsDetailed: recs,
    stats: { ...s },
    coverage: draft.coverage,
    provider: draft.provider,
    model: draft.model,
    promptVersion: draft.promptVersion,
    tokens: { prompt, completion, cached, total: prompt + completion },
    llmCalls: draft.llmCalls,
    memoHits: draft.memoHits,
    ...(draft.redaction ? { redaction: draft.redaction } : {}),
    ...(draft.themeSets ? { themeSets: draft.themeSets } : {}),
  });
}
