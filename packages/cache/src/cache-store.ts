import { EventEmitter } from 'node:events';
import { Keyv, type KeyvStoreAdapter, type StoredData } from 'keyv';
import type KeyvRedis from '@keyv/redis';
import type { RedisClusterOptions } from '@keyv/redis';

/**
 * The Keyv store behind @nestjs/cache-manager in both apps: the worker writes, the API reads,
 * so both must name keys the same way. It holds text only (response bodies). It may live in its
 * own Redis (CACHE_REDIS_URL) with an eviction policy, apart from the queue's, or on a Redis
 * Cluster (`clusterNodes`, reached with the URL's credentials and TLS). Every entry is one key,
 * so any slot will do.
 */
export function createCacheStore(url: string, keyPrefix: string, clusterNodes?: { host: string; port: number }[]): Keyv {
  const store = new LazyRedisStore(async () => {
    const { default: Store } = await import('@keyv/redis');
    return new Store(clusterNodes?.length ? clusterOptions(url, clusterNodes) : { url, ...clientOptions() }, {
      throwOnConnectError: false,
      throwOnErrors: false,
    });
  });
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

/** Reads a stored body as bytes, the Redis reply unconverted: what a hit sends as it is. */
export type BodyReader = (key: string) => Promise<Buffer | undefined>;

export function bodyReader(keyv: Keyv): BodyReader {
  const lazy = keyv.store as LazyRedisStore;
  let typed: { client: unknown; get(key: string): Promise<Buffer | null> } | undefined;
  return async (key) => {
    const store = await lazy.loaded();
    const client = await store.getClient();
    if (typed?.client !== client) {
      const { RESP_TYPES } = await import('@redis/client');
      const mapped = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
      typed = { client, get: (k) => mapped.get(k) as Promise<Buffer | null> };
    }
    return (await typed.get(store.createKeyPrefix(key, store.namespace))) ?? undefined;
  };
}

/**
 * The Redis store, loaded on first use: the Redis client it brings (about 18 MB resident) is
 * not held by a process that has not touched the cache yet, such as an idle worker. Keyv sees
 * an ordinary store; every call waits for the real one, created once.
 */
class LazyRedisStore extends EventEmitter implements KeyvStoreAdapter {
  opts: Record<string, unknown> = {};
  private store: Promise<KeyvRedis<string>> | undefined;
  private created: KeyvRedis<string> | undefined;
  private ns: string | undefined;

  constructor(private readonly create: () => Promise<KeyvRedis<string>>) {
    super();
  }

  get namespace(): string | undefined {
    return this.ns;
  }

  set namespace(value: string | undefined) {
    this.ns = value;
    if (this.created) this.created.namespace = value;
  }

  loaded(): Promise<KeyvRedis<string>> {
    this.store ??= this.create().then(
      (store) => {
        store.namespace = this.ns;
        store.on('error', (error: unknown) => this.emit('error', error));
        this.created = store;
        return store;
      },
      (error: unknown) => {
        this.store = undefined;
        throw error;
      },
    );
    return this.store;
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return (await this.loaded()).get<StoredData<Value>>(key);
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    return (await this.loaded()).getMany<StoredData<Value | undefined>>(keys) as Promise<Array<StoredData<Value | undefined>>>;
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    await (await this.loaded()).set(key, value as string, ttl);
    return true;
  }

  async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    await (await this.loaded()).setMany(entries as Array<{ key: string; value: string; ttl?: number }>);
  }

  async hasMany(keys: string[]): Promise<boolean[]> {
    return (await this.loaded()).hasMany(keys);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.loaded()).delete(key);
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    return (await this.loaded()).deleteMany(keys);
  }

  async has(key: string): Promise<boolean> {
    return (await this.loaded()).has(key);
  }

  async clear(): Promise<void> {
    await (await this.loaded()).clear();
  }

  /** Nothing to close when it was never used. */
  async disconnect(): Promise<void> {
    if (this.store) await (await this.store).disconnect();
  }
}
