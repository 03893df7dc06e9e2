import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { UsersRepository } from '@insights/db';

// Clerk ids map to our user ids forever, so a bounded memo saves a database round trip per request.
/** Our user id for a Clerk user, created on first sight. */
@Injectable()
export class UserDirectory {
  private readonly ids = new LRUCache<string, string>({ max: 10_000 });

  constructor(private readonly users: UsersRepository) {}

  async idFor(clerkUserId: string): Promise<string> {
    const known = this.ids.get(clerkUserId);
    if (known) return known;
    const user = await this.users.upsertByClerkId(clerkUserId);
    this.ids.set(clerkUserId, user.id);
    return user.id;
  }
}
