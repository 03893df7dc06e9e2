import { and, eq, gte, or, sql } from 'drizzle-orm';
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

  /**
   * A user's and one of their projects' tokens since `since`, in one statement: the spend policy
   * asks both on every job, and a job's Postgres round trips are counted (ADR 0012).
   */
  async scopeTokensSince(userId: string, projectId: string | null, since: Date): Promise<{ user: number; project: number }> {
    const tokens = sql`${llmCalls.promptTokens} + ${llmCalls.completionTokens}`;
    const ofProject = projectId ? eq(llmCalls.projectId, projectId) : sql`false`;
    const [row] = await this.db
      .select({
        user: sql<string>`coalesce(sum(${tokens}) filter (where ${llmCalls.userId} = ${userId}), 0)`,
        project: sql<string>`coalesce(sum(${tokens}) filter (where ${ofProject}), 0)`,
      })
      .from(llmCalls)
      .where(and(gte(llmCalls.createdAt, since), or(eq(llmCalls.userId, userId), ofProject)));
    return { user: Number(row?.user ?? 0), project: Number(row?.project ?? 0) };
  }
}
