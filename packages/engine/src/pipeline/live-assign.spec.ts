import { describe, expect, it } from '@jest/globals';
import { ScriptedProvider, stageOf } from '@insights/testkit';
import { InMemoryCallLedger } from '../in-memory.js';
import { LlmError } from '../providers/llm-error.js';
import { ThemeMatcher } from '../providers/offline/theme-matcher.js';
import { assignNewFeedback, fromAssignAnswer, type LiveTheme } from './live-assign.js';

const EXPORT = 'th_export0001';
const CHARTS = 'th_charts0001';
const themes: LiveTheme[] = [
  { id: EXPORT, name: 'export theme', summary: 'CSV exports fail or time out', kind: 'pain_point', count: 10, quotes: ['The CSV export times out every time'] },
  { id: CHARTS, name: 'charts theme', summary: 'Customers like the dashboard charts', kind: 'praise', count: 4, quotes: ['The charts are beautiful'] },
];
const entry = (id: number, text: string) => ({ id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`, rating: 3, text });

describe('ThemeMatcher (the offline fallback)', () => {
  const matcher = new ThemeMatcher(themes);

  it('places an entry in the theme it shares the most distinctive terms with', () => {
    expect(matcher.match('My CSV export failed again this morning')).toBe(EXPORT);
    expect(matcher.match('Those dashboard charts look great')).toBe(CHARTS);
  });

  it('places an entry sharing no term with any theme in none', () => {
    expect(matcher.match('Pricing is far too high for small teams')).toBeNull();
  });

  it('places an entry whose terms score two themes alike in none', () => {
    const twins = new ThemeMatcher([
      { id: EXPORT, name: 'Invoices', summary: 'invoice problems', quotes: [] },
      { id: CHARTS, name: 'Invoices again', summary: 'invoice problems', quotes: [] },
    ]);
    expect(twins.match('The invoice is wrong')).toBeNull();
  });
});

describe('fromAssignAnswer', () => {
  it('maps lines and refs back and drops, and counts, pairs naming a line or a theme the call did not hold', () => {
    const entries = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const checked = fromAssignAnswer(
      {
        a: [
          [1, 't2'],
          ['2', null],
          [3, 't9'],
          [7, 't1'],
          [1, 't1'],
        ],
      },
      entries,
      [EXPORT, CHARTS],
    );
    expect([...checked.placed]).toEqual([
      ['a', CHARTS],
      ['b', null],
    ]);
    expect(checked.droppedRefs).toBe(2);
  });
});

describe('assignNewFeedback', () => {
  const entries = [entry(1, 'export is broken'), entry(2, 'charts are lovely'), entry(3, 'pricing is steep')];

  it('asks the model in batches with theme refs and keeps its answers, recorded as assign calls', async () => {
    const provider = new ScriptedProvider();
    const ledger = new InMemoryCallLedger();
    const many = Array.from({ length: 120 }, (_, i) => entry(i + 1, i % 2 ? 'charts are lovely' : 'export is broken'));
    const report = await assignNewFeedback({ themes, entries: many, provider, ledger, options: { batchSize: 50 } });
    expect(provider.calls).toHaveLength(3);
    expect(provider.stages()).toEqual(['assign', 'assign', 'assign']);
    expect(provider.calls[0]!.user).toContain('"ref":"t1","name":"export theme"');
    expect(ledger.entries.map((e) => e.stage)).toEqual(['assign', 'assign', 'assign']);
    expect(report.assignments).toHaveLength(120);
    expect(report.assignments.every((a) => a.method === 'model')).toBe(true);
    expect(report.assignments.filter((a) => a.themeId === EXPORT)).toHaveLength(60);
    expect(report.llmCalls).toBe(3);
  });

  it('drops an answer citing an unknown line or theme ref, counts it, and matches the entry offline', async () => {
    const provider = new ScriptedProvider((req) =>
      stageOf(req) === 'assign'
        ? JSON.stringify({
            a: [
              [1, 't7'],
              [2, 't2'],
              [3, null],
              [42, 't1'],
            ],
          })
        : undefined,
    );
    const report = await assignNewFeedback({ themes, entries, provider, ledger: new InMemoryCallLedger() });
    expect(report.droppedRefs).toBe(2);
    expect(report.fellBack).toBe(1);
    expect(report.assignments).toEqual([
      { feedbackId: entries[1]!.id, themeId: CHARTS, method: 'model' },
      { feedbackId: entries[2]!.id, themeId: null, method: 'model' },
      { feedbackId: entries[0]!.id, themeId: EXPORT, method: 'offline' },
    ]);
  });

  it('finds a refused entry by halving its batch and matches only that one offline', async () => {
    const provider = new ScriptedProvider((req) => {
      if (req.user.includes('forbidden')) throw new LlmError('content_blocked', 'GLM 400 1301', { code: '1301', status: 400 });
      return undefined;
    });
    const withRefused = [...entries, entry(4, 'forbidden words about the export')];
    const report = await assignNewFeedback({ themes, entries: withRefused, provider, ledger: new InMemoryCallLedger() });
    expect(report.refused).toBe(1);
    const byId = new Map(report.assignments.map((a) => [a.feedbackId, a]));
    expect(byId.get(withRefused[3]!.id)).toEqual({ feedbackId: withRefused[3]!.id, themeId: EXPORT, method: 'offline' });
    expect([0, 1, 2].map((i) => byId.get(withRefused[i]!.id)!.method)).toEqual(['model', 'model', 'model']);
  });

  it('matches everything offline when a call fails', async () => {
    const provider = new ScriptedProvider(() => {
      throw new LlmError('timeout', 'timed out');
    });
    const report = await assignNewFeedback({ themes, entries, provider, ledger: new InMemoryCallLedger() });
    expect(report.fellBack).toBe(3);
    expect(report.assignments.map((a) => [a.themeId, a.method])).toEqual([
      [EXPORT, 'offline'],
      [CHARTS, 'offline'],
      [null, 'offline'],
    ]);
  });

  it('sends no personal data: entries are redacted before the prompt is built', async () => {
    const provider = new ScriptedProvider();
    const report = await assignNewFeedback({
      themes,
      entries: [entry(1, 'export broke, mail me at jane.doe@example.com or call +44 20 7946 0958')],
      provider,
      ledger: new InMemoryCallLedger(),
    });
    const sent = provider.calls.map((c) => `${c.system}\n${c.user}`).join('\n');
    expect(sent).not.toContain('jane.doe@example.com');
    expect(sent).not.toContain('7946');
    expect(sent).toContain('[email]');
    expect(report.redaction.email).toBe(1);
    expect(report.redaction.phone).toBe(1);
  });
});
