import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long an answer takes. `fixed`: the configured latency whatever is written (what the test
 * suites use, 0 ms by default). `decode`: as a hosted model, time to the first token plus the
 * completion tokens at the decode rate, and an account concurrency past which calls get 429 1302.
 */
export type FakeGlmTiming = 'fixed' | 'decode';

export interface DecodeModel {
  timing: 'decode';
  timeToFirstTokenMs: number;
  decodeTokensPerSecond: number;
  /** In-flight chat calls the account may hold; one more is refused with 429 code 1302. */
  accountConcurrency: number;
  /** Embedding requests: the time any request takes, whatever it holds. */
  embedLatencyMs: number;
  /** Embedding requests: input tokens embedded a second, on top of `embedLatencyMs`. */
  embedTokensPerSecond: number;
  /** In-flight embedding requests the account may hold, apart from chat calls; one more gets 429 code 1302. */
  embedConcurrency: number;
}

/**
 * GLM-4.5-class figures: the first token after most of a second, then tens of tokens a second.
 * GLM's per-model concurrency depends on the account's package; 4 matches GLM_CONCURRENCY.
 * An embedding model reads its input in one forward pass and writes no tokens: a request costs
 * a round trip and tens of thousands of input tokens a second, and its limit is the embedding
 * model's own.
 */
export function decodeModelDefaults(): DecodeModel {
  return {
    timing: 'decode',
    timeToFirstTokenMs: 800,
    decodeTokensPerSecond: 80,
    accountConcurrency: 4,
    embedLatencyMs: 150,
    embedTokensPerSecond: 50_000,
    embedConcurrency: 8,
  };
}

/** Resolves false when the signal aborts (client gone, server closing) before `ms` elapsed. */
export type FakeGlmWait = (ms: number, signal: AbortSignal) => Promise<boolean>;

export const realWait: FakeGlmWait = async (ms, signal) => {
  if (ms <= 0) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
};

export interface TimingConfig {
  timing: FakeGlmTiming;
  timeToFirstTokenMs: number;
  decodeTokensPerSecond: number;
  /** Infinity: no limit. */
  accountConcurrency: number;
  embedLatencyMs: number;
  embedTokensPerSecond: number;
  /** Infinity: no limit. */
  embedConcurrency: number;
  wait: FakeGlmWait;
}

/** Milliseconds before an answer of `completionTokens` is sent, on top of the fixed latency. */
export function decodeDelayMs(config: TimingConfig, completionTokens: number): number {
  if (config.timing !== 'decode') return 0;
  return config.timeToFirstTokenMs + Math.round((completionTokens / config.decodeTokensPerSecond) * 1000);
}

/** Milliseconds before an embedding answer for `promptTokens` input tokens is sent, on top of the fixed latency. */
export function embedDelayMs(config: TimingConfig, promptTokens: number): number {
  if (config.timing !== 'decode') return 0;
  return config.embedLatencyMs + Math.round((promptTokens / config.embedTokensPerSecond) * 1000);
}
