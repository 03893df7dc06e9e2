import { inArray, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { insightsChunkMemo } from '../schema.js';

export type NewChunkMemo = typeof insightsChunkMemo.$inferInsert;

export class ChunkMemoRepository {
  constructor(private readonly db: Database) {}

  /** The stored answers among `hashes`, in one statement; each hit is marked as used now. */
  async getMany(hashes: readonly string[]): Promise<Map<string, unknown>> {
    if (hashes.length === 0) return new Map();
    const rows = await this.db
      .update(insightsChunkMemo)
      .set({ lastUsedAt: sql`now()` })
      .where(inArray(insightsChunkMemo.hash, [...new Set(hashes)]))
      .returning({ hash: insightsChunkMemo.hash, output: insightsChunkMemo.output });
    return new Map(rows.map((row) => [row.hash, row.output]));
  }

  /** First writer wins: the same hash always describes the same chunk, so later writes add nothing. */
  async set(hash: string, output: unknown, meta: { model: string; promptVersion: string; tokens: number }): Promise<void> {
    await this.db
      .insert(insightsChunkMemo)
      .values({ hash, output, model: meta.model, promptVersion: meta.promptVersion, tokens: meta.tokens })
      .onConflictDoNothing();
  }
}
