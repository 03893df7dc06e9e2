import { and, asc, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { feedback } from '../schema.js';
import { filterConditions, scopeCondition, type FeedbackFilter, type FeedbackScope } from './feedback.repository.js';

export interface StreamedFeedback {
  id: string;
  text: string;
  rating: number;
  category: string;
  sentiment: string;
  createdAt: Date;
}

/**
 * Streams feedback oldest first in keyset pages on (created_at, id): each page is one indexed
 * range read, and only one page is held in memory however large the project grows.
 */
export class FeedbackStream {
  constructor(
    private readonly db: Database,
    private readonly scope: FeedbackScope,
    private readonly filter: FeedbackFilter,
    private readonly pageSize = 1_000,
  ) {}

  async *pages(): AsyncIterable<StreamedFeedback[]> {
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const conditions = [scopeCondition(this.scope), ...filterConditions(this.filter)];
      if (after) conditions.push(sql`(${feedback.createdAt}, ${feedback.id}) > (${after.at}::timestamp, ${after.id}::uuid)`);
      const rows = await this.db
        .select({
          id: feedback.id,
          text: feedback.text,
          rating: feedback.rating,
          category: feedback.category,
          sentiment: feedback.sentiment,
          createdAt: feedback.createdAt,
          position: sql<string>`${feedback.createdAt}::text`,
        })
        .from(feedback)
        .where(and(...conditions))
        .orderBy(asc(feedback.createdAt), asc(feedback.id))
        .limit(this.pageSize);
      if (rows.length === 0) return;
      const last = rows.at(-1)!;
      after = { at: last.position, id: last.id };
      yield rows.map(({ position: _position, ...item }) => item);
      if (rows.length < this.pageSize) return;
    }
  }
}
