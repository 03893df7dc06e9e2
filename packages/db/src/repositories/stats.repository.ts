import { and, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { feedback } from '../schema.js';
import { filterConditions, scopeCondition, type FeedbackFilter, type FeedbackScope } from './feedback.repository.js';

export interface TimeBucket {
  start: string;
  count: number;
  averageRating: number;
  positive: number;
  neutral: number;
  negative: number;
}

// A type alias (not an interface) so it fits index-signature shapes such as the engine's StatsSnapshot.
export type FeedbackStatistics = {
  totalFeedback: number;
  averageRating: number;
  positivePercentage: number;
  negativePercentage: number;
  ratingDistribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  sentimentDistribution: { positive: number; neutral: number; negative: number; pending: number };
  categories: { category: string; count: number; averageRating: number }[];
  timeSeries: { granularity: 'day' | 'week'; buckets: TimeBucket[] };
  range: { from: string | null; to: string | null };
};

// Up to three months reads well day by day; beyond that weekly buckets keep the series short.
const DAILY_UP_TO_DAYS = 92;

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const pct = (part: number, total: number) => (total ? round((part / total) * 100, 1) : 0);

interface Row extends Record<string, unknown> {
  kind: 'total' | 'category' | 'bucket';
  key: string | null;
  n: string;
  avg: string | null;
  r1: string; r2: string; r3: string; r4: string; r5: string;
  pos: string; neu: string; neg: string;
}

/** Aggregates in Postgres: no feedback row is loaded into the process to count it. */
export class StatsRepository {
  constructor(private readonly db: Database) {}

  async compute(scope: FeedbackScope, filter: FeedbackFilter): Promise<FeedbackStatistics> {
    const where = and(scopeCondition(scope), ...filterConditions(filter));
    const span = await this.db
      .select({ from: sql<string | null>`min(${feedback.createdAt})::text`, to: sql<string | null>`max(${feedback.createdAt})::text` })
      .from(feedback)
      .where(where);
    const from = filter.startDate ?? (span[0]?.from ? new Date(`${span[0].from}Z`) : undefined);
    const to = filter.endDate ?? (span[0]?.to ? new Date(`${span[0].to}Z`) : undefined);
    const days = from && to ? (to.getTime() - from.getTime()) / 86_400_000 : 0;
    const granularity = days <= DAILY_UP_TO_DAYS ? 'day' : 'week';

    // One scan: grouping sets give the totals, the per-category rows and the time buckets.
    // Inlined (not a bind parameter) so the three mentions are the same expression to Postgres.
    const bucket = sql`date_trunc('${sql.raw(granularity)}', ${feedback.createdAt})`;
    const result = await this.db.execute<Row>(sql`
      select
        case when grouping(${feedback.category}) = 0 then 'category'
             when grouping(${bucket}) = 0 then 'bucket' else 'total' end as kind,
        coalesce(${feedback.category}, to_char(${bucket}, 'YYYY-MM-DD')) as key,
        count(*) as n,
        avg(${feedback.rating}) as avg,
        count(*) filter (where ${feedback.rating} = 1) as r1,
        count(*) filter (where ${feedback.rating} = 2) as r2,
        count(*) filter (where ${feedback.rating} = 3) as r3,
        count(*) filter (where ${feedback.rating} = 4) as r4,
        count(*) filter (where ${feedback.rating} = 5) as r5,
        count(*) filter (where ${feedback.sentiment} = 'positive') as pos,
        count(*) filter (where ${feedback.sentiment} = 'neutral') as neu,
        count(*) filter (where ${feedback.sentiment} = 'negative') as neg
      from ${feedback}
      where ${where}
      group by grouping sets ((), (${feedback.category}), (${bucket}))
    `);
    return this.toStatistics(result.rows, granularity, span[0]?.from ?? null, span[0]?.to ?? null);
  }

  private toStatistics(rows: Row[], granularity: 'day' | 'week', from: string | null, to: string | null): FeedbackStatistics {
    const total = rows.find((r) => r.kind === 'total');
    const n = Number(total?.n ?? 0);
    const [pos, neu, neg] = [Number(total?.pos ?? 0), Number(total?.neu ?? 0), Number(total?.neg ?? 0)];
    return {
      totalFeedback: n,
      averageRating: round(Number(total?.avg ?? 0)),
      positivePercentage: pct(pos, n),
      negativePercentage: pct(neg, n),
      ratingDistribution: {
        '1': Number(total?.r1 ?? 0),
        '2': Number(total?.r2 ?? 0),
        '3': Number(total?.r3 ?? 0),
        '4': Number(total?.r4 ?? 0),
        '5': Number(total?.r5 ?? 0),
      },
      sentimentDistribution: { positive: pos, neutral: neu, negative: neg, pending: n - pos - neu - neg },
      categories: rows
        .filter((r) => r.kind === 'category')
        .map((r) => ({ category: r.key!, count: Number(r.n), averageRating: round(Number(r.avg)) }))
        .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
      timeSeries: {
        granularity,
        buckets: rows
          .filter((r) => r.kind === 'bucket')
          .map((r) => ({
            start: r.key!,
            count: Number(r.n),
            averageRating: round(Number(r.avg)),
            positive: Number(r.pos),
            neutral: Number(r.neu),
            negative: Number(r.neg),
          }))
          .sort((a, b) => a.start.localeCompare(b.start)),
      },
      range: { from, to },
    };
  }
}
