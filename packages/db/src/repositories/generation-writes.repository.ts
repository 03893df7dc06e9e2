import type { Database } from '../client.js';
import { insightsChunkMemo, llmCalls } from '../schema.js';
import type { NewChunkMemo } from './chunk-memo.repository.js';
import type { NewLlmCall } from './llm-calls.repository.js';

/**
 * What a generation writes as it goes, the LLM call ledger and the answers memoised, stored
 * together: one multi-row statement per flush instead of a round trip per call and per chunk.
 */
export class GenerationWritesRepository {
  constructor(private readonly db: Database) {}

  async write(calls: readonly NewLlmCall[], memos: readonly NewChunkMemo[]): Promise<void> {
    // First writer wins for a memo hash (the same hash describes the same chunk).
    const memoInsert = () =>
      this.db
        .insert(insightsChunkMemo)
        .values([...memos])
        .onConflictDoNothing();
    if (calls.length === 0) {
      if (memos.length > 0) await memoInsert();
      return;
    }
    if (memos.length === 0) {
      await this.db.insert(llmCalls).values([...calls]);
      return;
    }
    // A data-modifying CTE: both inserts in one statement (and one transaction).
    const memo = this.db.$with('memo').as(memoInsert().returning({ hash: insightsChunkMemo.hash }));
    await this.db
      .with(memo)
      .insert(llmCalls)
      .values([...calls]);
  }
}
