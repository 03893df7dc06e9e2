import type { TokenUsage } from '../ports.js';
import { LlmError } from '../providers/llm-error.js';

/**
 * Per-run counters and controls shared by every stage: tokens, calls, memo hits, evidence
 * dropped, and the one abort signal that cancels the run (the caller's, or a failed sibling's).
 */
export class RunContext {
  readonly tokens = { prompt: 0, completion: 0, cached: 0 };
  llmCalls = 0;
  /** Requests to the embeddings endpoint. */
  embeddingCalls = 0;
  /** The fingerprints the answers came with (see ChatResponse.servedBy). */
  readonly servedBy = new Set<string>();
  memoHits = 0;
  droppedInvalidIds = 0;
  trimmed = 0;
  /** Entries left out because the content filter refused them (found now or remembered). */
  readonly refusedIds = new Set<string>();
  readonly signal: AbortSignal;
  private readonly internal = new AbortController();

  constructor(
    private readonly callerSignal?: AbortSignal,
    private readonly maxTokensPerRun?: number,
  ) {
    this.signal = callerSignal ? AbortSignal.any([callerSignal, this.internal.signal]) : this.internal.signal;
  }

  get tokensUsed(): number {
    return this.tokens.prompt + this.tokens.completion;
  }

  throwIfCancelled(): void {
    if (!this.signal.aborted) return;
    const why = this.callerSignal?.aborted ? 'the run was cancelled' : 'a parallel call failed';
    throw new LlmError('cancelled', `Insights generation stopped: ${why}`);
  }

  /**
   * A signal for one provider call. HTTP clients add an abort listener per request and do not
   * always remove it; on the shared run signal those would pile up over thousands of calls.
   */
  callSignal(): { signal: AbortSignal; release: () => void } {
    const call = new AbortController();
    const forward = () => call.abort(this.signal.reason);
    if (this.signal.aborted) forward();
    else this.signal.addEventListener('abort', forward, { once: true });
    return { signal: call.signal, release: () => this.signal.removeEventListener('abort', forward) };
  }

  /** Stops calls still in flight once one has failed: the run fails anyway, they would only cost. */
  abortInFlight(reason: unknown): void {
    this.internal.abort(reason);
  }

  /**
   * Checked before each call with its estimated prompt size. Calls already in flight are paid
   * for and may finish over the cap, by at most `concurrency` answers.
   */
  reserve(estimatedPromptTokens: number): void {
    const cap = this.maxTokensPerRun;
    if (cap === undefined || this.tokensUsed + estimatedPromptTokens <= cap) return;
    throw new LlmError('budget_exceeded', `Token budget exceeded: ${this.tokensUsed} used, next call needs about ${estimatedPromptTokens}, cap ${cap}`);
  }

  charge(usage: TokenUsage): void {
    this.tokens.prompt += usage.promptTokens;
    this.tokens.completion += usage.completionTokens;
    this.tokens.cached += usage.cachedTokens;
  }
}
