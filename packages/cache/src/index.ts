export { createCacheStore } from './cache-store.js';
export { TwoTierInsightsCache, type CachedInsights, type CacheTier } from './two-tier-cache.js';
export { envelopeWithMeta, freshReadBody, FRESH_META } from './response-body.js';
export { NO_OVERLAY, RESULT_OVERLAY, TaxonomyOverlay, type ResultOverlay } from './result-overlay.js';
