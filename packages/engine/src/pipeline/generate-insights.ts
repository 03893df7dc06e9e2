import { PROMPT_VERSION, STAND_IN_PREFIX } from '../llm/protocol.js';
import type { CallLedger, ChatProvider, ChunkMemo, EmbeddingProvider, FeedbackSource, ProgressSink, RefusalMemo, StatsSnapshot } from '../ports.js';
import { DEFAULT_REDACTION, REDACTION_VERSION, Redactor, type RedactionSettings } from '../redaction/redactor.js';
import { RedactionTally } from '../redaction/redaction-tally.js';
import { redactedSource } from '../redaction/redacting-source.js';
import { identifyThemes, type ThemeHistory } from '../result/identify-themes.js';
import { buildInsightsResult } from '../result/result.builder.js';
import { compareResults } from '../result/trends.js';
import { MAX_REFUSED_IDS, type InsightsResult } from '../result/result.schema.js';
import { assignRest } from './assign.js';
import { runMapStage } from './map.stage.js';
import { ProgressReporter } from './progress.js';
import { reduceBudgetFor, runReduceStage } from './reduce.stage.js';
import { RunContext } from './run-context.js';

export interface GenerateOptions {
  /**
   * Feedback tokens per chunk at most, the memo's unit: a regeneration pays again for the chunks
   * new feedback landed in. A map call holds as many chunks as the context, the output limit and
   * the concurrency call for (see call-plan.ts).
   */
  tokenBudgetPerChunk: number;
  /** Longer entries are cut with a visible marker. */
  maxEntryChars: number;
  /** Cap on entries analysed; above it a stable hash sample is taken. */
  maxFeedback: number;
  /** Rows in scope, from the SQL statistics; defaults to `statistics.totalFeedback`. */
  totalFeedback?: number;
  /** Personal data replaced by placeholders before any prompt; on unless turned off explicitly. */
  redaction: RedactionSettings;
  /** Parallel LLM calls: size it to the GLM account's concurrency limit. */
  concurrency: number;
  /** Prompt plus completion tokens one run may spend; checked before every call. */
  maxTokensPerRun?: number;
  /** The model's context window, prompt and answer together. */
  contextTokens: number;
  /** The longest answer a call may ask for; it also caps the entries of one map call. */
  maxOutputTokens: number;
  /** A lower cap on entries per map call; by default the output limit and the schema decide. */
  maxEntriesPerCall?: number;
  /** Theme-line tokens per reduce prompt; by default what the context leaves after the answer. */
  reduceTokenBudget?: number;
  /**
   * With an embedder: how many entries the model reads to name themes; the rest of the analysed
   * entries are assigned to those themes by embedding similarity. 0 or no embedder: the model
   * reads every analysed entry.
   */
  namingSample: number;
  /** Embedding requests in flight at once. */
  embeddingConcurrency: number;
  /**
   * The project's theme names (its previous result's, with owners' renames): every reduce prompt
   * lists them so the model reuses a name for the same topic. Identity never depends on them.
   */
  knownThemes?: readonly string[];
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  now?: () => Date;
}

export const DEFAULT_GENERATE_OPTIONS = {
  tokenBudgetPerChunk: 3000,
  maxEntryChars: 2000,
  maxFeedback: 5000,
  concurrency: 4,
  redaction: DEFAULT_REDACTION,
  // GLM-4.5 and GLM-4.5-Flash: a 128K context, answers up to 96K tokens (kept lower: see ADR 0011).
  contextTokens: 128_000,
  maxOutputTokens: 16_384,
  namingSample: 300,
  embeddingConcurrency: 4,
} satisfies Partial<GenerateOptions>;

const NO_MEMO: ChunkMemo = { getMany: () => Promise.resolve(new Map()), set: () => Promise.resolve() };
const NO_LEDGER: CallLedger = { record: () => Promise.resolve() };
const NO_REFUSALS: RefusalMemo = { find: () => Promise.resolve(new Set()), remember: () => Promise.resolve() };

export interface GenerateInsightsInput {
  source: FeedbackSource;
  provider: ChatProvider;
  /** Assigns the entries the model does not read (see `namingSample`); without one it reads them all. */
  embedder?: EmbeddingProvider;
  memo?: ChunkMemo;
  ledger?: CallLedger;
  /** Entries the provider refused before; without one a run still completes, searching again. */
  refusals?: RefusalMemo;
  statistics: StatsSnapshot;
  /**
   * The scope's previous result (and the project's, see ThemeHistory): the themes keep its ids by
   * evidence and the result's trends compare with it. Without one, themes get new ids and the
   * result has no trends.
   */
  history?: ThemeHistory;
  /**
   * Receives every theme's full evidence with its id, in the result's order, before the result is
   * built: the result lists a sample of at most MAX_THEME_IDS ids per theme. For measurement (the
   * identity benchmark checks the matcher against the exact overlaps); the service passes none.
   */
  evidence?: (themes: readonly { id: string; feedbackIds: readonly string[] }[]) => void;
  options?: Partial<GenerateOptions>;
}

/** The provider a result names: a stand-in server that answered any call says so. */
function answeredBy(provider: string, servedBy: ReadonlySet<string>): string {
  const standIn = [...servedBy].find((s) => s.startsWith(STAND_IN_PREFIX));
  return standIn ? standIn.slice(STAND_IN_PREFIX.length) : provider;
}

function fallbackSummary(analysed: number): string {
  return analysed === 0
    ? 'No feedback in this scope yet, so there is nothing to analyse.'
    : `No recurring themes were found in the ${analysed} feedback entries analysed.`;
}

/** Map-reduce over streamed feedback: stats → map (memoised chunks, packed calls) → reduce → result. */
export async function generateInsights(input: GenerateInsightsInput): Promise<InsightsResult> {
  const options = { ...DEFAULT_GENERATE_OPTIONS, ...input.options };
  const { provider, statistics } = input;
  const totalFeedback = options.totalFeedback ?? statistics.totalFeedback;
  const ctx = new RunContext(options.signal, options.maxTokensPerRun);
  const progress = new ProgressReporter(ctx, options.onProgress);
  const llm = { provider, ledger: input.ledger ?? NO_LEDGER, maxOutputTokens: options.maxOutputTokens };
  const redactor = new Redactor(options.redaction);
  const redaction = new RedactionTally(redactor.enabled);

  ctx.throwIfCancelled();
  await progress.report('stats', 1);
  // Memoised answers made from unredacted text (quotes holding the originals) never serve a
  // redacted run, nor the other way round, even for chunks whose text has nothing to replace.
  const memoVersion = redactor.enabled ? `${PROMPT_VERSION}+${REDACTION_VERSION}` : PROMPT_VERSION;
  const memo = input.memo ?? NO_MEMO;
  const embed = input.embedder ? { embedder: input.embedder, memo, ledger: llm.ledger, concurrency: options.embeddingConcurrency } : undefined;
  const map = await runMapStage(
    redactedSource(input.source, redactor, redaction),
    { ...llm, memo, refusals: input.refusals ?? NO_REFUSALS, promptVersion: memoVersion, ...(embed ? { embed } : {}) },
    { ...options, totalFeedback },
    ctx,
    progress,
  );
  await progress.report('map', 1);
  const reduceDeps = {
    ...llm,
    tokenBudget: options.reduceTokenBudget ?? reduceBudgetFor(options.contextTokens, options.maxOutputTokens, options.knownThemes),
    concurrency: options.concurrency,
    ...(options.knownThemes ? { knownThemes: options.knownThemes } : {}),
  };
  const reduced = await runReduceStage(map.themes, reduceDeps, ctx, progress).catch(async (error: unknown) => {
    // Embedding requests still in flight stop and write their ledger rows before the run fails.
    ctx.abortInFlight(error);
    await map.assignment?.vectors.catch(() => undefined);
    throw error;
  });
  const placed = map.assignment ? assignRest(reduced.themes, await map.assignment.vectors, map.assignment.rest) : { themes: reduced.themes, assigned: 0 };
  ctx.throwIfCancelled();
  await progress.report('finalize', 0);

  const refusedIds = [...ctx.refusedIds].sort();
  const analysed = map.sampler.analysed - refusedIds.length;
  for (const id of refusedIds) map.created.delete(id);
  const identified = identifyThemes(
    placed.themes.map((t) => ({ ...t, count: t.ids.length, feedbackIds: t.ids })),
    map.created,
    input.history,
  );
  input.evidence?.(identified.themes.map((t) => ({ id: t.id, feedbackIds: t.feedbackIds })));
  const result = buildInsightsResult({
    summary: reduced.summary || fallbackSummary(analysed),
    themes: identified.themes,
    themeSets: identified.themeSets,
    recommendations: reduced.recommendations,
    statistics,
    coverage: {
      totalFeedback: Math.max(totalFeedback, map.sampler.seen),
      analysed,
      sampled: map.sampler.sampled,
      trimmed: ctx.trimmed,
      droppedInvalidIds: ctx.droppedInvalidIds,
      refused: refusedIds.length,
      refusedIds: refusedIds.slice(0, MAX_REFUSED_IDS),
      assigned: placed.assigned,
    },
    provider: answeredBy(provider.name, ctx.servedBy),
    model: provider.model,
    promptVersion: PROMPT_VERSION,
    tokens: { ...ctx.tokens },
    llmCalls: ctx.llmCalls,
    memoHits: ctx.memoHits,
    redaction: redaction.summary(),
    generatedAt: (options.now ?? (() => new Date()))(),
  });
  if (input.history) result.trends = compareResults(result, input.history.previous, identified.lineage);
  await progress.report('finalize', 1);
  return result;
}
