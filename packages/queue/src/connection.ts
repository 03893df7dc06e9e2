import { Redis, type RedisOptions } from 'ioredis';

export type ConnectionRole = 'worker' | 'producer';

/**
 * The one place Redis connections for the queue are made.
 * - worker: BullMQ requires `maxRetriesPerRequest: null` for blocking commands, and a worker
 *   should wait out a Redis restart rather than fail its jobs.
 * - producer (the API): fail fast, so a request gets a 503 while Redis is down instead of
 *   hanging behind an offline queue.
 */
export function createQueueConnection(url: string, role: ConnectionRole): Redis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
  const redis = new Redis(url, {
    ...options,
    // Reconnect with a capped backoff forever; readiness reports the outage meanwhile.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Errors surface through readiness and job failures; an unhandled 'error' event would crash.
  redis.on('error', () => undefined);
  return redis;
}
