import { describe, expect, it } from '@jest/globals';
import { mapOutputSchema, reduceOutputSchema } from '@insights/engine';
import { buildMapAnswer, buildReduceAnswer } from './answers.js';
import { parsePrompt } from './prompt.js';
import { ENTRIES, THEMES, feedbackBlock, mapMessages, messages } from '@insights/testkit';

describe('buildMapAnswer', () => {
  const answer = mapOutputSchema.parse(buildMapAnswer(ENTRIES));

  it('groups entries by shared keyword with a kind from rating and wording', () => {
    const byName = new Map(answer.themes.map((t) => [t.name, t]));
    expect(byName.get('Export problems')).toMatchObject({ kind: 'pain_point', sentiment: 'negative' });
    expect(byName.get('Export problems')!.feedbackIds).toEqual(ENTRIES.slice(0, 3).map((e) => e.id));
    expect(byName.get('Dashboard praise')).toMatchObject({ kind: 'praise', sentiment: 'positive' });
    expect(byName.get('Dark requests')).toMatchObject({ kind: 'feature_request' });
  });

  it('cites every entry exactly once and quotes verbatim text of the cited entries', () => {
    const cited = answer.themes.flatMap((t) => t.feedbackIds);
    expect([...cited].sort()).toEqual(ENTRIES.map((e) => e.id).sort());
    for (const theme of answer.themes) {
      const texts = ENTRIES.filter((e) => theme.feedbackIds.includes(e.id)).map((e) => e.text);
      for (const quote of theme.quotes) expect(texts.some((t) => t.includes(quote))).toBe(true);
    }
  });

  it('keeps at most eight themes by folding the tail into a general theme', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      id: `0b6f1c2e-1d1a-4c6e-9a51-${String(i).padStart(12, '0')}`,
      rating: 3,
      text: `topic${String.fromCharCode(97 + i)}word`,
    }));
    const result = mapOutputSchema.parse(buildMapAnswer(many));
    expect(result.themes).toHaveLength(8);
    expect(result.themes.flatMap((t) => t.feedbackIds)).toHaveLength(20);
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
