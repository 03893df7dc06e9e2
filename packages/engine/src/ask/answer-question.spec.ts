import { describe, expect, it } from '@jest/globals';
import { InMemoryCallLedger, InMemoryRefusalMemo } from '../in-memory.js';
import type { ChatProvider, ChatRequest, ChatResponse } from '../ports.js';
import { LlmError } from '../providers/llm-error.js';
import { answerQuestion, type AskInput } from './answer-question.js';
import { checkAnswerText, partialAnswerField, presentPartial } from './answer-text.js';
import type { AskEntry } from './ask.types.js';
import { normaliseQuestion, questionSearch } from './question.js';

const entry = (n: number, text: string, rating = 2): AskEntry => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  text,
  createdAt: `2026-03-${String((n % 27) + 1).padStart(2, '0')}T10:00:00.000Z`,
  category: 'bug',
  sentiment: rating <= 2 ? 'negative' : 'positive',
  rating,
});

const ENTRIES = [
  entry(1, 'CSV export fails every time I try it.'),
  entry(2, 'The export to CSV produced an empty file.'),
  entry(3, 'Love the charts, they are great.', 5),
  entry(4, 'Write to me at jane.doe@example.com about the export bug.'),
];

/** Answers every call with `answer(req)`, streaming it in three pieces when asked; records prompts. */
class Scripted implements ChatProvider {
  readonly name = 'scripted';
  readonly model = 'scripted-1';
  readonly identity = 'scripted:1';
  readonly requests: ChatRequest[] = [];
  constructor(private readonly answer: (req: ChatRequest) => string | Error) {}
  complete(req: ChatRequest): Promise<ChatResponse> {
    this.requests.push(req);
    const out = this.answer(req);
    if (out instanceof Error) return Promise.reject(out);
    if (req.onText) {
      const third = Math.ceil(out.length / 3);
      for (let at = third; at < out.length + third; at += third) req.onText(out.slice(0, Math.min(at, out.length)));
    }
    return Promise.resolve({ text: out, usage: { promptTokens: 100, completionTokens: 20, cachedTokens: 0 } });
  }
}

const counter = (counts: Record<string, number>) => {
  const asked: string[] = [];
  return {
    asked,
    count: (query: string) => {
      asked.push(query);
      return Promise.resolve(counts[query] ?? -1);
    },
  };
};

function input(provider: ChatProvider | undefined, over: Partial<AskInput> = {}): AskInput {
  return {
    question: 'How many entries complain about CSV export?',
    search: { query: 'csv export', matched: 17 },
    entries: ENTRIES,
    themes: [{ id: 'th_0000000001', name: 'Export failures', kind: 'pain_point', count: 31 }],
    counter: counter({ 'pdf export': 5 }),
    ...(provider ? { provider } : {}),
    ledger: new InMemoryCallLedger(),
    ...over,
  };
}

const wire = (answer: string, citations: { ref: number | string; quote?: string }[] = []) => JSON.stringify({ answer, citations });

describe('answerQuestion', () => {
  it('keeps citations of shown entries, drops and counts the others, and renumbers markers in order of use', async () => {
    const provider = new Scripted(() =>
      wire('Exports fail [2][9]. Files come out empty [1] and [42].', [
        { ref: 2, quote: 'produced an empty file' },
        { ref: 1, quote: 'CSV export fails' },
        { ref: 9, quote: 'invented' },
      ]),
    );
    const answer = await answerQuestion(input(provider));
    expect(answer.answer).toBe('Exports fail [1]. Files come out empty [2] and.');
    expect(answer.citations.map((c) => [c.ref, c.feedbackId, c.quote])).toEqual([
      [1, ENTRIES[1]!.id, 'produced an empty file'],
      [2, ENTRIES[0]!.id, 'CSV export fails'],
    ]);
    // 9 and 42: two distinct refs to lines the prompt did not hold.
    expect(answer.droppedCitations).toBe(2);
    expect(answer.considered).toBe(4);
    expect(answer.citations[0]).toMatchObject({ createdAt: ENTRIES[1]!.createdAt, sentiment: 'negative', rating: 2 });
  });

  it('fills counts from the SQL counter and takes out numbers the model wrote beside feedback words', async () => {
    const provider = new Scripted(() =>
      wire('{{count}} entries match [1]. {{count:pdf export}} mention PDF export; 12 customers are angry and 40% churned. Version 3 broke it [2].'),
    );
    const counted = counter({ 'pdf export': 5 });
    const answer = await answerQuestion(input(provider, { counter: counted }));
    expect(answer.answer).toBe('17 entries match [1]. 5 mention PDF export; some customers are angry and a share churned. Version 3 broke it [2].');
    expect(answer.counts).toEqual([
      { label: 'csv export', count: 17, query: 'csv export' },
      { label: 'pdf export', count: 5, query: 'pdf export' },
    ]);
    expect(counted.asked).toEqual(['pdf export']);
  });

  it('counts one search once however often the answer states it', async () => {
    const provider = new Scripted(() =>
      wire('{{count}} entries match [1]; {{count:csv export}} of them fail, and {{count:pdf export}} vs {{count:pdf export}}.'),
    );
    const counted = counter({ 'pdf export': 5, 'csv export': 17 });
    const answer = await answerQuestion(input(provider, { counter: counted }));
    expect(answer.answer).toBe('17 entries match [1]; 17 of them fail, and 5 vs 5.');
    expect(answer.counts).toEqual([
      { label: 'csv export', count: 17, query: 'csv export' },
      { label: 'pdf export', count: 5, query: 'pdf export' },
    ]);
    expect(counted.asked).toEqual(['pdf export']);
  });

  it('numbers the context themes and fills a theme placeholder with that theme’s count, listed under its name', async () => {
    const themes = [
      { id: 'th_0000000001', name: 'Export failures', kind: 'pain_point', count: 31 },
      { id: 'th_0000000002', name: 'Dark mode', kind: 'feature_request', count: 9 },
    ];
    const provider = new Scripted(() =>
      wire('{{theme:T1}} entries report export failures [1]; {{count}} mention CSV export. {{ theme: t2 }} want dark mode, and {{theme:T1}} is many.'),
    );
    const counted = counter({});
    const answer = await answerQuestion(input(provider, { themes, counter: counted }));
    expect(provider.requests[0]!.user).toContain('T1\tExport failures (pain_point)\nT2\tDark mode (feature_request)');
    expect(answer.answer).toBe('31 entries report export failures [1]; 17 mention CSV export. 9 want dark mode, and 31 is many.');
    expect(answer.counts).toEqual([
      { label: 'Export failures', count: 31, query: 'theme:th_0000000001' },
      { label: 'csv export', count: 17, query: 'csv export' },
      { label: 'Dark mode', count: 9, query: 'theme:th_0000000002' },
    ]);
    // No SQL for a theme's count.
    expect(counted.asked).toEqual([]);
    expect(answer.droppedCitations).toBe(0);
  });

  it('writes "some" for a theme the prompt did not list and counts it as dropped; no number of the model survives', async () => {
    const provider = new Scripted(() =>
      wire('{{theme:T7}} entries want it [1]. {{theme:Export failures}} fail, 31 customers say so [2]; {{theme:T1}} in all [9].'),
    );
    const answer = await answerQuestion(input(provider));
    expect(answer.answer).toBe('some entries want it [1]. some fail, some customers say so [2]; 31 in all.');
    expect(answer.counts).toEqual([{ label: 'Export failures', count: 31, query: 'theme:th_0000000001' }]);
    // T7, "EXPORT FAILURES" and line 9.
    expect(answer.droppedCitations).toBe(3);
  });

  it('lists the themes without references for a question whose scope is not the whole project', async () => {
    const provider = new Scripted(() => wire('{{theme:T1}} entries report failures [1].'));
    const answer = await answerQuestion(input(provider, { themesInScope: false }));
    expect(provider.requests[0]!.user).toContain('-\tExport failures (pain_point)');
    expect(provider.requests[0]!.user).not.toContain('T1');
    expect(answer.answer).toBe('some entries report failures [1].');
    expect(answer.counts).toEqual([]);
    expect(answer.droppedCitations).toBe(1);
  });

  it('caps the searches counted, not the theme counts', async () => {
    const provider = new Scripted(() => wire('{{count:pdf export}} and {{theme:T1}} and {{count:csv export}} [1].'));
    const counted = counter({ 'pdf export': 5, 'csv export': 17 });
    const answer = await answerQuestion(input(provider, { counter: counted, options: { maxCounts: 1 } }));
    expect(answer.answer).toBe('5 and 31 and some [1].');
    expect(counted.asked).toEqual(['pdf export']);
  });

  it('replaces a quote that is not in the entry with a sentence of the entry', async () => {
    const provider = new Scripted(() => wire('It fails [1].', [{ ref: 1, quote: 'export crashes the browser' }]));
    const answer = await answerQuestion(input(provider));
    expect(answer.citations[0]!.quote).toBe('CSV export fails every time I try it.');
  });

  it('redacts entries and the question before the prompt leaves, and quotes the redacted text', async () => {
    const provider = new Scripted(() => wire('Someone wants a reply [4].', [{ ref: 4, quote: 'Write to me at [email]' }]));
    const answer = await answerQuestion(input(provider, { question: 'What did bob@example.org say about export?' }));
    const sent = provider.requests.map((r) => `${r.system}\n${r.user}`).join('\n');
    expect(sent).not.toMatch(/jane\.doe@example\.com|bob@example\.org/);
    expect(sent.match(/\[email\]/g)).toHaveLength(2);
    expect(answer.citations[0]!.quote).toBe('Write to me at [email]');
    // Entries by line number, never by id.
    expect(sent).not.toContain(ENTRIES[0]!.id);
  });

  it('records one ledger row per call with stage ask and streams a checked partial answer', async () => {
    const ledger = new InMemoryCallLedger();
    const partials: string[] = [];
    const provider = new Scripted(() => wire('{{count}} entries say exports fail [1][7].'));
    await answerQuestion(input(provider, { ledger, onProgress: (p) => p.stage === 'answering' && partials.push(p.partialAnswer) }));
    expect(ledger.entries.map((e) => [e.stage, e.outcome, e.promptTokens])).toEqual([['ask', 'ok', 100]]);
    expect(partials.at(-1)).toBe('… entries say exports fail [1].');
    expect(partials.some((p) => p.includes('7'))).toBe(false);
  });

  it('finds a refused entry by halving, leaves it out, remembers it, and the next answer skips it without asking', async () => {
    const refusals = new InMemoryRefusalMemo();
    const filter = (req: ChatRequest) =>
      req.user.includes('Love the charts') ? new LlmError('content_blocked', 'refused', { code: '1301' }) : wire('Exports fail [1].');
    const provider = new Scripted(filter);
    const ledger = new InMemoryCallLedger();
    const answer = await answerQuestion(input(provider, { refusals, ledger }));
    expect(answer.refusedEntries).toBe(1);
    expect(answer.considered).toBe(3);
    // The refused call; probes of lines 1-2 (passes) and 3-4 (refused); of line 3 (refused) and 4; the answer.
    expect(ledger.entries.map((e) => e.outcome)).toEqual(['content_blocked', 'ok', 'content_blocked', 'content_blocked', 'ok', 'ok']);
    expect(provider.requests.at(-1)!.user).not.toContain('Love the charts');

    const again = new Scripted(filter);
    const second = await answerQuestion(input(again, { refusals }));
    expect(second.refusedEntries).toBe(1);
    expect(again.requests).toHaveLength(1);
  });

  it('fails with content_blocked when the filter refuses the prompt itself', async () => {
    const provider = new Scripted(() => new LlmError('content_blocked', 'refused', { code: '1301' }));
    const many = Array.from({ length: 30 }, (_, i) => entry(i + 1, `Export problem number ${i}`));
    await expect(answerQuestion(input(provider, { entries: many }))).rejects.toMatchObject({ kind: 'content_blocked' });
  });

  it('stops at the token cap and when cancelled', async () => {
    const provider = new Scripted(() => wire('x [1]'));
    await expect(answerQuestion(input(provider, { options: { maxTokensPerRun: 10 } }))).rejects.toMatchObject({ kind: 'budget_exceeded' });
    const controller = new AbortController();
    controller.abort('cancelled');
    await expect(answerQuestion(input(provider, { options: { signal: controller.signal } }))).rejects.toMatchObject({ kind: 'cancelled' });
    expect(provider.requests).toHaveLength(0);
  });

  it('answers without a model from the search alone', async () => {
    const answer = await answerQuestion(input(undefined));
    expect(answer.answer).toBe("17 entries match this question's search; the closest are [1] [2] [3].");
    expect(answer.model).toBe('offline');
    expect(answer.citations.map((c) => c.feedbackId)).toEqual(ENTRIES.slice(0, 3).map((e) => e.id));
  });
});

describe('answer text', () => {
  it('decodes the answer field of JSON still being written', () => {
    expect(partialAnswerField('{"answer":"Exports \\"fail\\" [1')).toBe('Exports "fail" [1');
    expect(partialAnswerField('{"answ')).toBe('');
    expect(presentPartial('Exports fail [1', 3)).toBe('Exports fail');
    expect(presentPartial('{{count}} entries {{cou', 3)).toBe('… entries');
  });

  it('keeps a year after a word of time, and takes out a count written in words', () => {
    const checked = checkAnswerText('Since 2024 customers wait. Over twenty-five users and 3 people agree; 40 % left.', 1, () => '');
    expect(checked.text).toBe('Since 2024 customers wait. some users and some people agree; a share left.');
    expect(checked.removedNumbers).toBe(3);
  });

  it('counts a ref used twice once', () => {
    const checked = checkAnswerText('a [5] b [5] c [1, 2]', 2, () => '');
    expect([checked.text, [...checked.unknownRefs]]).toEqual(['a b c [1][2]', [5]]);
  });
});

describe('questions', () => {
  it('normalises case, spacing and trailing punctuation', () => {
    expect(normaliseQuestion('  How many   entries complain about CSV export?? ')).toBe('how many entries complain about csv export');
  });

  it('searches for the subject words and names the tone asked about', () => {
    expect(questionSearch('How many entries complain about CSV export?')).toEqual({ query: 'csv export', terms: ['csv', 'export'], tone: 'negative' });
    expect(questionSearch('What do customers praise?')).toEqual({ query: '', terms: [], tone: 'positive' });
  });
});
