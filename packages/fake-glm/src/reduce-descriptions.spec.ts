import { describe, expect, it } from '@jest/globals';
import { reduceOutputSchema, type ReduceInputTheme } from '@insights/engine';
import { buildMapAnswer, buildReduceAnswer, distinctiveWords } from './answers.js';

describe('distinctiveWords', () => {
  // Worked by hand: five entries, the theme is the first two, "export" is its own term.
  // Folded words and the entries using them: fail 1 2, error 1, file 2, large 2 5 (export is known).
  // Score = share of the theme's entries using the word × ln(5 / entries of the call using it):
  // fail 1 × ln 2.5 = 0.92, error ½ × ln 5 = 0.80, file ½ × ln 5 = 0.80, large ½ × ln 2.5 = 0.46.
  const entries = [
    { id: '1', rating: 1, text: 'Export fails with an error' },
    { id: '2', rating: 1, text: 'Export fails on large files' },
    { id: '3', rating: 2, text: 'Dashboard is slow' },
    { id: '4', rating: 2, text: 'Dashboard is slow on mobile' },
    { id: '5', rating: 2, text: 'Large dashboard is slow' },
  ];

  it('lists the words the theme uses more than the rest of the call, as written, most telling first', () => {
    expect(distinctiveWords(entries, { feedbackIds: ['1', '2'], terms: ['export'] })).toEqual(['fails', 'error', 'files', 'large']);
  });

  it("leaves out the theme's own terms and words every entry of the call uses", () => {
    expect(distinctiveWords(entries, { feedbackIds: ['3', '4'], terms: ['dashboard', 'slow'] })).toEqual(['mobile']);
    const same = entries.map((e) => ({ ...e, text: 'Dashboard is slow' }));
    expect(distinctiveWords(same, { feedbackIds: ['1', '2'], terms: [] })).toEqual([]);
  });
});

describe('map summaries', () => {
  it("say what a theme's entries also say after the About terms", () => {
    const details = ['on large projects', 'since the update', 'every single time', 'for half the team', 'on mobile'];
    const openers = [
      ['The CSV export fails', 1],
      ['Search is painfully slow', 2],
      ['I love the clean interface', 5],
    ] as const;
    const entries = openers.flatMap(([text, rating], o) =>
      details.flatMap((detail, d) => [0, 1].map((k) => ({ id: String(o * 10 + d * 2 + k + 1), rating, text: `${text} ${detail}.` }))),
    );
    const summaries = buildMapAnswer(entries).themes.map((t) => t.summary);
    expect(summaries.length).toBeGreaterThan(0);
    for (const s of summaries) expect(s).toMatch(/^About: .+\. \d+ entries, average rating \d\.\d\. They also say: [^.]+\.$/);
  });
});

describe('buildReduceAnswer: problems described alike', () => {
  const theme = (ref: string, name: string, about: string, also: string | null, count: number): ReduceInputTheme => ({
    ref,
    name,
    kind: 'pain_point',
    count,
    summary: `About: ${about}. ${count} entries, average rating 1.8.${also ? ` They also say: ${also}.` : ''}`,
  });

  // Worked by hand: no word of the first two names or About lists is shared (overlap 0). Their
  // descriptions share slow, timeout, spinner, each in 2 of 3 themes (weight ln(4/2) = 0.69); their
  // own two words are in one theme each (ln 4 = 1.39). Cosine = 3 × 0.69² / (2 × 1.39² + 3 × 0.69²)
  // = 1.44 / 5.28 = 0.27, above 0.15: merged. The password theme shares nothing: cosine 0.
  const input = [
    theme('t1', 'Checkout problems', 'checkout, basket', 'slow, timeout, spinner', 5),
    theme('t2', 'Payment page problems', 'payment, page', 'slow, timeout, spinner', 4),
    theme('t3', 'Password problems', 'password, reset', 'email, link', 3),
  ];

  it('merges problem themes named in different words when their entries say the same things', () => {
    const out = reduceOutputSchema.parse(buildReduceAnswer(input));
    expect(out.themes.map((t) => [t.name, t.refs])).toEqual([
      ['Checkout problems', ['t1', 't2']],
      ['Password problems', ['t3']],
    ]);
  });

  it('keeps them apart when their descriptions share nothing', () => {
    const bare = [input[0]!, { ...input[1]!, summary: 'About: payment, page. 4 entries, average rating 1.8. They also say: declined, card.' }, input[2]!];
    const out = reduceOutputSchema.parse(buildReduceAnswer(bare));
    expect(out.themes.map((t) => t.refs)).toEqual([['t1'], ['t2'], ['t3']]);
  });

  it('does not merge requests by their descriptions', () => {
    const requests = input.slice(0, 2).map((t) => ({ ...t, kind: 'feature_request' as const }));
    const out = reduceOutputSchema.parse(buildReduceAnswer(requests));
    expect(out.themes).toHaveLength(2);
  });
});
