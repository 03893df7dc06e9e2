import type { ConnectionRole, RedisNode } from './connection.js';

export interface InsightsQueueSettings {
  redisUrl: string;
  /** Seed nodes of a Redis Cluster: when given, the queue lives on the cluster instead of `redisUrl`. */
  clusterNodes?: RedisNode[];
  keyPrefix: string;
  /** worker: waits out Redis restarts (blocking commands); producer: fails fast (the API). */
  role: ConnectionRole;
}

/** The settings the queue module was configured with, for the pieces that open connections of their own. */
export const QUEUE_SETTINGS = Symbol('QUEUE_SETTINGS');
