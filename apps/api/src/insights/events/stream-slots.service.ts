import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@insights/queue';
import type { AppConfig } from '@insights/config';
import { APP_CONFIG } from '@insights/platform';
import { REDIS } from '../../redis/redis.module.js';
import { AppError } from '../../common/app-error.js';

/** A held slot: renew it at each heartbeat, release it when the stream closes. */
export interface StreamSlot {
  renew(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Bounds the event streams one user holds open across every API process. Each open stream is a
 * member of the user's sorted set, scored by when it lapses; a process that dies without
 * releasing its slots frees them when they lapse (a few heartbeats later).
 */
@Injectable()
export class StreamSlotsService {
  private readonly max: number;
  private readonly leaseMs: number;
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.max = config.events.maxStreamsPerUser;
    this.leaseMs = config.events.heartbeatMs * 3;
    this.prefix = `${config.redis.keyPrefix}:streams:`;
  }

  async acquire(userId: string): Promise<StreamSlot> {
    const key = this.prefix + userId;
    const member = randomUUID();
    const now = Date.now();
    // Add first, then count: two racing requests can both be refused, never both over-admitted.
    const results = (await this.redis
      .multi()
      .zremrangebyscore(key, '-inf', now)
      .zadd(key, now + this.leaseMs, member)
      .zcard(key)
      .pexpire(key, this.leaseMs)
      .exec()) as [Error | null, number][];
    if (results[2][1] > this.max) {
      await this.redis.zrem(key, member);
      throw new AppError(429, 'TOO_MANY_STREAMS', `at most ${this.max} event streams may be open per user; close one first`, undefined, {
        'retry-after': String(Math.ceil(this.leaseMs / 1000)),
      });
    }
    return {
      renew: async () => {
        await this.redis
          .multi()
          .zadd(key, 'XX', Date.now() + this.leaseMs, member)
          .pexpire(key, this.leaseMs)
          .exec();
      },
      release: async () => {
        await this.redis.zrem(key, member);
      },
    };
  }
}
