import { and, eq, gte, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { llmCalls } from '../schema.js';

export type NewLlmCall = typeof llmCalls.$inferInsert;

export class LlmCallsRepository {
  constructor(private readonly db: Database) {}

  async record(call: NewLlmCall): Promise<void> {
    await this.db.insert(llmCalls).values(call);
  }

  /** Tokens a project spent since `since`, for daily budgets. */
  async tokensSince(projectId: string, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ total: sql<string>`coalesce(sum(${llmCalls.promptTokens} + ${llmCalls.completionTokens}), 0)` })
      .from(llmCalls)
      .where(and(eq(llmCalls.projectId, projectId), gte(llmCalls.createdAt, since)));
    return Number(row?.total ?? 0);
  }

  /** Tokens a user spent since `since`, over every scope (each project and all-projects runs). */
  async userTokensSince(userId: string, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ total: sql<string>`coalesce(sum(${llmCalls.promptTokens} + ${llmCalls.completionTokens}), 0)` })
      .from(llmCalls)
      .where(and(eq(llmCalls.userId, userId), gte(llmCalls.createdAt, since)));
    return Number(row?.total ?? 0);
  }
}
