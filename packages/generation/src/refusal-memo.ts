import { RefusedFeedbackRepository, type Database } from '@insights/db';
import type { EntryFingerprint, RefusalMemo } from '@insights/engine';

const toRow = (e: EntryFingerprint) => ({ feedbackId: e.id, textHash: e.textHash });

/**
 * The engine's refusal memo over Postgres. Unlike the ledger it is not buffered: a run looks it up
 * once (for the chunks the memo did not know) and writes it only when the search found refusals.
 */
export class PgRefusalMemo implements RefusalMemo {
  private readonly repo: RefusedFeedbackRepository;

  constructor(db: Database) {
    this.repo = new RefusedFeedbackRepository(db);
  }

  find(answerer: string, entries: readonly EntryFingerprint[]): Promise<Set<string>> {
    return this.repo.find(answerer, entries.map(toRow));
  }

  remember(answerer: string, entries: readonly EntryFingerprint[]): Promise<void> {
    return this.repo.remember(answerer, entries.map(toRow));
  }
}
