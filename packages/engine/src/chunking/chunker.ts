import { createHash } from 'node:crypto';
import type { PreparedEntry } from './entry.js';
import { hashFraction } from './hash.js';

export interface Chunk {
  index: number;
  entries: PreparedEntry[];
  tokens: number;
}

// Content-defined cuts make chunks average a third of the budget, so only about e^-3 (5%) of
// chunks reach the hard budget cut, the one cut that depends on where a chunk started rather than
// on the items themselves. There is deliberately no minimum size: it would make every cut depend
// on the chunk start, and one insertion would shift all later boundaries.
const TARGET_FRACTION = 1 / 3;

/** An item ends its chunk with probability proportional to its size: its id decides, not its position. */
export function isContentBoundary(entry: PreparedEntry, targetTokens: number): boolean {
  return hashFraction('chunk-boundary', entry.id) < entry.tokens / targetTokens;
}

/**
 * Cuts an ordered stream of entries into chunks whose boundaries are stable under insertions
 * elsewhere: new feedback changes the chunk it lands in (rarely the next one), and every other
 * chunk keeps its hash and memoised summary.
 */
export class ChunkBuilder {
  private entries: PreparedEntry[] = [];
  private tokens = 0;
  private count = 0;
  private readonly target: number;

  constructor(private readonly budget: number) {
    this.target = Math.max(1, budget * TARGET_FRACTION);
  }

  /** Adds one entry; returns the chunks it completed (none, one or two). */
  add(entry: PreparedEntry): Chunk[] {
    const done: Chunk[] = [];
    if (this.entries.length > 0 && this.tokens + entry.tokens > this.budget) done.push(this.cut());
    this.entries.push(entry);
    this.tokens += entry.tokens;
    if (isContentBoundary(entry, this.target)) done.push(this.cut());
    return done;
  }

  finish(): Chunk[] {
    return this.entries.length > 0 ? [this.cut()] : [];
  }

  private cut(): Chunk {
    const chunk = { index: this.count++, entries: this.entries, tokens: this.tokens };
    this.entries = [];
    this.tokens = 0;
    return chunk;
  }
}

export function chunkEntries(entries: Iterable<PreparedEntry>, budget: number): Chunk[] {
  const builder = new ChunkBuilder(budget);
  const chunks: Chunk[] = [];
  for (const entry of entries) chunks.push(...builder.add(entry));
  return [...chunks, ...builder.finish()];
}

export interface ChunkHashContext {
  promptVersion: string;
  /** The provider's identity: model and endpoint (see ChatProvider.identity). */
  provider: string;
}

/** The memo key: anything that changes the map answer (prompt, answerer, ids, ratings, texts) changes it. */
export function chunkHash(entries: readonly PreparedEntry[], context: ChunkHashContext): string {
  const hash = createHash('sha256').update(`${context.promptVersion}\0${context.provider}\0`);
  for (const e of entries) hash.update(`${e.id}\t${e.rating}\t${e.text}\n`);
  return hash.digest('hex');
}
