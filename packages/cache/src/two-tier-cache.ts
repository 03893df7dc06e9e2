import type { Cache } from 'cache-manager';
import type { CacheEntryInput, InsightsCacheRepository, InsightsFilters } from '@insights/db';

export interface CachedInsights {
  cacheKey: string;
  scopeKey: string;
  projectId: string | null;
  feedbackGeneration: number;
  filters: InsightsFilters;
  /**
   * The result as JSON text. Kept serialized end to end so a cache hit is answered by
   * concatenating strings: parsing and re-serializing a 100+ KB result dominated the read.
   */
  resultJson: string;
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
 * Redis is the hot tier, Postgres the durable one. A Redis miss that hits Postgres refills
 * Redis; a Redis outage degrades to Postgres instead of failing the read.
 */
export class TwoTierInsightsCache {
  constructor(
    private readonly redis: Cache,
    private readonly durable: InsightsCacheRepository,
    private readonly ttlMs: number,
  ) {}

  async get(cacheKey: string): Promise<{ entry: CachedInsights; tier: CacheTier } | undefined> {
    const hot = await within(this.redis.get<CachedInsights>(cacheKey), REDIS_TIMEOUT_MS);
    if (hot) return { entry: hot, tier: 'redis' };
    const row = await this.durable.hit(cacheKey);
    if (!row) return undefined;
    const entry = toEntry(row);
    const remaining = row.expiresAt.getTime() - Date.now();
    if (remaining > 0) await within(this.redis.set(cacheKey, entry, remaining), REDIS_TIMEOUT_MS);
    return { entry, tier: 'postgres' };
  }

  /**
   * Both tiers, keyed by the cache key: writing the same result twice leaves one entry. A caller
   * may write the durable entry itself (`writeDurable`, say within a statement that also
   * completes its job); the hot tier follows once it is written.
   */
  async put(
    input: Omit<CacheEntryInput, 'expiresAt'>,
    writeDurable: (entry: CacheEntryInput) => Promise<void> = (entry) => this.durable.upsert(entry),
  ): Promise<CachedInsights> {
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await writeDurable({ ...input, expiresAt });
    const entry = toEntry({ ...input, createdAt: new Date() });
    await within(this.redis.set(input.cacheKey, entry, this.ttlMs), REDIS_TIMEOUT_MS);
    return entry;
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
    resultJson: JSON.stringify(row.result),
    createdAt: row.createdAt.toISOString(),
  };
}
