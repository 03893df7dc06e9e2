import { and, asc, lt, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { feedback, SAMPLE_HASH_BITS } from '../schema.js';
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
 * The `sample_hash` bound that keeps exactly the entries whose hash fraction (sample_hash /
 * 2^48) is below `ratio`: for an integer h, h < ratio·2^48 iff h < ceil(ratio·2^48), and both
 * products are exact in a double.
 */
export function sampleHashBound(ratio: number): number {
  return Math.ceil(ratio * 2 ** SAMPLE_HASH_BITS);
}

/**
 * Streams feedback oldest first in keyset pages on (created_at, id): each page is one indexed
 * range read, and only one page is held in memory however large the project grows. Asked for a
 * sample, it reads only the sampled rows, through the (project_id, sample_hash) index, in one
 * statement: the sample is bounded by the ratio, and keyset pages over it would each walk the
 * whole index range again to sort it.
 */
export class FeedbackStream {
  constructor(
    private readonly db: Database,
    private readonly scope: FeedbackScope,
    private readonly filter: FeedbackFilter,
    private readonly pageSize = 1_000,
  ) {}

  async *pages(options: { sampleRatio?: number } = {}): AsyncIterable<StreamedFeedback[]> {
    const sampled = options.sampleRatio !== undefined && options.sampleRatio < 1;
    const base = [scopeCondition(this.scope), ...filterConditions(this.filter)];
    if (sampled) base.push(lt(feedback.sampleHash, sampleHashBound(options.sampleRatio!)));
    const pageSize = sampled ? Number.MAX_SAFE_INTEGER : this.pageSize;
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const conditions = [...base];
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
        .limit(pageSize);
      if (rows.length === 0) return;
      const last = rows.at(-1)!;
      after = { at: last.position, id: last.id };
      yield rows.map(({ position: _position, ...item }) => item);
      if (rows.length < pageSize) return;
    }
  }
}
