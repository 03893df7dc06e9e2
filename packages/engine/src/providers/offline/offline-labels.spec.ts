import { describe, expect, it } from '@jest/globals';
import { themesOfEntries } from './offline-analyser.js';

// Requests for four things in the same phrasing, praise for four things in the same phrasing,
// and problems in several places said in several ways: what a product manager calls one subject.
const OPENERS = ['Please add', 'It would be great to have', 'We need', 'Could you support'];
const WANTED = ['a Slack integration', 'dark mode', 'custom tags on feedback', 'an API for exports'];
const DETAILS = ['for our workflow', 'so we can share insights', 'as soon as possible', 'like other tools offer'];
const PRAISING = ['I love', 'Great job on', 'Really impressed by', 'Our team really enjoys'];
const PRAISED = ['the clean interface', 'the sentiment charts', 'how easy setup was', 'the support team'];
const THANKS = ['keep it up', 'it saves us hours every week', 'thank you', 'best tool we have tried'];
const APPLIED = [
  'The CSV export fails when filters are applied',
  'Report export crashes when filters are applied',
  'The PDF export times out when filters are applied',
];

function entries(): { id: string; rating: number; text: string; subject: string }[] {
  const list: { id: string; rating: number; text: string; subject: string }[] = [];
  for (const [s, subject] of WANTED.entries()) {
    for (let i = 0; i < 16; i++) {
      list.push({ id: `want-${s}-${i}`, rating: 3, subject, text: `${OPENERS[i % 4]} ${subject} ${DETAILS[(i + s) % 4]}.` });
    }
  }
  for (const [s, subject] of PRAISED.entries()) {
    for (let i = 0; i < 16; i++) {
      list.push({ id: `praise-${s}-${i}`, rating: 5, subject, text: `${PRAISING[i % 4]} ${subject} ${THANKS[(i + s) % 4]}.` });
    }
  }
  for (let i = 0; i < 30; i++) list.push({ id: `export-${i}`, rating: 1, subject: 'export', text: `${APPLIED[i % 3]}, every time (${i}).` });
  return list;
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}'-]+/gu) ?? [];

describe('offline theme labels', () => {
  const input = entries();
  const themes = themesOfEntries(input);
  const written = new Set(input.flatMap((e) => words(e.text)));

  it('makes one theme of each thing asked for or praised, naming that thing alone', () => {
    for (const subject of [...WANTED, ...PRAISED]) {
      const ids = new Set(input.filter((e) => e.subject === subject).map((e) => e.id));
      const carrying = themes.filter((t) => t.feedbackIds.some((id) => ids.has(id)));
      expect(carrying).toHaveLength(1);
      expect(carrying[0]!.count).toBe(ids.size);
      expect(carrying[0]!.feedbackIds.every((id) => ids.has(id))).toBe(true);
    }
    const names = themes.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['Slack integration', 'Dark mode', 'Custom tags', 'API for exports']));
    expect(names).toEqual(expect.arrayContaining(['Clean interface', 'Sentiment charts', 'Easy setup', 'Support team']));
  });

  it('labels a theme with a short phrase, not a list of terms', () => {
    for (const t of themes) {
      expect(t.name).not.toMatch(/,| and /);
      expect(t.name.split(' ').length).toBeLessThanOrEqual(4);
    }
  });

  it('shows only words the feedback used, never a stem', () => {
    // "applied", "entries" and "customers" stem to "appli", "entri" and "custom".
    const shown = themes.flatMap((t) => [t.name, t.summary, ...t.terms]);
    for (const text of shown)
      for (const word of words(text).filter((w) => !/^\d+$/.test(w))) expect([text, written.has(word) || DESCRIBING.has(word)]).toEqual([text, true]);
    expect(themes.find((t) => t.feedbackIds.includes('export-0'))!.name).toBe('Export problems');
    expect(themes.find((t) => t.feedbackIds.includes('export-0'))!.terms).toContain('applied');
  });
});

describe('offline problem labels', () => {
  it("says what happens to a problem's subject when most of it says so with a participle", () => {
    const places = ['hotel', 'station', 'museum', 'pharmacy', 'restaurant'];
    const ways = [
      (p: string) => `My card was declined at the ${p} again.`,
      (p: string) => `Card declined at a ${p}, so embarrassing.`,
      (p: string) => `The card got declined at the ${p} twice.`,
      (p: string) => `At the ${p} my card was declined.`,
    ];
    const input = [
      ...Array.from({ length: 20 }, (_, i) => ({ id: `card-${i}`, rating: 1, text: ways[i % 4]!(places[i % 5]!) })),
      ...Array.from({ length: 20 }, (_, i) => ({ id: `other-${i}`, rating: 5, text: `The savings goals are lovely, ${places[i % 5]} or not.` })),
    ];
    const theme = themesOfEntries(input).find((t) => t.feedbackIds.includes('card-0'))!;
    expect(theme.name).toBe('Card declined');
  });
});

describe('offline labels and quotes', () => {
  it('says what happened to the subject when it comes before it ("a declined card")', () => {
    const places = ['hotel', 'station', 'museum', 'pharmacy', 'restaurant'];
    const ways = [
      (p: string) => `A declined card at the ${p} again.`,
      (p: string) => `Another declined card at a ${p}, so embarrassing.`,
      (p: string) => `My card stopped working at the ${p} twice.`,
      (p: string) => `My card was useless at the ${p}.`,
    ];
    const input = [
      ...Array.from({ length: 20 }, (_, i) => ({ id: `card-${i}`, rating: 1, text: ways[i % 4]!(places[i % 5]!) })),
      ...Array.from({ length: 20 }, (_, i) => ({ id: `other-${i}`, rating: 5, text: `The savings goals are lovely, ${places[i % 5]} or not.` })),
    ];
    const theme = themesOfEntries(input).find((t) => t.feedbackIds.includes('card-0'))!;
    expect(theme.name).toMatch(/^(Card declined|Declined card)$/);
  });

  it('keeps a request theme whole when most of it names one thing, however some of it qualify it', () => {
    // "budget" read as a verb in "a budgeting feature", as a noun in "monthly budgets"; some
    // entries also say "categories", some "limits".
    const ways = [
      'Would love a budgeting feature for groceries.',
      'Please add monthly budgets with spending categories.',
      'Could you add budgeting tools with limits per category?',
      'A spending breakdown by category would help me.',
      'Please add a spending limit for eating out.',
    ];
    const input = [
      ...Array.from({ length: 40 }, (_, i) => ({ id: `budget-${i}`, rating: 4, text: `${ways[i % 5]!} (${i})` })),
      ...Array.from({ length: 40 }, (_, i) => ({ id: `crash-${i}`, rating: 1, text: `The app crashes on launch after the update (${i}).` })),
    ];
    const carrying = themesOfEntries(input).filter((t) => t.feedbackIds.some((id) => id.startsWith('budget-')));
    expect(carrying).toHaveLength(1);
  });

  it('quotes the entries most typical of a theme, not one that joined through one shared word', () => {
    const input = [
      { id: 'odd', rating: 2, text: 'The metal card scratches easily.' },
      ...Array.from({ length: 30 }, (_, i) => ({
        id: `card-${i}`,
        rating: 1,
        text: `My card was declined at the ${['hotel', 'museum', 'station'][i % 3]} abroad${i % 2 ? ' again' : ''}.`,
      })),
      ...Array.from({ length: 30 }, (_, i) => ({ id: `crash-${i}`, rating: 1, text: `The app crashes on launch after the update (${i}).` })),
      ...Array.from({ length: 30 }, (_, i) => ({ id: `fee-${i}`, rating: 2, text: `The monthly fee went up without warning (${i}).` })),
    ];
    const theme = themesOfEntries(input).find((t) => t.feedbackIds.includes('card-0'))!;
    // It is in the theme, and first: quoted in order, it would be quoted first.
    expect(theme.feedbackIds[0]).toBe('odd');
    expect(theme.quotes).toHaveLength(3);
    expect(theme.quotes).not.toContain('The metal card scratches easily.');
  });
});

// The words a theme's summary adds around the feedback's own ("30 of 158 analysed entries ask for").
const DESCRIBING = new Set(['of', 'analysed', 'entries', 'ask', 'for', 'are', 'about', 'with', 'an', 'average', 'rating', 'problems']);
