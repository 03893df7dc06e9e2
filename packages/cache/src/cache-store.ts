import { Keyv } from 'keyv';
import KeyvRedis, { type RedisClusterOptions } from '@keyv/redis';

/**
 * The Keyv store behind @nestjs/cache-manager in both apps: the worker writes, the API reads,
 * so both must name keys the same way. It may live in its own Redis (CACHE_REDIS_URL) with an
 * eviction policy, apart from the queue's, or on a Redis Cluster (`clusterNodes`, reached with
 * the URL's credentials and TLS). Every entry is one key, so any slot will do.
 */
export function createCacheStore(url: string, keyPrefix: string, clusterNodes?: { host: string; port: number }[]): Keyv {
  const store = new KeyvRedis(clusterNodes?.length ? clusterOptions(url, clusterNodes) : { url, ...clientOptions() }, {
    throwOnConnectError: false,
    throwOnErrors: false,
  });
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

function clientOptions(tls = false) {
  return {
    // While Redis is down a lookup must fail at once (the Postgres tier answers), not wait in
    // an offline queue for a reconnect that may take minutes.
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries: number) => Math.min(retries * 200, 2_000), ...(tls ? { tls: true as const } : {}) },
  };
}

/** node-redis cluster options: the seed nodes, and every node (seed or discovered) with the URL's credentials and TLS. */
function clusterOptions(url: string, nodes: { host: string; port: number }[]): RedisClusterOptions {
  const target = new URL(url);
  const tls = target.protocol === 'rediss:';
  return {
    rootNodes: nodes.map(({ host, port }) => ({ socket: { host, port, ...(tls ? { tls: true as const } : {}) } })),
    defaults: {
      ...clientOptions(tls),
      username: target.username ? decodeURIComponent(target.username) : undefined,
      password: target.password ? decodeURIComponent(target.password) : undefined,
    },
  };
}
