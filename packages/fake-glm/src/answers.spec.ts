import { describe, expect, it } from '@jest/globals';
import { mapAnswerSchema, reduceOutputSchema, type ReduceInputTheme } from '@insights/engine';
import { buildMapAnswer, buildReduceAnswer } from './answers.js';
import { parsePrompt } from './prompt.js';
import { ENTRIES, THEMES, feedbackBlock, mapMessages, messages } from '@insights/testkit';

describe('buildMapAnswer', () => {
  const answer = mapAnswerSchema.parse(buildMapAnswer(ENTRIES));
  const numbers = (entries: readonly { id: string }[]) => entries.map((e) => Number(e.id));

  it('groups entries by shared keyword with a kind from rating and wording', () => {
    const byName = new Map(answer.themes.map((t) => [t.name, t]));
    expect(byName.get('Export problems')).toMatchObject({ kind: 'pain_point', sentiment: 'negative' });
    expect(byName.get('Export problems')!.ids).toEqual(numbers(ENTRIES.slice(0, 3)));
    expect(byName.get('Dashboard praise')).toMatchObject({ kind: 'praise', sentiment: 'positive' });
    expect(byName.get('Dark requests')).toMatchObject({ kind: 'feature_request' });
  });

  it('cites every entry exactly once, by its number, and writes no quotes', () => {
    const cited = answer.themes.flatMap((t) => t.ids);
    expect([...cited].sort()).toEqual(numbers(ENTRIES).sort());
    expect(JSON.stringify(buildMapAnswer(ENTRIES))).not.toMatch(/quotes|feedbackIds/);
  });

  it('keeps at most eight themes by folding the tail into a general theme', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      id: String(i + 1),
      rating: 3,
      text: `topic${String.fromCharCode(97 + i)}word`,
    }));
    const result = mapAnswerSchema.parse(buildMapAnswer(many));
    expect(result.themes).toHaveLength(8);
    expect(result.themes.flatMap((t) => t.ids)).toHaveLength(20);
    expect(result.themes.at(-1)!.name).toBe('Various feedback');
  });
});

describe('parsePrompt', () => {
  it('reads stage and entries, ignoring lines that are not entries and text after the close fence', () => {
    const user = `${feedbackBlock(ENTRIES.slice(0, 2))}\nnot an entry\n${ENTRIES[2]!.id}\t1\toutside`;
    const parsed = parsePrompt(messages('map', `intro\n${user}`));
    expect(parsed.stage).toBe('map');
    expect(parsed.feedback!.map((e) => e.id)).toEqual([ENTRIES[0]!.id, ENTRIES[1]!.id]);
    expect(parsed.themes).toBeNull();
  });

  it('returns no stage when the marker is missing from the first system line', () => {
    const [system, user] = mapMessages();
    expect(parsePrompt([{ ...system!, content: `hello\n${system!.content}` }, user!]).stage).toBeNull();
  });
});

describe('buildReduceAnswer', () => {
  const answer = reduceOutputSchema.parse(buildReduceAnswer(THEMES));

  it('merges themes about the same subject and cites each given ref once', () => {
    expect(answer.themes[0]).toMatchObject({ name: 'Export problems', kind: 'pain_point', refs: ['t1', 't2'] });
    expect(answer.themes.flatMap((t) => t.refs).sort()).toEqual(THEMES.map((t) => t.ref).sort());
    expect(answer.summary).toContain('export problems (17)');
  });

  it('recommends actionable themes by merged name with priority by share', () => {
    const names = new Set(answer.themes.map((t) => t.name));
    expect(answer.recommendations.length).toBeGreaterThanOrEqual(1);
    expect(answer.recommendations.length).toBeLessThanOrEqual(3);
    for (const rec of answer.recommendations) for (const name of rec.themes) expect(names.has(name)).toBe(true);
    expect(answer.recommendations[0]).toMatchObject({ priority: 'high', themes: ['Export problems'] });
    expect(answer.recommendations.map((r) => r.priority)).toEqual(['high', 'medium', 'low']);
  });

  it('answers an empty theme list with a valid empty result', () => {
    expect(reduceOutputSchema.parse(buildReduceAnswer([]))).toMatchObject({ themes: [], recommendations: [] });
  });
});

describe('buildReduceAnswer on partial themes of one subject each', () => {
  // Partial themes as two map calls name them: the same subjects, the same request phrasing.
  const partial = (ref: string, name: string, about: string, kind: ReduceInputTheme['kind'], count: number): ReduceInputTheme => ({
    ref,
    name,
    summary: `About: ${about}. ${count} entries, average rating 3.0.`,
    kind,
    count,
  });
  const SUBJECTS = ['Dark mode', 'Slack integration', 'Custom tags', 'API for exports'];
  const DETAILS = ['workflow', 'share insights', 'tools offer', 'soon'];
  // Four calls, each naming the four requests, with the same details spread over them.
  const requests = Array.from({ length: 16 }, (_, i) => {
    const subject = SUBJECTS[i % 4]!;
    const details = [DETAILS[i % 4], DETAILS[(i + 1) % 4], DETAILS[(i + 2) % 4]].join(', ');
    return partial(`t${i + 1}`, subject, `${subject.toLowerCase()}, ${details}`, 'feature_request', 3 + (i % 5));
  });
  const input = [
    ...requests,
    partial('t17', 'Export problems', 'export, button, applied, filters, entries, pricing', 'pain_point', 9),
    partial('t18', 'Exporting to PDF problems', 'export, PDF, applied, filters, entries', 'pain_point', 7),
  ];
  const answer = reduceOutputSchema.parse(buildReduceAnswer(input));

  it('merges requests for the same thing and keeps requests for different things apart', () => {
    for (const [n, subject] of SUBJECTS.entries()) {
      const refs = requests.filter((_, i) => i % 4 === n).map((t) => t.ref);
      expect(answer.themes.filter((t) => t.refs.some((r) => refs.includes(r))).map((t) => [t.name, t.refs.sort()])).toEqual([[subject, refs.sort()]]);
    }
  });

  it('shows the words as the themes wrote them, never a folded stem', () => {
    const written = new Set(input.flatMap((t) => `${t.name} ${t.summary}`.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
    const shown = answer.themes.flatMap((t) => /^About: ([^.]*)\./.exec(t.summary)![1]!.split(', '));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.flatMap((w) => w.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => !written.has(w))).toEqual([]);
  });

  it('keeps problems with different subjects apart, though every problem label ends in the same word', () => {
    const problems = reduceOutputSchema.parse(
      buildReduceAnswer([
        partial('p1', 'CSV export problems', 'csv, export, fails, timeout, error', 'pain_point', 40),
        partial('p2', 'Login problems', 'login, single, sign, keeps, failing', 'pain_point', 40),
      ]),
    );
    expect(problems.themes.map((t) => t.refs)).toEqual([['p1'], ['p2']]);
  });
});
