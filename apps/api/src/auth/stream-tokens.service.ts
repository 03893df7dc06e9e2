import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@insights/queue';
import type { AppConfig } from '@insights/config';
import { APP_CONFIG } from '@insights/platform';
import { REDIS } from '../redis/redis.module.js';
import type { AuthUser } from './auth-user.js';

interface Grant extends AuthUser {
  jobId: string;
}

/**
 * A browser's EventSource cannot send an Authorization header, and a session token must never
 * travel in a URL (logs, history, referrers). So a caller with a bearer token trades it for a
 * random stream token bound to one job, kept in Redis (any API process accepts it), which only
 * opens that job's event stream. It lapses a fixed time after issue however often it is used: a
 * token that leaked (a proxy log, a shared screen) stops working on schedule. The client asks for
 * a new one when it opens a new stream after that.
 */
@Injectable()
export class StreamTokensService {
  private readonly ttlSeconds: number;
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlSeconds = config.events.tokenTtlSeconds;
    this.prefix = `${config.redis.keyPrefix}:stream-token:`;
  }

  async issue(user: AuthUser, jobId: string): Promise<{ token: string; expiresIn: number }> {
    const token = randomBytes(24).toString('base64url');
    const grant: Grant = { id: user.id, clerkUserId: user.clerkUserId, jobId };
    await this.redis.set(this.key(token), JSON.stringify(grant), 'EX', this.ttlSeconds);
    return { token, expiresIn: this.ttlSeconds };
  }

  /** The caller a token stands for, when it is live and was issued for this job. */
  async redeem(token: string, jobId: string): Promise<AuthUser | undefined> {
    if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
    const raw = await this.redis.get(this.key(token));
    if (!raw) return undefined;
    const grant = JSON.parse(raw) as Grant;
    return grant.jobId === jobId ? { id: grant.id, clerkUserId: grant.clerkUserId } : undefined;
  }

  // Only a digest is stored: a Redis dump does not hand out working tokens.
  private key(token: string): string {
    return this.prefix + createHash('sha256').update(token).digest('base64url');
  }
}
