import { describe, expect, it } from '@jest/globals';
import { mapAnswerSchema } from '@insights/engine';
import { buildMapAnswer } from './answers.js';
import type { FeedbackEntry } from './prompt.js';

const entry = (id: number, rating: number, text: string): FeedbackEntry => ({ id: String(id), rating, text });
const themesOf = (entries: FeedbackEntry[]) => mapAnswerSchema.parse(buildMapAnswer(entries)).themes.map(({ name, kind, ids }) => ({ name, kind, ids }));

describe('buildMapAnswer reads what each entry does', () => {
  it('keeps praise and complaints that share a word in separate themes', () => {
    // Too few entries for topics: each entry goes under its most widespread word among the
    // entries of its kind. "team" is in all eight; within the complaints "expensive", "pricing"
    // and "team" are each in all four, and "expensive" comes first alphabetically.
    const call = [
      entry(1, 5, 'Our team loves the support team, thank you.'),
      entry(2, 5, 'The support team answered within minutes, thank you.'),
      entry(3, 4, 'Our team loves how quick the support team is.'),
      entry(4, 5, 'Great support team, our team is happy.'),
      entry(5, 2, 'The pricing is too expensive for a small team.'),
      entry(6, 1, 'Pricing is too expensive for our team.'),
      entry(7, 2, 'Our team finds the pricing too expensive.'),
      entry(8, 2, 'Too expensive pricing for a small team like ours.'),
    ];
    expect(themesOf(call)).toEqual([
      { name: 'Expensive problems', kind: 'pain_point', ids: [5, 6, 7, 8] },
      { name: 'Team praise', kind: 'praise', ids: [1, 2, 3, 4] },
    ]);
  });

  it('reads the entries no topic of their kind took once more, together', () => {
    // Two requests for dark mode and two complaints about it: too few of either kind for a
    // topic, four together.
    const cross = (...lists: string[][]) => lists.reduce((acc, list) => acc.flatMap((a) => list.map((b) => `${a} ${b}`)));
    const texts: [string, number][] = [
      ...cross(
        ['Our team really enjoys', 'Great job on', 'I love'],
        ['the support team', 'the sentiment charts'],
        ['it saves our team hours.', 'our team says thanks.'],
      ).map((t): [string, number] => [t, 5]),
      ...cross(['The pricing', 'Per-seat billing'], ['is too expensive for our team', 'feels unfair to our team'], ['this year.', 'for what we use.']).map(
        (t): [string, number] => [t, 2],
      ),
      ...cross(['The CSV export', 'Report export'], ['fails with an error', 'times out'], ['on large projects.', 'every single time.']).map(
        (t): [string, number] => [t, 1],
      ),
      ['Please add dark mode for night work.', 4],
      ['Could you add dark mode for night work?', 3],
      ['Dark mode for night work is missing.', 3],
      ['No dark mode for night work yet.', 2],
    ];
    const themes = themesOf(texts.map(([text, rating], i) => entry(i + 1, rating, text)));
    const ids = (name: RegExp) => (themes.find((t) => name.test(t.name))?.ids ?? []).map(Number).sort((a, b) => a - b);
    expect(ids(/dark mode/i)).toEqual([29, 30, 31, 32]);
    expect(ids(/pric/i)).toEqual([13, 14, 15, 16, 17, 18, 19, 20]);
    expect(ids(/export/i)).toEqual([21, 22, 23, 24, 25, 26, 27, 28]);
  });
});
