export { scoreSentiment, type ScoredSentiment } from './nlp/sentiment.js';
export { prng } from './nlp/random.js';
export { findTopics, unitVector, cosine as unitCosine, type Topic, type TopicDoc } from './nlp/topics.js';
export * from './llm/protocol.js';

// Entry point: runInsights({ mode: 'llm', source, provider, memo, ledger, statistics, options })
// or runInsights({ mode: 'offline', source, statistics, options }); both resolve to InsightsResult.
export { runInsights, type RunInsightsInput } from './run-insights.js';
export { generateInsights, DEFAULT_GENERATE_OPTIONS, type GenerateInsightsInput, type GenerateOptions } from './pipeline/generate-insights.js';
export {
  analyseOffline,
  DEFAULT_OFFLINE_OPTIONS,
  OFFLINE_MODEL,
  OFFLINE_PROVIDER,
  type AnalyseOfflineInput,
  type OfflineOptions,
  themesOfEntries,
} from './providers/offline/offline-analyser.js';
export type { OfflineTheme } from './providers/offline/select-themes.js';

export type * from './ports.js';
export { arraySource, InMemoryCallLedger, InMemoryChunkMemo, InMemoryRefusalMemo } from './in-memory.js';

export { GlmProvider, GLM_DEFAULT_BASE_URL, glmIdentity, type GlmProviderConfig } from './providers/glm.provider.js';
export {
  cosine,
  GLM_DEFAULT_EMBEDDING_DIMENSIONS,
  GLM_EMBEDDING_DIMENSIONS,
  GLM_EMBEDDING_MAX_BATCH,
  GLM_EMBEDDING_MODEL,
  GlmEmbeddingProvider,
  glmEmbeddingIdentity,
  type GlmEmbeddingProviderConfig,
} from './providers/glm-embedding.provider.js';
export { classifyLlmError, isLlmError, LlmError, parseRetryAfter, type LlmErrorKind } from './providers/llm-error.js';

export * from './result/result.schema.js';
export { buildInsightsResult, type ResultDraft, type ThemeDraft } from './result/result.builder.js';
export { compactResult, compactResultSchema, COMPACT_IDS, COMPACT_QUOTES, COMPACT_THEMES, type CompactInsightsResult } from './result/compact.js';
export { compareResults, MIN_COUNT_CHANGE, SHARE_POINTS, type Lineage } from './result/trends.js';
export { applyTaxonomy, type TaxonomyEdit } from './result/taxonomy.js';
export { LINK_SHARE, listedIds, matchThemes, newThemeId, type IdentityInput, type PreviousTheme, type ThemeLineage } from './result/theme-identity.js';
export { identifyThemes, identitySource, type IdentifiedThemes, type ThemeHistory } from './result/identify-themes.js';
export { themeSetsOf, weekOf, weeklyCounts } from './result/weekly.js';

export { estimateTokens, stripControl, trimEntry } from './chunking/tokens.js';
export { chunkEntries, chunkHash, ChunkBuilder, type Chunk } from './chunking/chunker.js';
export { prepareEntry, type PreparedEntry } from './chunking/entry.js';
export { Sampler, type Coverage } from './chunking/sampling.js';
export { hashFraction } from './chunking/hash.js';
export { PROGRESS_SPAN } from './pipeline/progress.js';
export * from './redaction/index.js';
export { applyLiveAssignments, type LiveTally, type LiveTallyRow } from './result/live.js';
export {
  assignNewFeedback,
  fromAssignAnswer,
  themeRef,
  DEFAULT_LIVE_ASSIGN_OPTIONS,
  type LiveAssignInput,
  type LiveAssignOptions,
  type LiveAssignReport,
  type LiveAssignment,
  type LiveTheme,
  type NewEntry,
} from './pipeline/live-assign.js';
export { ThemeMatcher, type MatchableTheme } from './providers/offline/theme-matcher.js';
export { extractTerms, type TermHit } from './providers/offline/term-extractor.js';
export { buildAssignPrompt } from './prompts/assign.prompt.js';
export {
  detectThemeAlerts,
  BASELINE_WEEKS,
  MIN_BASELINE_WEEKS,
  MIN_SPIKE_COUNT,
  MIN_INCREASE,
  SPIKE_RATIO,
  SPREAD_MULTIPLE,
  MIN_SHARE_POINTS,
  MIN_SHARE_WEEK_TOTAL,
  type ThemeAlert,
  type ThemeAlertKind,
  type AlertInput,
  type AlertOptions,
} from './result/alerts.js';
export {
  buildDigest,
  digestMessage,
  renderThemeAlert,
  slackEscape,
  slackSafe,
  DIGEST_MOVERS,
  DIGEST_NEW_THEMES,
  DIGEST_MIN_CHANGE,
  type Digest,
  type DigestInput,
  type DigestMover,
  type DigestNewTheme,
  type ThemeAlertMessageInput,
} from './result/digest.js';
export { addWeeks } from './result/weeks.js';
export * from './ask/index.js';
export { buildAskPrompt, ASK_TASK, questionFence, contextFence } from './prompts/ask.prompt.js';
