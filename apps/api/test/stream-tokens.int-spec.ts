import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { AppConfig } from '@insights/config';
import type { RedisClient } from '@insights/queue';
import { StreamTokensService } from '../src/auth/stream-tokens.service.js';

/** Stream tokens live for a fixed time from issue: using one does not make it last longer. */
describe('stream tokens', () => {
  const redis = new Redis(process.env.REDIS_URL!);
  const prefix = `${process.env.REDIS_KEY_PREFIX}-tokens`;
  const config = { events: { tokenTtlSeconds: 10 }, redis: { keyPrefix: prefix } } as unknown as AppConfig;
  const tokens = new StreamTokensService(redis as unknown as RedisClient, config);

  const user = { id: '00000000-0000-4000-8000-000000000001', clerkUserId: 'user_tokens' };

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const remainingMs = async () => {
    const keys = await redis.keys(`${prefix}:stream-token:*`);
    expect(keys).toHaveLength(1);
    return redis.pttl(keys[0]!);
  };

  it('keeps the expiry set at issue however often the token is redeemed', async () => {
    const { token, expiresIn } = await tokens.issue(user, 'job-1');
    expect(expiresIn).toBe(10);
    const atIssue = await remainingMs();
    expect(atIssue).toBeGreaterThan(9_000);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    for (let i = 0; i < 3; i++) expect(await tokens.redeem(token, 'job-1')).toEqual(user);
    // Renewal would have put it back near 10 s; a fixed expiry has lost the 1.2 s that passed.
    expect(await remainingMs()).toBeLessThanOrEqual(atIssue - 1_000);
  });

  it('answers nothing for another job or a malformed token', async () => {
    const { token } = await tokens.issue(user, 'job-2');
    expect(await tokens.redeem(token, 'job-3')).toBeUndefined();
    expect(await tokens.redeem('short', 'job-2')).toBeUndefined();
  });
});
