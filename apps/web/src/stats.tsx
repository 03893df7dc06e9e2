/** The figures a result's `stats` holds (typed loosely by the API); narrowed field by field. */
export interface TimeBucket {
  start: string;
  count: number;
  averageRating: number;
  positive: number;
  neutral: number;
  negative: number;
}

export interface FeedbackStats {
  totalFeedback: number;
  averageRating: number;
  ratingDistribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  sentimentDistribution: { positive: number; neutral: number; negative: number; pending: number };
  categories: { category: string; count: number; averageRating: number }[];
  timeSeries: { granularity: 'day' | 'week'; buckets: TimeBucket[] };
}

type Loose = Record<string, unknown>;

const record = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Loose) : {});
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const list = (value: unknown): Loose[] => (Array.isArray(value) ? value.map(record) : []);

/** Missing or malformed fields read as zero or empty, so an older result still renders. */
export function readStats(raw: unknown): FeedbackStats {
  const stats = record(raw);
  const ratings = record(stats.ratingDistribution);
  const sentiment = record(stats.sentimentDistribution);
  const series = record(stats.timeSeries);
  return {
    totalFeedback: num(stats.totalFeedback),
    averageRating: num(stats.averageRating),
    ratingDistribution: { 1: num(ratings[1]), 2: num(ratings[2]), 3: num(ratings[3]), 4: num(ratings[4]), 5: num(ratings[5]) },
    sentimentDistribution: {
      positive: num(sentiment.positive),
      neutral: num(sentiment.neutral),
      negative: num(sentiment.negative),
      pending: num(sentiment.pending),
    },
    categories: list(stats.categories).map((c) => ({
      category: typeof c.category === 'string' ? c.category : '',
      count: num(c.count),
      averageRating: num(c.averageRating),
    })),
    timeSeries: {
      granularity: series.granularity === 'week' ? 'week' : 'day',
      buckets: list(series.buckets).map((b) => ({
        start: typeof b.start === 'string' ? b.start : '',
        count: num(b.count),
        averageRating: num(b.averageRating),
        positive: num(b.positive),
        neutral: num(b.neutral),
        negative: num(b.negative),
      })),
    },
  };
}
