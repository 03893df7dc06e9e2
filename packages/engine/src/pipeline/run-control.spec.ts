import { describe, expect, it } from '@jest/globals';
import { arraySource, InMemoryCallLedger } from '../in-memory.js';
import { LlmError } from '../providers/llm-error.js';
import { statsFor, topicFeedback } from '@insights/testkit';
import { ScriptedProvider, stageOf, type Responder } from '@insights/testkit';
import { generateInsights, type GenerateOptions } from './generate-insights.js';

const items = topicFeedback(200);

function run(respond: Responder, options: Partial<GenerateOptions> = {}) {
  const provider = new ScriptedProvider(respond);
  const ledger = new InMemoryCallLedger();
  const promise = generateInsights({
    source: arraySource(items, 20),
    provider,
    ledger,
    statistics: statsFor(items),
    // One chunk per call, so a run makes many calls to stop between.
    options: { tokenBudgetPerChunk: 300, maxEntriesPerCall: 1, concurrency: 1, ...options },
  });
  return {
    provider,
    ledger,
    error: promise.then(
      () => undefined,
      (e: unknown) => e,
    ),
  };
}

describe('cancellation', () => {
  it('stops making calls once the signal aborts between steps', async () => {
    const controller = new AbortController();
    const { provider, error } = run(
      (_req, call) => {
        if (call === 3) controller.abort();
        return undefined;
      },
      { signal: controller.signal },
    );
    expect(await error).toMatchObject({ kind: 'cancelled', transient: false });
    expect(provider.calls).toHaveLength(3);
  });

  it('aborts the call in flight through the signal it was given', async () => {
    const controller = new AbortController();
    const { provider, ledger, error } = run(
      (req) =>
        new Promise<string | undefined>((_resolve, reject) => {
          req.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          controller.abort();
        }),
      { signal: controller.signal },
    );
    expect(await error).toMatchObject({ kind: 'cancelled' });
    expect(provider.calls).toHaveLength(1);
    expect(provider.calls[0]!.signal?.aborted).toBe(true);
    expect(ledger.entries).toEqual([expect.objectContaining({ stage: 'map', outcome: 'cancelled' })]);
  });

  it('aborts sibling calls in flight when one fails for good', async () => {
    const siblings: AbortSignal[] = [];
    const { error } = run(
      (req, call) => {
        if (call === 1)
          return new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined))).then(() => {
            throw new LlmError('auth', 'bad key');
          });
        siblings.push(req.signal!);
        return new Promise((_resolve, reject) => req.signal?.addEventListener('abort', () => reject(req.signal?.reason as unknown)));
      },
      { concurrency: 3 },
    );
    expect(await error).toMatchObject({ kind: 'auth' });
    expect(siblings.length).toBeGreaterThan(0);
    expect(siblings.every((s) => s.aborted)).toBe(true);
  });
});

describe('maxTokensPerRun', () => {
  it('stops with budget_exceeded before the call that would pass the cap', async () => {
    const { provider, error } = run(() => undefined, { maxTokensPerRun: 2500 });
    const e = await error;
    expect(e).toBeInstanceOf(LlmError);
    expect(e).toMatchObject({ kind: 'budget_exceeded', transient: false });
    expect((e as Error).message).toMatch(/cap 2500/);
    const used = provider.calls.length;
    expect(used).toBeGreaterThan(0);
    expect(provider.stages().every((s) => s === 'map')).toBe(true);
    const full = run(() => undefined);
    await full.error;
    expect(used).toBeLessThan(full.provider.calls.length);
  });

  it('lets a run under the cap finish', async () => {
    const { error, provider } = run(() => undefined, { maxTokensPerRun: 1_000_000 });
    expect(await error).toBeUndefined();
    expect(provider.stages()).toContain('reduce');
  });
});

describe('provider errors', () => {
  it('records the failure in the ledger and surfaces the classified error', async () => {
    const { ledger, error } = run((req) => (stageOf(req) === 'reduce' ? Promise.reject(new Error('socket hang up')) : undefined));
    expect(await error).toMatchObject({ kind: 'unknown' });
    expect(ledger.entries.at(-1)).toMatchObject({ stage: 'reduce', outcome: 'unknown' });
  });
});
