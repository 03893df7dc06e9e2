import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '@insights/config';
import { APP_CONFIG } from '@insights/platform';
import type { RedisClient } from '@insights/queue';
import { AppError } from '../common/app-error.js';
import type { ErrorCode } from '../common/error-codes.js';
import { REDIS } from '../redis/redis.module.js';

/**
 * The widget key is public (it sits in every page that embeds the widget), so its limits are
 * per project rather than per caller.
 * - Writes: counted in Redis, so the bound holds across API processes; while Redis is down each
 *   process counts in memory instead, and feedback keeps arriving.
 * - Attempts at a bcrypt key: counted in this process's memory, because what they spend is this
 *   process's CPU. A point is taken before comparing and given back on a match, so concurrent
 *   guesses cannot all start before the first one fails.
 */
@Injectable()
export class WidgetLimits {
  private readonly writes: RateLimiterRedis;
  private readonly keyAttempts: RateLimiterMemory;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(REDIS) redis: RedisClient) {
    const points = config.limits.widgetWritesPerMinutePerProject;
    this.writes = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redis.keyPrefix}:ratelimit:widget`,
      points,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }),
    });
    this.keyAttempts = new RateLimiterMemory({ points: config.limits.widgetKeyFailuresPerMinutePerProject, duration: 60 });
  }

  async write(projectId: string): Promise<void> {
    await take(this.writes, projectId, 'WIDGET_RATE_LIMITED', (s) => `too many feedback entries for this project's widget key; try again in ${s} s`);
  }

  async attemptKey(projectId: string): Promise<void> {
    await take(this.keyAttempts, projectId, 'API_KEY_ATTEMPTS_EXHAUSTED', (s) => `too many wrong API keys for this project; try again in ${s} s`);
  }

  async keyMatched(projectId: string): Promise<void> {
    await this.keyAttempts.reward(projectId, 1);
  }
}

async function take(limiter: RateLimiterRedis | RateLimiterMemory, key: string, code: ErrorCode, message: (seconds: number) => string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError(429, code, message(seconds), undefined, { 'retry-after': String(seconds) });
  }
}
