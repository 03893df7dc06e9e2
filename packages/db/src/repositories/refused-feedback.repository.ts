import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { feedback, refusedFeedback } from '../schema.js';

export interface RefusedEntry {
  feedbackId: string;
  textHash: string;
}

export class RefusedFeedbackRepository {
  constructor(private readonly db: Database) {}

  /** Of `entries`, those `answerer` refused with the same text hash; one statement. */
  async find(answerer: string, entries: readonly RefusedEntry[]): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    const wanted = new Map(entries.map((e) => [e.feedbackId.toLowerCase(), e.textHash]));
    const rows = await this.db
      .select({ feedbackId: refusedFeedback.feedbackId, textHash: refusedFeedback.textHash })
      .from(refusedFeedback)
      // One array parameter: a sample may hold more entries than a statement may have parameters.
      .where(and(eq(refusedFeedback.answerer, answerer), sql`${refusedFeedback.feedbackId} = any(${sql.param([...wanted.keys()])}::uuid[])`));
    return new Set(rows.filter((r) => wanted.get(r.feedbackId) === r.textHash).map((r) => r.feedbackId));
  }

  /**
   * Remembers refusals of entries that still exist (one deleted meanwhile is skipped rather than
   * failing the run on the foreign key); a refusal already known is kept as it was.
   */
  async remember(answerer: string, entries: readonly RefusedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const ids = entries.map((e) => e.feedbackId.toLowerCase());
    const hashes = entries.map((e) => e.textHash);
    await this.db.execute(sql`
      insert into ${refusedFeedback} (feedback_id, answerer, text_hash)
      select f.id, ${answerer}, r.text_hash
      from unnest(${sql.param(ids)}::uuid[], ${sql.param(hashes)}::text[]) as r(feedback_id, text_hash)
      join ${feedback} f on f.id = r.feedback_id
      on conflict do nothing`);
  }
}
