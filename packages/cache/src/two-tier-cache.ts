import type { Cache } from 'cache-manager';
import type { CacheEntryInput, InsightsCacheRepository, InsightsFilters } from '@insights/db';
import type { InsightsResult } from '@insights/engine';
import { freshReadBody } from './response-body.js';
import { bodyReader, type BodyReader } from './cache-store.js';
import { NO_OVERLAY, type ResultOverlay } from './result-overlay.js';

export interface CachedInsights {
  cacheKey: string;
  scopeKey: string;
  projectId: string | null;
  feedbackGeneration: number;
  filters: InsightsFilters;
  /**
   * The full result, as stored in Postgres (a fresh read sends the compact body instead): no
   * overlay applied, so a caller applies the reader's view itself (ResultOverlay), after live
   * counts, which are by the stored themes' ids.
   */
  result: InsightsResult;
  createdAt: string;
}

export type CacheTier = 'redis' | 'postgres';

// A hot-tier lookup slower than this is treated as a miss: Postgres answers instead.
const REDIS_TIMEOUT_MS = 500;

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Redis is the hot tier, Postgres the durable one. Redis holds, per cache key, the whole answer
 * to a fresh read (the compact result in its envelope), so a hit sends stored bytes; Postgres
 * holds the full result. A Redis miss that hits Postgres refills Redis; a Redis outage degrades
 * to Postgres instead of failing the read. Every body it builds goes through the overlay (the
 * project's taxonomy): a hot-tier body is what a reader sees, and an edit drops the project's
 * hot entries (`dropHot`) so the next read builds them again.
 */
export class TwoTierInsightsCache {
  private readonly readBody: BodyReader;

  constructor(
    private readonly redis: Cache,
    private readonly durable: InsightsCacheRepository,
    private readonly ttlMs: number,
    private readonly overlay: ResultOverlay = NO_OVERLAY,
  ) {
    this.readBody = bodyReader(redis.stores[0]!);
  }

  /** The stored body of a fresh read as bytes, from Redis only (undefined on a miss or an outage). */
  async hotBody(cacheKey: string): Promise<Buffer | undefined> {
    return within(this.readBody(cacheKey), REDIS_TIMEOUT_MS);
  }

  /** The response body of a fresh cached read of this key, or undefined when nothing is stored. */
  async freshBody(cacheKey: string): Promise<{ body: string; tier: CacheTier } | undefined> {
    const hot = await within(this.redis.get<string>(cacheKey), REDIS_TIMEOUT_MS);
    if (hot) return { body: hot, tier: 'redis' };
    const body = await this.durableBody(cacheKey);
    return body === undefined ? undefined : { body, tier: 'postgres' };
  }

  /** The same body built from the Postgres tier alone (after a Redis miss), refilling Redis. */
  async durableBody(cacheKey: string): Promise<string | undefined> {
    const row = await this.durable.hit(cacheKey);
    if (!row) return undefined;
    const remaining = row.expiresAt.getTime() - Date.now();
    return this.writeHot(cacheKey, row.projectId, row.result as InsightsResult, remaining);
  }

  /**
   * Builds a body through the overlay and, with `ttlMs` left, writes it to the hot tier. An edit
   * committed after the overlay read the taxonomy may have dropped the project's entries before
   * this write: the stamp read again after it differs then, and the entry goes (the next read
   * builds it with the edit).
   */
  private async writeHot(cacheKey: string, projectId: string | null, result: InsightsResult, ttlMs: number): Promise<string> {
    const stamp = await this.overlay.stamp(projectId);
    const body = freshReadBody(await this.overlay.apply(projectId, result));
    if (ttlMs <= 0) return body;
    await within(this.redis.set(cacheKey, body, ttlMs), REDIS_TIMEOUT_MS);
    if ((await this.overlay.stamp(projectId)) !== stamp) await this.dropHot([cacheKey]);
    return body;
  }

  /**
   * Both tiers, keyed by the cache key: writing the same result twice leaves one entry. A caller
   * may write the durable entry itself (`writeDurable`, say within a statement that also
   * completes its job); the hot tier follows once it is written. `readerView`, when it answers,
   * is the result as readers see it, prepared by the caller from what its durable write read
   * (the worker's completion returns the project's theme edits): then no statement is spent on
   * the overlay.
   */
  async put(
    input: Omit<CacheEntryInput, 'expiresAt'>,
    writeDurable: (entry: CacheEntryInput) => Promise<unknown> = (entry) => this.durable.upsert(entry),
    readerView?: () => InsightsResult | undefined,
  ): Promise<void> {
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await writeDurable({ ...input, expiresAt });
    const prepared = readerView?.();
    if (prepared) {
      await within(this.redis.set(input.cacheKey, freshReadBody(prepared), this.ttlMs), REDIS_TIMEOUT_MS);
      return;
    }
    // The hot tier holds what readers see; the overlay's failure leaves it empty (the next read
    // builds the body from Postgres) rather than failing a result already stored.
    await this.writeHot(input.cacheKey, input.projectId ?? null, input.result as InsightsResult, this.ttlMs).catch(() => undefined);
  }

  /** A stored answer to a question (an `AskAnswer` as JSON text), from Redis only. */
  async hotAnswer(cacheKey: string): Promise<string | undefined> {
    return within(this.redis.get<string>(cacheKey), REDIS_TIMEOUT_MS);
  }

  /** The same from Postgres after a Redis miss, refilling Redis for what is left of its time. */
  async durableAnswer(cacheKey: string): Promise<string | undefined> {
    const row = await this.durable.hit(cacheKey);
    if (!row) return undefined;
    const text = JSON.stringify(row.result);
    const remaining = row.expiresAt.getTime() - Date.now();
    if (remaining > 0) await within(this.redis.set(cacheKey, text, remaining), REDIS_TIMEOUT_MS);
    return text;
  }

  /**
   * An answer to a question in both tiers, under its ask cache key. Its Postgres row has no scope
   * key (''): no insights read, previous result or theme view ever takes it for a result, and
   * the project's taxonomy does not apply to it. The hot tier holds the answer as it is.
   */
  async putAnswer(
    input: Omit<CacheEntryInput, 'expiresAt' | 'scopeKey'>,
    writeDurable: (entry: CacheEntryInput) => Promise<unknown> = (entry) => this.durable.upsert(entry),
  ): Promise<void> {
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await writeDurable({ ...input, scopeKey: '', expiresAt });
    await within(this.redis.set(input.cacheKey, JSON.stringify(input.result), this.ttlMs), REDIS_TIMEOUT_MS);
  }

  /**
   * Deletes hot-tier entries (a deleted project's, or an edited taxonomy's). The Postgres rows go with the project (its
   * foreign key cascades); a Redis outage leaves these to expire with their TTL, unreachable
   * meanwhile, since a read checks the project first.
   */
  async dropHot(cacheKeys: string[]): Promise<void> {
    if (cacheKeys.length) await within(this.redis.mdel(cacheKeys), REDIS_TIMEOUT_MS);
  }

  /** The newest result for the same scope and filters from any generation (to serve stale). */
  async latestForScope(scopeKey: string): Promise<CachedInsights | undefined> {
    const row = await this.durable.latestForScope(scopeKey);
    return row ? toEntry(row) : undefined;
  }

  async latestForProject(projectId: string): Promise<CachedInsights | undefined> {
    const row = await this.durable.latestForProject(projectId);
    return row ? toEntry(row) : undefined;
  }
}

function toEntry(row: Omit<CacheEntryInput, 'expiresAt' | 'userId'> & { createdAt: Date }): CachedInsights {
  return {
    cacheKey: row.cacheKey,
    scopeKey: row.scopeKey,
    projectId: row.projectId,
    feedbackGeneration: row.feedbackGeneration,
    filters: row.filters,
    result: row.result as InsightsResult,
    createdAt: row.createdAt.toISOString(),
  };
}
