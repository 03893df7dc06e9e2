import { createHash } from 'node:crypto';
import type { FeedbackItem, StatsSnapshot } from '@insights/engine';

/** A deterministic lowercase UUID-shaped id: the protocol's feedback line pattern requires one. */
export function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const BASE_TIME = Date.UTC(2025, 0, 1);

export function feedbackItem(seed: string, text: string, rating: number, minute: number): FeedbackItem {
  return {
    id: uuidFrom(seed),
    text,
    rating,
    category: 'other',
    sentiment: rating >= 4 ? 'positive' : rating <= 2 ? 'negative' : 'neutral',
    createdAt: new Date(BASE_TIME + minute * 60_000),
  };
}

export interface Topic {
  word: string;
  rating: number;
  phrases: readonly string[];
}

export const TOPICS: readonly Topic[] = [
  {
    word: 'crash',
    rating: 1,
    phrases: ['crash on login every morning', 'crash when uploading photos', 'crash after the update'],
  },
  {
    word: 'darkmode',
    rating: 3,
    phrases: ['darkmode please, my eyes hurt', 'darkmode would be great', 'darkmode for the dashboard'],
  },
  {
    word: 'checkout',
    rating: 5,
    phrases: ['checkout is quick and easy', 'checkout flow is lovely', 'checkout took seconds'],
  },
  {
    word: 'pricing',
    rating: 2,
    phrases: ['pricing is confusing', 'pricing went up again', 'pricing page hides the fees'],
  },
];

/** `count` items cycling through the topics; each text starts with its topic word. */
export function topicFeedback(count: number, prefix = 'item'): FeedbackItem[] {
  return Array.from({ length: count }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length]!;
    const phrase = topic.phrases[Math.floor(i / TOPICS.length) % topic.phrases.length]!;
    return feedbackItem(`${prefix}-${i}`, `${phrase} (note ${i})`, topic.rating, i);
  });
}

export function statsFor(items: readonly FeedbackItem[]): StatsSnapshot {
  const n = items.length;
  const avg = n === 0 ? 0 : items.reduce((s, i) => s + i.rating, 0) / n;
  const pct = (pred: (i: FeedbackItem) => boolean) => (n === 0 ? 0 : (100 * items.filter(pred).length) / n);
  return {
    totalFeedback: n,
    averageRating: avg,
    positivePercentage: pct((i) => i.sentiment === 'positive'),
    negativePercentage: pct((i) => i.sentiment === 'negative'),
    ratingDistribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
  };
}
