import { Injectable } from '@nestjs/common';
import { UsersRepository } from '@insights/db';

// Clerk ids map to our user ids forever, so a bounded memo saves a database round trip per request.
const MAX_USERS = 10_000;

/** Our user id for a Clerk user, created on first sight. */
@Injectable()
export class UserDirectory {
  private readonly ids = new Map<string, string>();

  constructor(private readonly users: UsersRepository) {}

  async idFor(clerkUserId: string): Promise<string> {
    const known = this.ids.get(clerkUserId);
    if (known) return known;
    const user = await this.users.upsertByClerkId(clerkUserId);
    if (this.ids.size >= MAX_USERS) this.ids.delete(this.ids.keys().next().value!);
    this.ids.set(clerkUserId, user.id);
    return user.id;
  }
}
