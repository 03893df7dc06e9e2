export { createCacheStore } from './cache-store.js';
export { TwoTierInsightsCache, type CachedInsights, type CacheTier } from './two-tier-cache.js';
