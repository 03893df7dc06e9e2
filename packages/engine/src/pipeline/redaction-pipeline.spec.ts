import { describe, expect, it } from '@jest/globals';
import { feedbackItem, ScriptedProvider, statsFor, topicFeedback } from '@insights/testkit';
import { arraySource, InMemoryChunkMemo } from '../in-memory.js';
import type { FeedbackItem } from '../ports.js';
import { analyseOffline } from '../providers/offline/offline-analyser.js';
import { generateInsights } from './generate-insights.js';

const PLANTED = [
  { kind: 'email', value: 'jane.doe+billing@example.com' },
  { kind: 'phone', value: '+1 415 555 2671' },
  { kind: 'card', value: '4111-1111-1111-1111' },
  { kind: 'iban', value: 'GB82 WEST 1234 5698 7654 32' },
  { kind: 'ip', value: '198.51.100.23' },
  { kind: 'url', value: 'https://app.example.com/reset?token=Zx81kLmq02' },
] as const;

/** Topic feedback, every fifth entry carrying one planted value right after its topic word. */
function feedback(): FeedbackItem[] {
  return topicFeedback(120).map((item, i) => {
    if (i % 5 !== 0) return item;
    const [word, ...rest] = item.text.split(' ');
    return feedbackItem(`pd-${i}`, `${word} ${PLANTED[(i / 5) % PLANTED.length]!.value} ${rest.join(' ')}`, item.rating, i);
  });
}

const items = feedback();
const planted = PLANTED.map((p) => p.value);
const expectedCounts = { email: 4, phone: 4, card: 4, iban: 4, ip: 4, url: 4 };
const leaked = (texts: readonly string[]) => planted.filter((v) => texts.some((t) => t.includes(v)));
const options = { tokenBudgetPerChunk: 600, concurrency: 2 };

describe('redaction in the pipeline', () => {
  it('sends no planted value in any map, repair or reduce prompt, and the result carries placeholders and counts', async () => {
    // The first map answer is malformed, so a repair call repeats that prompt's data.
    const provider = new ScriptedProvider((_req, call) => (call === 1 ? '{"themes": [' : undefined));
    const memo = new InMemoryChunkMemo();
    const result = await generateInsights({ source: arraySource(items, 25), provider, memo, statistics: statsFor(items), options });

    expect(new Set(provider.stages())).toEqual(new Set(['map', 'repair', 'reduce']));
    expect(leaked(provider.calls.flatMap((c) => [c.system, c.user]))).toEqual([]);
    expect(leaked([JSON.stringify(result), JSON.stringify([...memo.entries.values()])])).toEqual([]);
    expect(result.redaction).toEqual({ enabled: true, replaced: expectedCounts });
    expect(result.themes.flatMap((t) => t.quotes).some((q) => /\[(email|phone|card|iban|ip|url)\]/.test(q))).toBe(true);
  });

  it('counts the same when every chunk comes from the memo', async () => {
    const memo = new InMemoryChunkMemo();
    await generateInsights({ source: arraySource(items, 25), provider: new ScriptedProvider(), memo, statistics: statsFor(items), options });
    const again = new ScriptedProvider();
    const result = await generateInsights({ source: arraySource(items, 25), provider: again, memo, statistics: statsFor(items), options });
    expect(again.stages()).not.toContain('map');
    expect(result.memoHits).toBeGreaterThan(0);
    expect(result.redaction).toEqual({ enabled: true, replaced: expectedCounts });
  });

  it('sends the originals only when turned off, and never reuses memo entries across the setting', async () => {
    const memo = new InMemoryChunkMemo();
    const off = new ScriptedProvider();
    const plain = await generateInsights({
      source: arraySource(items, 25),
      provider: off,
      memo,
      statistics: statsFor(items),
      options: { ...options, redaction: { enabled: false, phoneCountries: ['US'] } },
    });
    expect(leaked(off.calls.map((c) => c.user))).toEqual(planted);
    expect(plain.redaction).toEqual({ enabled: false, replaced: { email: 0, phone: 0, card: 0, iban: 0, ip: 0, url: 0 } });

    const on = new ScriptedProvider();
    const redacted = await generateInsights({ source: arraySource(items, 25), provider: on, memo, statistics: statsFor(items), options });
    expect(redacted.memoHits).toBe(0);
    expect(leaked(on.calls.map((c) => c.user))).toEqual([]);
  });

  it('redacts the offline analyser’s quotes too', async () => {
    const result = await analyseOffline({ source: arraySource(items), statistics: statsFor(items) });
    expect(leaked([JSON.stringify(result)])).toEqual([]);
    expect(result.redaction).toEqual({ enabled: true, replaced: expectedCounts });
  });
});
