import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { AppConfig } from '@insights/config';
import { UsersRepository } from '@insights/db';
import { APP_CONFIG } from '@insights/platform';

/**
 * Our user id for a Clerk user, created on first sight. A Clerk id keeps its user row, so a
 * bounded memo saves a database round trip per request; it still lasts at most AUTH_MEMO_TTL_MS,
 * since the existing backend may delete a user row (and its projects) behind this process.
 */
@Injectable()
export class UserDirectory {
  private readonly ids: LRUCache<string, string>;

  constructor(
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ids = new LRUCache<string, string>({ max: 10_000, ttl: config.auth.memoTtlMs });
  }

  async idFor(clerkUserId: string): Promise<string> {
    const known = this.ids.get(clerkUserId);
    if (known) return known;
    const user = await this.users.upsertByClerkId(clerkUserId);
    this.ids.set(clerkUserId, user.id);
    return user.id;
  }
}
