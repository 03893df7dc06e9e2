import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { users, type User } from '../schema.js';

export class UsersRepository {
  constructor(private readonly db: Database) {}

  /** Returns the user for a Clerk id, creating it on first sight; safe under concurrent calls. */
  async upsertByClerkId(clerkUserId: string, email?: string): Promise<User> {
    const [row] = await this.db
      .insert(users)
      .values({ clerkUserId, email: email ?? '' })
      .onConflictDoUpdate({
        target: users.clerkUserId,
        // A no-op update so RETURNING yields the existing row.
        set: { clerkUserId: sql`excluded.clerk_user_id` },
      })
      .returning();
    return row!;
  }

  async findByClerkId(clerkUserId: string): Promise<User | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.clerkUserId, clerkUserId));
    return row;
  }
}
