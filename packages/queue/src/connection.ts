import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

export type ConnectionRole = 'worker' | 'producer';

/** A seed node of a Redis Cluster (`REDIS_CLUSTER_NODES`). */
export interface RedisNode {
  host: string;
  port: number;
}

/** Where Redis is: one server at `url`, or, with seed nodes, a cluster that takes `url`'s credentials and TLS. */
export interface RedisTarget {
  url: string;
  clusterNodes?: RedisNode[];
}

/** A connection of either kind; both speak the same commands. */
export type RedisClient = Redis | Cluster;

/**
 * The one place the queue's Redis connection settings are decided.
 * - worker: BullMQ requires `maxRetriesPerRequest: null` for blocking commands, and a worker
 *   should wait out a Redis restart rather than fail its jobs.
 * - producer (the API): fail fast, so a request gets a 503 while Redis is down instead of
 *   hanging behind an offline queue.
 */
export function connectionOptions(url: string, role: ConnectionRole): RedisOptions {
  const target = new URL(url);
  return {
    host: target.hostname,
    port: Number(target.port || 6379),
    db: target.pathname.length > 1 ? Number(target.pathname.slice(1)) : undefined,
    ...credentials(target),
    ...roleOptions(role),
    // Reconnect with a capped backoff forever; readiness reports the outage meanwhile.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
}

function credentials(target: URL): RedisOptions {
  return {
    username: target.username ? decodeURIComponent(target.username) : undefined,
    password: target.password ? decodeURIComponent(target.password) : undefined,
    tls: target.protocol === 'rediss:' ? {} : undefined,
  };
}

function roleOptions(role: ConnectionRole): RedisOptions {
  return role === 'worker'
    ? { maxRetriesPerRequest: null, enableReadyCheck: true }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
}

/**
 * A cluster client with the same role settings on every node connection. The cluster's own
 * offline queue follows the role: the API fails fast while no node answers, a worker waits.
 * Cluster mode has no databases, so a path in the URL is ignored.
 */
export function clusterConnection(url: string, nodes: RedisNode[], role: ConnectionRole, options: ClusterOptions = {}): Cluster {
  const { enableOfflineQueue, ...nodeOptions } = roleOptions(role);
  const cluster = new Cluster(nodes, {
    enableOfflineQueue: enableOfflineQueue ?? true,
    clusterRetryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    redisOptions: { ...credentials(new URL(url)), ...nodeOptions },
    ...options,
  });
  cluster.on('error', () => undefined);
  return cluster;
}

/**
 * What BullMQ's `connection` option gets: plain options for one server (BullMQ opens and closes
 * its own connections), a Cluster instance for a cluster (BullMQ builds clusters only from an
 * instance). BullMQ shares that instance and never closes it: whoever asked for it does.
 */
export function queueConnection(target: RedisTarget, role: ConnectionRole, clusterOptions?: ClusterOptions): RedisOptions | Cluster {
  return target.clusterNodes?.length ? clusterConnection(target.url, target.clusterNodes, role, clusterOptions) : connectionOptions(target.url, role);
}

/** Closes a connection `queueConnection` opened; plain options own nothing. */
export async function closeQueueConnection(connection: RedisOptions | Cluster): Promise<void> {
  if (connection instanceof Cluster) await connection.quit().catch(() => connection.disconnect());
}

/** A connection of its own with those settings (scripts and benchmarks outside Nest). */
export function createQueueConnection(url: string, role: ConnectionRole): Redis {
  const redis = new Redis(connectionOptions(url, role));
  // Errors surface through readiness and job failures; an unhandled 'error' event would crash.
  redis.on('error', () => undefined);
  return redis;
}

/** `createQueueConnection` for a target that may be a cluster. */
export function createRedisConnection(target: RedisTarget, role: ConnectionRole): RedisClient {
  return target.clusterNodes?.length ? clusterConnection(target.url, target.clusterNodes, role) : createQueueConnection(target.url, role);
}
