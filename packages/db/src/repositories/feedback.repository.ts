import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { feedback, projects, type Feedback, type NewFeedback } from '../schema.js';
import { ProjectsRepository } from './projects.repository.js';

/** Which feedback a query covers: one project, or every project a user owns. */
export type FeedbackScope = { projectId: string } | { userId: string };

export interface FeedbackFilter {
  startDate?: Date;
  endDate?: Date;
  category?: string;
  sentiment?: string;
}

export interface KeysetCursor {
  createdAt: Date;
  id: string;
}

export interface FeedbackPage {
  items: Feedback[];
  nextCursor: KeysetCursor | null;
}

export function scopeCondition(scope: FeedbackScope): SQL {
  if ('projectId' in scope) return eq(feedback.projectId, scope.projectId);
  return inArray(
    feedback.projectId,
    sqlSelectOwnedProjects(scope.userId),
  );
}

function sqlSelectOwnedProjects(userId: string) {
  return sql`(select ${projects.id} from ${projects} where ${projects.userId} = ${userId})`;
}

export function filterConditions(filter: FeedbackFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.startDate) conditions.push(gte(feedback.createdAt, filter.startDate));
  if (filter.endDate) conditions.push(lte(feedback.createdAt, filter.endDate));
  if (filter.category) conditions.push(eq(feedback.category, filter.category));
  if (filter.sentiment) conditions.push(eq(feedback.sentiment, filter.sentiment));
  return conditions;
}

export class FeedbackRepository {
  private readonly projects: ProjectsRepository;

  constructor(private readonly db: Database) {
    this.projects = new ProjectsRepository(db);
  }

  /** Inserts feedback and bumps the project's generation in one transaction: all or nothing. */
  async insertForProject(
    projectId: string,
    rows: Omit<NewFeedback, 'projectId'>[],
  ): Promise<{ rows: Feedback[]; generation: number }> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(feedback)
        .values(rows.map((r) => ({ ...r, projectId })))
        .returning();
      const generation = await this.projects.bumpGeneration(tx as unknown as Database, projectId);
      return { rows: inserted, generation };
    });
  }

  /** Newest first, keyset-paginated on (created_at, id) so deep pages cost the same as the first. */
  async page(scope: FeedbackScope, filter: FeedbackFilter, limit: number, after?: KeysetCursor): Promise<FeedbackPage> {
    const conditions = [scopeCondition(scope), ...filterConditions(filter)];
    if (after) {
      conditions.push(
        or(
          lt(feedback.createdAt, after.createdAt),
          and(eq(feedback.createdAt, after.createdAt), lt(feedback.id, after.id)),
        )!,
      );
    }
    const rows = await this.db
      .select()
      .from(feedback)
      .where(and(...conditions))
      .orderBy(desc(feedback.createdAt), desc(feedback.id))
      .limit(limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null,
    };
  }
}
