import { and, eq, gte, or, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { llmCalls } from '../schema.js';

export type NewLlmCall = typeof llmCalls.$inferInsert;

/** One UTC day of a project's LLM calls. */
export interface DailyLlmUsage {
  /** YYYY-MM-DD, UTC. */
  date: string;
  calls: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  /** US dollars of the day's priced rows. */
  costUsd: number;
  /** Rows without a cost (a model with no price, or written before cost was recorded). */
  unpricedCalls: number;
}

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

  /** A project's calls per UTC day since `since` (a day's start), the days with calls only, oldest first. */
  async projectUsageByDay(projectId: string, since: Date): Promise<DailyLlmUsage[]> {
    const day = sql<string>`to_char(${llmCalls.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
    const rows = await this.db
      .select({
        date: day,
        calls: sql<number>`count(*)::int`,
        promptTokens: sql<string>`sum(${llmCalls.promptTokens})`,
        cachedTokens: sql<string>`sum(${llmCalls.cachedTokens})`,
        completionTokens: sql<string>`sum(${llmCalls.completionTokens})`,
        costUsd: sql<string>`coalesce(sum(${llmCalls.costUsd}), 0)`,
        unpricedCalls: sql<number>`(count(*) filter (where ${llmCalls.costUsd} is null))::int`,
      })
      .from(llmCalls)
      .where(and(eq(llmCalls.projectId, projectId), gte(llmCalls.createdAt, since)))
      .groupBy(day)
      .orderBy(day);
    return rows.map((row) => ({
      date: row.date,
      calls: row.calls,
      promptTokens: Number(row.promptTokens),
      cachedTokens: Number(row.cachedTokens),
      completionTokens: Number(row.completionTokens),
      costUsd: Number(row.costUsd),
      unpricedCalls: row.unpricedCalls,
    }));
  }
}
