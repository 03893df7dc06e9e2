import type { FeedbackCategory, NewFeedback } from '@insights/db';
import { prng } from '@insights/engine';

export { prng };

export interface DemoTheme {
  name: string;
  weight: number;
  category: FeedbackCategory;
  ratings: [number, number];
  sentiment: 'positive' | 'neutral' | 'negative';
  openers: string[];
  subjects: string[];
  details: string[];
}

// Recurring themes at different frequencies, so an analyser has something real to find.
export const DEMO_THEMES: DemoTheme[] = [
  {
    name: 'export-bug',
    weight: 18,
    category: 'bug',
    ratings: [1, 2],
    sentiment: 'negative',
    openers: ['The CSV export', 'Exporting to PDF', 'The export button', 'Report export'],
    subjects: ['crashes the app', 'times out', 'produces an empty file', 'fails with an error'],
    details: ['on large projects', 'every single time', 'since the last update', 'when filters are applied'],
  },
  {
    name: 'performance',
    weight: 16,
    category: 'complaint',
    ratings: [1, 3],
    sentiment: 'negative',
    openers: ['The dashboard', 'Search', 'Loading the feedback list', 'The analytics page'],
    subjects: ['is painfully slow', 'takes forever to load', 'freezes for seconds', 'lags a lot'],
    details: ['with more than a few hundred entries', 'on mobile', 'in the mornings', 'compared to last month'],
  },
  {
    name: 'pricing',
    weight: 12,
    category: 'complaint',
    ratings: [2, 3],
    sentiment: 'negative',
    openers: ['The pricing', 'The new Pro plan', 'Per-seat billing', 'The price increase'],
    subjects: ['is too expensive for a small team', 'feels unfair', 'is confusing', 'made us consider switching'],
    details: ['for what we use', 'compared to competitors', 'without a yearly discount', 'for a startup'],
  },
  {
    name: 'praise',
    weight: 22,
    category: 'praise',
    ratings: [4, 5],
    sentiment: 'positive',
    openers: ['I love', 'Our team really enjoys', 'Great job on', 'Really impressed by'],
    subjects: ['the clean interface', 'the sentiment charts', 'how easy setup was', 'the support team'],
    details: ['keep it up', 'it saves us hours every week', 'best tool we have tried', 'thank you'],
  },
  {
    name: 'feature-request',
    weight: 17,
    category: 'feature',
    ratings: [3, 4],
    sentiment: 'neutral',
    openers: ['Please add', 'It would be great to have', 'We need', 'Could you support'],
    subjects: ['a Slack integration', 'dark mode', 'custom tags on feedback', 'an API for exports'],
    details: ['for our workflow', 'so we can share insights', 'like other tools offer', 'as soon as possible'],
  },
  {
    name: 'onboarding',
    weight: 9,
    category: 'improvement',
    ratings: [2, 4],
    sentiment: 'neutral',
    openers: ['The onboarding', 'Setting up the widget', 'The documentation', 'Inviting teammates'],
    subjects: ['was confusing', 'could be clearer', 'took longer than expected', 'needs better examples'],
    details: ['for non-technical users', 'on the first day', 'for our designers', 'overall'],
  },
  {
    name: 'login',
    weight: 6,
    category: 'bug',
    ratings: [1, 2],
    sentiment: 'negative',
    openers: ['Login', 'Single sign-on', 'Password reset', 'Two-factor authentication'],
    subjects: ['keeps logging me out', 'sends no email', 'loops back to the start page', 'rejects valid codes'],
    details: ['on Safari', 'after the update', 'every other day', 'for half the team'],
  },
];

export const DEMO_NAMES = ['Ana', 'Ben', 'Chen', 'Dana', 'Eli', 'Fatima', 'Goran', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lars'];
export const LONG_TAIL = [
  'To give some context, we are a team of twelve and we collect feedback from three products.',
  'We tried several workarounds, including clearing the cache and using another browser.',
  'Our customers noticed it too, and a few of them mentioned it in their own surveys.',
  'I am writing this in detail because it affects our weekly reporting to leadership.',
];

const pick = <T>(rand: () => number, items: T[]): T => items[Math.floor(rand() * items.length)]!;

export interface DemoOptions {
  count: number;
  seed: number;
  /** spread of created_at, in days back from `now` */
  days?: number;
  now?: Date;
}

/** Deterministic, realistic feedback: recurring themes, varied ratings and dates, near-duplicates, long entries. */
export function* demoFeedback(options: DemoOptions): Generator<Omit<NewFeedback, 'projectId'>, void> {
  const rand = prng(options.seed);
  const days = options.days ?? 120;
  const now = (options.now ?? new Date('2026-11-01T00:00:00Z')).getTime();
  const totalWeight = DEMO_THEMES.reduce((s, t) => s + t.weight, 0);
  let previous: string | undefined;
  for (let i = 0; i < options.count; i++) {
    let roll = rand() * totalWeight;
    const theme = DEMO_THEMES.find((t) => (roll -= t.weight) < 0) ?? DEMO_THEMES[0]!;
    let text: string;
    if (previous && rand() < 0.03) {
      text = previous.replace(/\.$/, '!').replace(/^The /, 'the ');
    } else {
      text = `${pick(rand, theme.openers)} ${pick(rand, theme.subjects)} ${pick(rand, theme.details)}.`;
      if (rand() < 0.02) text += ' ' + Array.from({ length: 20 + Math.floor(rand() * 40) }, () => pick(rand, LONG_TAIL)).join(' ');
    }
    previous = text;
    const [lo, hi] = theme.ratings;
    const rating = lo + Math.floor(rand() * (hi - lo + 1));
    const score = theme.sentiment === 'positive' ? 0.3 + rand() * 0.7 : theme.sentiment === 'negative' ? -0.3 - rand() * 0.7 : rand() * 0.2 - 0.1;
    const name = pick(rand, DEMO_NAMES);
    yield {
      text,
      rating,
      category: theme.category,
      sentiment: rand() < 0.02 ? 'pending' : theme.sentiment,
      processingStatus: 'completed' as const,
      sentimentScore: Math.round(score * 1000) / 1000,
      userName: name,
      userEmail: `${name.toLowerCase()}${i % 97}@example.com`,
      metadata: { theme: theme.name, source: 'demo' },
      createdAt: new Date(now - Math.floor(rand() * days * 86_400_000)),
    };
  }
}
