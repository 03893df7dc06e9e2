import { ChunkMemoRepository, GenerationWritesRepository, type Database, type NewChunkMemo, type NewLlmCall } from '@insights/db';
import { roundUsd, type PriceBook } from '@insights/config';
import type { CallLedger, ChunkMemo, LedgerEntry } from '@insights/engine';

// A crash loses at most this much of a run's ledger rows and memoised answers (a retry pays
// for those chunks again); longer would lose more, shorter would cost a statement per call.
const FLUSH_INTERVAL_MS = 1_000;

/**
 * The engine's memo and ledger ports over Postgres for one run. Lookups are one statement for
 * every chunk of the run; ledger rows and new memo entries are buffered and written together,
 * at most once a second while the run goes on and once when it ends (`flush`, which the caller
 * awaits whether the run succeeded or not). Each row is priced as it is recorded, by the model it
 * names, so a later change of prices leaves its cost as it was.
 */
export class PgRunStore {
  private calls: NewLlmCall[] = [];
  private memos: NewChunkMemo[] = [];
  private lastFlush = Date.now();
  private writing: Promise<void> = Promise.resolve();
  private spentUsd = 0;
  private unpriced = false;
  private readonly memoRepo: ChunkMemoRepository;
  private readonly writes: GenerationWritesRepository;

  constructor(
    db: Database,
    private readonly context: { jobId?: string; projectId: string | null; userId: string },
    private readonly prices?: PriceBook,
    private readonly flushIntervalMs = FLUSH_INTERVAL_MS,
  ) {
    this.memoRepo = new ChunkMemoRepository(db);
    this.writes = new GenerationWritesRepository(db);
  }

  readonly memo: ChunkMemo = {
    getMany: (hashes) => this.memoRepo.getMany(hashes),
    set: async (hash, output, meta) => {
      this.memos.push({ hash, output, model: meta.model, promptVersion: meta.promptVersion, tokens: meta.tokens });
      await this.flushIfDue();
    },
  };

  readonly ledger: CallLedger = {
    record: (entry: LedgerEntry) => this.recordPriced(entry, this.costOf(entry)),
  };

  /** US dollars of one entry (null: its model has no price), as its row stores it. */
  costOf(entry: LedgerEntry): number | null {
    return this.prices ? this.prices.costOf(entry) : null;
  }

  /** The cost of every row this run recorded; null when one of them had no price. */
  get costUsd(): number | null {
    return this.unpriced ? null : roundUsd(this.spentUsd);
  }

  /** Records an entry already priced (the generator prices it once, for its listeners too). */
  async recordPriced(entry: LedgerEntry, costUsd: number | null): Promise<void> {
    if (costUsd === null) this.unpriced = true;
    else this.spentUsd += costUsd;
    // Stamped when the call ended, not when the buffer is written: budgets count by day.
    this.calls.push({
      ...entry,
      costUsd,
      jobId: this.context.jobId ?? null,
      projectId: this.context.projectId,
      userId: this.context.userId,
      errorCode: entry.errorCode ?? null,
      createdAt: new Date(),
    });
    await this.flushIfDue();
  }

  /** Writes whatever is buffered; writes never overlap, so rows land in the order they came. */
  flush(): Promise<void> {
    const calls = this.calls;
    const memos = this.memos;
    this.calls = [];
    this.memos = [];
    this.lastFlush = Date.now();
    this.writing = this.writing.catch(() => undefined).then(() => (calls.length || memos.length ? this.writes.write(calls, memos) : undefined));
    return this.writing;
  }

  private async flushIfDue(): Promise<void> {
    if (Date.now() - this.lastFlush >= this.flushIntervalMs) await this.flush();
  }
}
