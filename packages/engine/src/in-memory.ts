import type { MapOutput } from './llm/protocol.js';
import type { CallLedger, ChunkMemo, ChunkMemoMeta, EntryFingerprint, FeedbackItem, FeedbackSource, LedgerEntry, RefusalMemo } from './ports.js';

/** Process-local memo: for tests, benchmarks and one-off runs without a database. */
export class InMemoryChunkMemo implements ChunkMemo {
  readonly entries = new Map<string, { value: MapOutput & { refusedIds?: string[] }; meta: ChunkMemoMeta }>();

  async getMany(hashes: readonly string[]): Promise<Map<string, unknown>> {
    return new Map(hashes.flatMap((hash) => (this.entries.has(hash) ? [[hash, this.entries.get(hash)!.value] as const] : [])));
  }

  async set(hash: string, value: MapOutput & { refusedIds?: string[] }, meta: ChunkMemoMeta): Promise<void> {
    this.entries.set(hash, { value, meta });
  }
}

export class InMemoryRefusalMemo implements RefusalMemo {
  readonly entries = new Set<string>();
  private readonly key = (answerer: string, e: EntryFingerprint) => `${answerer}\0${e.id}\0${e.textHash}`;

  async find(answerer: string, entries: readonly EntryFingerprint[]): Promise<Set<string>> {
    return new Set(entries.filter((e) => this.entries.has(this.key(answerer, e))).map((e) => e.id));
  }

  async remember(answerer: string, entries: readonly EntryFingerprint[]): Promise<void> {
    for (const e of entries) this.entries.add(this.key(answerer, e));
  }
}

export class InMemoryCallLedger implements CallLedger {
  readonly entries: LedgerEntry[] = [];

  async record(entry: LedgerEntry): Promise<void> {
    this.entries.push(entry);
  }
}

const byCreatedThenId = (a: FeedbackItem, b: FeedbackItem) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Pages over an array in the order the database source guarantees, (createdAt, id) ascending. */
export function arraySource(items: readonly FeedbackItem[], pageSize = 500): FeedbackSource {
  const sorted = [...items].sort(byCreatedThenId);
  return {
    async *pages() {
      for (let i = 0; i < sorted.length; i += pageSize) yield sorted.slice(i, i + pageSize);
    },
  };
}
