import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';

/**
 * The Keyv store behind @nestjs/cache-manager in both apps: the worker writes, the API reads,
 * so both must name keys the same way. It may live in its own Redis (CACHE_REDIS_URL) with an
 * eviction policy, apart from the queue's.
 */
export function createCacheStore(url: string, keyPrefix: string): Keyv {
  const store = new KeyvRedis(
    {
      url,
      // While Redis is down a lookup must fail at once (the Postgres tier answers), not wait in
      // an offline queue for a reconnect that may take minutes.
      disableOfflineQueue: true,
      socket: { connectTimeout: 2_000, reconnectStrategy: (retries: number) => Math.min(retries * 200, 2_000) },
    },
    { throwOnConnectError: false, throwOnErrors: false },
  );
  const keyv = new Keyv({
    store,
    namespace: `${keyPrefix}:insights`,
    useKeyPrefix: false,
    // Plain JSON: Keyv's default parser runs a reviver over every value (5x slower), for Buffer
    // and BigInt support these entries never need.
    serialize: (data) => JSON.stringify(data),
    deserialize: (data) => JSON.parse(data),
  });
  // A cache outage must degrade to the Postgres tier, not crash the process.
  keyv.on('error', () => undefined);
  return keyv;
}
