import type {
  CallLedger,
  ChunkMemo,
  ChunkMemoMeta,
  ChunkMemoValue,
  EntryFingerprint,
  FeedbackItem,
  FeedbackSource,
  LedgerEntry,
  RefusalMemo,
} from './ports.js';

/** Process-local memo: for tests, benchmarks and one-off runs without a database. */
export class InMemoryChunkMemo implements ChunkMemo {
  readonly entries = new Map<string, { value: ChunkMemoValue; meta: ChunkMemoMeta }>();

  getMany(hashes: readonly string[]): Promise<Map<string, unknown>> {
    return Promise.resolve(new Map(hashes.flatMap((hash) => (this.entries.has(hash) ? [[hash, this.entries.get(hash)!.value] as const] : []))));
  }

  set(hash: string, value: ChunkMemoValue, meta: ChunkMemoMeta): Promise<void> {
    this.entries.set(hash, { value, meta });
    return Promise.resolve();
  }
}

export class InMemoryRefusalMemo implements RefusalMemo {
  readonly entries = new Set<string>();
  private readonly key = (answerer: string, e: EntryFingerprint) => `${answerer}\0${e.id}\0${e.textHash}`;

  find(answerer: string, entries: readonly EntryFingerprint[]): Promise<Set<string>> {
    return Promise.resolve(new Set(entries.filter((e) => this.entries.has(this.key(answerer, e))).map((e) => e.id)));
  }

  remember(answerer: string, entries: readonly EntryFingerprint[]): Promise<void> {
    for (const e of entries) this.entries.add(this.key(answerer, e));
    return Promise.resolve();
  }
}

export class InMemoryCallLedger implements CallLedger {
  readonly entries: LedgerEntry[] = [];

  record(entry: LedgerEntry): Promise<void> {
    this.entries.push(entry);
    return Promise.resolve();
  }
}

const byCreatedThenId = (a: FeedbackItem, b: FeedbackItem) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Pages over an array in the order the database source guarantees, (createdAt, id) ascending. */
export function arraySource(items: readonly FeedbackItem[], pageSize = 500): FeedbackSource {
  const sorted = [...items].sort(byCreatedThenId);
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- a source's pages are an async iterable; the array needs no waiting
    async *pages() {
      for (let i = 0; i < sorted.length; i += pageSize) yield sorted.slice(i, i + pageSize);
    },
  };
}
