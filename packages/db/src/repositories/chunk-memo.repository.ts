import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { insightsChunkMemo } from '../schema.js';

export class ChunkMemoRepository {
  constructor(private readonly db: Database) {}

  async get(hash: string): Promise<unknown | undefined> {
    const [row] = await this.db
      .update(insightsChunkMemo)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(insightsChunkMemo.hash, hash))
      .returning({ output: insightsChunkMemo.output });
    return row?.output;
  }

  /** First writer wins: the same hash always describes the same chunk, so later writes add nothing. */
  async set(hash: string, output: unknown, meta: { model: string; promptVersion: string; tokens: number }): Promise<void> {
    await this.db
      .insert(insightsChunkMemo)
      .values({ hash, output, model: meta.model, promptVersion: meta.promptVersion, tokens: meta.tokens })
      .onConflictDoNothing();
  }
}
