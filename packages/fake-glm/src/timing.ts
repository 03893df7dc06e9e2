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
}

/**
 * GLM-4.5-class figures: the first token after most of a second, then tens of tokens a second.
 * GLM's per-model concurrency depends on the account's package; 4 matches GLM_CONCURRENCY.
 */
export function decodeModelDefaults(): DecodeModel {
  return { timing: 'decode', timeToFirstTokenMs: 800, decodeTokensPerSecond: 80, accountConcurrency: 4 };
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
  wait: FakeGlmWait;
}

/** Milliseconds before an answer of `completionTokens` is sent, on top of the fixed latency. */
export function decodeDelayMs(config: TimingConfig, completionTokens: number): number {
  if (config.timing !== 'decode') return 0;
  return config.timeToFirstTokenMs + Math.round((completionTokens / config.decodeTokensPerSecond) * 1000);
}
