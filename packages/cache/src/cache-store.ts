import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';
import { RESP_TYPES } from '@redis/client';

/**
 * The Keyv store behind @nestjs/cache-manager in both apps: the worker writes, the API reads,
 * so both must name keys the same way. It holds text only (response bodies). It may live in its
 * own Redis (CACHE_REDIS_URL) with an eviction policy, apart from the queue's.
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
    // `insights-read`: the values are whole response bodies (see response-body.ts); entries of
    // the earlier layout under `insights` are never read as bodies.
    namespace: `${keyPrefix}:insights-read`,
    useKeyPrefix: false,
    // Values are response text, stored and returned as they are: no envelope to parse on a hit.
    // Redis expires the key (Keyv passes the TTL on as PX), so no `expires` is kept beside it.
    serialize: (data) => String(data.value),
    deserialize: <Value>(text: string) => ({ value: text as Value }),
  });
  // A cache outage must degrade to the Postgres tier, not crash the process.
  keyv.on('error', () => undefined);
  return keyv;
}

/** Reads a stored body as bytes, the Redis reply unconverted: what a hit sends as it is. */
export type BodyReader = (key: string) => Promise<Buffer | undefined>;

export function bodyReader(keyv: Keyv): BodyReader {
  const store = keyv.store as KeyvRedis<string>;
  let typed: { client: unknown; get(key: string): Promise<Buffer | null> } | undefined;
  return async (key) => {
    const client = await store.getClient();
    if (typed?.client !== client) {
      const mapped = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
      typed = { client, get: (k) => mapped.get(k) as Promise<Buffer | null> };
    }
    return (await typed.get(store.createKeyPrefix(key, store.namespace))) ?? undefined;
  };
}
