import { PriceBook, type AppConfig } from '@insights/config';
import { FeedbackStream, StatsRepository, toFeedbackFilter, type Database, type InsightsFilters } from '@insights/db';
import {
  answerQuestion,
  DEFAULT_ASK_OPTIONS,
  type AskAnswer,
  type AskContextTheme,
  type AskCounter,
  type AskEntry,
  type AskProgress,
  assignNewFeedback,
  GlmEmbeddingProvider,
  GlmProvider,
  runInsights,
  type LiveAssignReport,
  type LiveTheme,
  type NewEntry,
  type CallLedger,
  type ChatProvider,
  type EmbeddingProvider,
  type InsightsResult,
  type LedgerEntry,
  type ProgressSink,
} from '@insights/engine';
import { PgRunStore } from './adapters.js';
import { PgRefusalMemo } from './refusal-memo.js';
import type { LoadedThemeHistory } from './theme-history.js';
import type { SpendPolicy } from './spend-policy.js';

/** What a run may still spend; without one (benchmarks) only the per-run cap applies. */
export type RunAllowance = Pick<SpendPolicy, 'remainingTokens'>;
const UNLIMITED: RunAllowance = { remainingTokens: () => Promise.resolve(Number.POSITIVE_INFINITY) };

export interface GenerationRequest {
  userId: string;
  /** null: every project the user owns. */
  projectId: string | null;
  filters: InsightsFilters;
  jobId?: string;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  /**
   * The scope's previous result and what else theme identity reads (see themeHistoryFrom): the
   * run's themes keep ids by evidence, the result carries trends against the previous result, and
   * the reduce prompt lists the project's theme names. Without it the result has no trends.
   */
  history?: LoadedThemeHistory;
}

/**
 * One generation, end to end: SQL statistics, streamed feedback, the engine (GLM map-reduce or
 * the offline analyser), with the memo and the call ledger in Postgres. Shared by the worker
 * and the legacy synchronous endpoint so both produce the same result.
 */
export type CallListener = (entry: LedgerEntry, context: { projectId: string | null; costUsd: number | null }) => void;

export class InsightsGenerator {
  readonly provider: ChatProvider | undefined;
  /** Assigns entries past the naming sample; none when GLM_EMBEDDING_MODEL is empty. */
  readonly embedder: EmbeddingProvider | undefined;
  /** What each ledger row costs, by the model it names (the configured prices). */
  readonly prices: PriceBook;
  private readonly callListeners = new Set<CallListener>();

  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly allowance: RunAllowance = UNLIMITED,
    provider?: ChatProvider,
  ) {
    this.provider =
      provider ??
      (config.insights.provider === 'glm'
        ? new GlmProvider({
            apiKey: config.glm.apiKey!,
            baseUrl: config.glm.baseUrl,
            model: config.glm.model,
            timeoutMs: config.glm.timeoutMs,
          })
        : undefined);
    const { embedding } = config.glm;
    // An injected chat provider (a test's) reads every entry: the embedder goes with GLM's own.
    this.embedder =
      !provider && this.provider && embedding.model !== '' && config.insights.namingSample > 0
        ? new GlmEmbeddingProvider({
            apiKey: config.glm.apiKey!,
            baseUrl: config.glm.baseUrl,
            model: embedding.model,
            dimensions: embedding.dimensions,
            timeoutMs: config.glm.timeoutMs,
          })
        : undefined;
    this.prices = PriceBook.fromConfig(config);
  }

  /** Told of every LLM call as it is recorded (metrics); a listener that throws is ignored. */
  onCall(listener: CallListener): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  /** What the start-up log says is answering. */
  describe(): string {
    return this.provider ? `${this.provider.name} (${this.provider.model} at ${this.config.glm.baseUrl})` : 'offline analyser';
  }

  async generate(request: GenerationRequest): Promise<InsightsResult> {
    const scope = request.projectId ? { projectId: request.projectId } : { userId: request.userId };
    const filter = toFeedbackFilter(request.filters);
    const statistics = await new StatsRepository(this.db).compute(scope, filter);
    const source = new FeedbackStream(this.db, scope, filter);
    const themes = request.history;
    const history = themes ? { history: themes.history } : {};
    if (!this.provider) {
      const options = { onProgress: request.onProgress, signal: request.signal, redaction: this.config.redaction };
      // The offline analyser calls no model: its result cost nothing.
      return withCost(await runInsights({ mode: 'offline', source, statistics, ...history, options }), 0);
    }
    const { insights, glm } = this.config;
    // A run may spend what is left of both daily budgets (the project's and its owner's; the
    // all-projects scope has only the latter), and never more than the per-run cap.
    const remaining = await this.allowance.remainingTokens({ userId: request.userId, projectId: request.projectId });
    const store = new PgRunStore(this.db, { jobId: request.jobId, projectId: request.projectId, userId: request.userId }, this.prices);
    const run = runInsights({
      mode: 'llm',
      source,
      statistics,
      provider: this.provider,
      ...(this.embedder ? { embedder: this.embedder } : {}),
      memo: store.memo,
      refusals: new PgRefusalMemo(this.db),
      ledger: this.observed(store, request.projectId),
      ...history,
      options: {
        ...(themes && themes.knownThemes.length > 0 ? { knownThemes: themes.knownThemes } : {}),
        tokenBudgetPerChunk: insights.chunkTokens,
        maxFeedback: insights.maxFeedback,
        maxTokensPerRun: Math.min(insights.maxTokensPerRun, remaining),
        concurrency: glm.concurrency,
        contextTokens: glm.contextTokens,
        maxOutputTokens: glm.maxOutputTokens,
        maxEntriesPerCall: glm.mapEntriesPerCall,
        namingSample: insights.namingSample,
        embeddingConcurrency: glm.embedding.concurrency,
        redaction: this.config.redaction,
        signal: request.signal,
        onProgress: request.onProgress,
      },
    });
    // The ledger rows of a failed run are written too (cost and budget count them); its own
    // failure is the one reported.
    const result = await run.catch(async (error: unknown) => {
      await store.flush().catch(() => undefined);
      throw error;
    });
    await store.flush();
    // The result's cost is its own calls' (the rows this run wrote), as its token counts are.
    return withCost(result, store.costUsd);
  }

  /**
   * Places feedback written after a stored result in its themes (docs/generation.md, "Living
   * themes"): the chat model in small batches under the same spend rules as a generation (what
   * is left of both daily budgets, never more than the per-run cap), with its calls in the
   * ledger as stage `assign`; the offline matcher for whatever the model does not answer, and
   * for everything when no model is configured or the budgets are spent.
   */
  async assignNew(request: {
    userId: string;
    projectId: string;
    themes: readonly LiveTheme[];
    entries: readonly NewEntry[];
    signal?: AbortSignal;
  }): Promise<LiveAssignReport> {
    const { insights, glm } = this.config;
    const remaining = this.provider ? await this.allowance.remainingTokens({ userId: request.userId, projectId: request.projectId }) : 0;
    const store = new PgRunStore(this.db, { projectId: request.projectId, userId: request.userId }, this.prices);
    try {
      return await assignNewFeedback({
        themes: request.themes,
        entries: request.entries,
        ...(this.provider && remaining > 0 ? { provider: this.provider } : {}),
        ledger: this.observed(store, request.projectId),
        options: {
          maxTokensPerRun: Math.min(insights.maxTokensPerRun, remaining),
          maxOutputTokens: glm.maxOutputTokens,
          redaction: this.config.redaction,
          signal: request.signal,
        },
      });
    } finally {
      await store.flush();
    }
  }

  /**
   * Answers a question from the entries its search retrieved (docs/generation.md, "Questions"):
   * one streamed call, under the same spend rules as a generation (what is left of both daily
   * budgets, never more than the per-run cap), the same redaction, refused entries found by
   * halving and remembered as the map stage does, its calls in the ledger as stage `ask` under the
   * job's id. Without a configured model the answer is built from the search alone.
   */
  async ask(request: {
    userId: string;
    projectId: string;
    jobId: string;
    question: string;
    search: { query: string; matched: number; label?: string };
    entries: readonly AskEntry[];
    themes: readonly AskContextTheme[];
    /** The themes' counts are of the question's scope (a question with no filters). */
    themesInScope?: boolean;
    counter: AskCounter;
    signal?: AbortSignal;
    onProgress?: (progress: AskProgress) => void;
  }): Promise<AskAnswer> {
    const { insights, glm } = this.config;
    const remaining = this.provider ? await this.allowance.remainingTokens({ userId: request.userId, projectId: request.projectId }) : 0;
    const store = new PgRunStore(this.db, { jobId: request.jobId, projectId: request.projectId, userId: request.userId }, this.prices);
    try {
      return await answerQuestion({
        question: request.question,
        search: request.search,
        entries: request.entries,
        themes: request.themes,
        ...(request.themesInScope === undefined ? {} : { themesInScope: request.themesInScope }),
        counter: request.counter,
        ...(this.provider ? { provider: this.provider, refusals: new PgRefusalMemo(this.db) } : {}),
        ledger: this.observed(store, request.projectId),
        ...(request.onProgress ? { onProgress: request.onProgress } : {}),
        options: {
          maxTokensPerRun: Math.min(insights.maxTokensPerRun, remaining),
          maxOutputTokens: Math.min(glm.maxOutputTokens, DEFAULT_ASK_OPTIONS.maxOutputTokens),
          redaction: this.config.redaction,
          signal: request.signal,
        },
      });
    } finally {
      await store.flush();
    }
  }

  private observed(store: PgRunStore, projectId: string | null): CallLedger {
    return {
      record: async (entry) => {
        const costUsd = store.costOf(entry);
        for (const listener of this.callListeners) {
          try {
            listener(entry, { projectId, costUsd });
          } catch {
            // Observers never break a generation.
          }
        }
        await store.recordPriced(entry, costUsd);
      },
    };
  }
}

/** The result with its cost in its token block; a run with an unpriced call states none. */
function withCost(result: InsightsResult, costUsd: number | null): InsightsResult {
  if (costUsd !== null) result.tokens.cost = { currency: 'USD', amount: costUsd };
  return result;
}
