import { ChunkMemoRepository, LlmCallsRepository, type Database } from '@insights/db';
import { mapOutputSchema, type CallLedger, type ChunkMemo, type LedgerEntry, type MapOutput } from '@insights/engine';

/** The engine's memo port over the Postgres memo table; a row that no longer parses is a miss. */
export function pgChunkMemo(db: Database): ChunkMemo {
  const repo = new ChunkMemoRepository(db);
  return {
    async get(hash: string): Promise<MapOutput | undefined> {
      const parsed = mapOutputSchema.safeParse(await repo.get(hash));
      return parsed.success ? parsed.data : undefined;
    },
    set: (hash, value, meta) => repo.set(hash, value, meta),
  };
}

/** The engine's ledger port over llm_calls, stamping each call with its job and project. */
export function pgCallLedger(db: Database, context: { jobId?: string; projectId: string | null }): CallLedger {
  const repo = new LlmCallsRepository(db);
  return {
    record: (entry: LedgerEntry) =>
      repo.record({ ...entry, jobId: context.jobId ?? null, projectId: context.projectId, errorCode: entry.errorCode ?? null }),
  };
}
