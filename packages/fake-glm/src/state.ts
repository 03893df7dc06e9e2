import type { LlmStage } from '@insights/engine';
import { FaultQueue } from './faults.js';
import type { Refusal } from './refusal.js';
import type { TimingConfig } from './timing.js';

export interface FakeGlmStats {
  /** Authenticated chat-completion requests admitted under the account concurrency, whatever their outcome. */
  calls: number;
  byStage: Record<LlmStage, number>;
  /** Tokens of answered calls only (200s), as a real bill would count them. */
  promptTokens: number;
  completionTokens: number;
  /** Faults served, to chat calls and embedding requests alike. */
  faultsServed: number;
  /** Calls refused for holding the configured marker (see refusal.ts), 400s and `sensitive` alike. */
  refused: number;
  inFlight: number;
  /** The longest answered (200) call, from its arrival to its answer, in ms. */
  longestCallMs: number;
  /** Calls answered 429 code 1302 because the account's concurrency was in use (not in `calls`). */
  concurrencyRejected: number;
  /** Calls (chat or embedding) whose client went away before the answer was written. */
  aborted: number;
  /** Authenticated, valid embedding requests admitted under their concurrency, whatever their outcome. */
  embedCalls: number;
  /** Texts those requests carried. */
  embedInputs: number;
  /** Input tokens of answered (200) embedding requests. */
  embedPromptTokens: number;
  /** Embedding requests answered 429 code 1302 because their concurrency was in use (not in `embedCalls`). */
  embedConcurrencyRejected: number;
  embedInFlight: number;
}

function emptyStats(): FakeGlmStats {
  return {
    calls: 0,
    byStage: { map: 0, reduce: 0, repair: 0, assign: 0, ask: 0 },
    promptTokens: 0,
    completionTokens: 0,
    faultsServed: 0,
    refused: 0,
    inFlight: 0,
    concurrencyRejected: 0,
    longestCallMs: 0,
    aborted: 0,
    embedCalls: 0,
    embedInputs: 0,
    embedPromptTokens: 0,
    embedConcurrencyRejected: 0,
    embedInFlight: 0,
  };
}

export class FakeGlmState {
  readonly faults = new FaultQueue();
  /** Requests still being worked on; aborted together when the server closes. */
  readonly pending = new Set<AbortController>();
  latencyMs: number;
  /** Kept across `reset()`: it describes the model, not one test's faults. */
  refusal: Refusal | null = null;
  private counters = emptyStats();

  constructor(
    private readonly defaultLatencyMs: number,
    /** Kept across `reset()`, as the refusal is. */
    readonly timing: TimingConfig,
  ) {
    this.latencyMs = defaultLatencyMs;
  }

  get counts(): FakeGlmStats {
    return this.counters;
  }

  stats(): FakeGlmStats {
    return { ...this.counters, byStage: { ...this.counters.byStage } };
  }

  /** Back to the start-up configuration; in-flight requests keep running and still count down. */
  reset(): void {
    this.faults.clear();
    this.latencyMs = this.defaultLatencyMs;
    this.counters = { ...emptyStats(), inFlight: this.counters.inFlight, embedInFlight: this.counters.embedInFlight };
  }
}
