import { Redis, type RedisOptions } from 'ioredis';

export type ConnectionRole = 'worker' | 'producer';

/**
 * The one place the queue's Redis connection settings are decided.
 * - worker: BullMQ requires `maxRetriesPerRequest: null` for blocking commands, and a worker
 *   should wait out a Redis restart rather than fail its jobs.
 * - producer (the API): fail fast, so a request gets a 503 while Redis is down instead of
 *   hanging behind an offline queue.
 */
export function connectionOptions(url: string, role: ConnectionRole): RedisOptions {
  const target = new URL(url);
  const roleOptions: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
  return {
    host: target.hostname,
    port: Number(target.port || 6379),
    username: target.username ? decodeURIComponent(target.username) : undefined,
    password: target.password ? decodeURIComponent(target.password) : undefined,
    db: target.pathname.length > 1 ? Number(target.pathname.slice(1)) : undefined,
    tls: target.protocol === 'rediss:' ? {} : undefined,
    ...roleOptions,
    // Reconnect with a capped backoff forever; readiness reports the outage meanwhile.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
}

/** A connection of its own with those settings (scripts and benchmarks outside Nest). */
export function createQueueConnection(url: string, role: ConnectionRole): Redis {
  const redis = new Redis(connectionOptions(url, role));
  // Errors surface through readiness and job failures; an unhandled 'error' event would crash.
  redis.on('error', () => undefined);
  return redis;
}
