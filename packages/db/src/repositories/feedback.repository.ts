import { and, desc, eq, getTableColumns, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { feedback, projects, type Feedback, type NewFeedback } from '../schema.js';
import { ProjectsRepository } from './projects.repository.js';

/**
 * A feedback row as repositories hand it out: every column but the search vector, which is
 * Postgres' own (large, and nothing outside a search query reads it).
 */
export type FeedbackRow = Omit<Feedback, 'searchVector'>;
const { searchVector: _searchVector, ...FEEDBACK_COLUMNS } = getTableColumns(feedback);

/** Which feedback a query covers: one project, or every project a user owns. */
export type FeedbackScope = { projectId: string } | { userId: string };

export interface FeedbackFilter {
  startDate?: Date;
  endDate?: Date;
  category?: string;
  sentiment?: string;
}

/**
 * A position in (created_at, id) order. `createdAt` is Postgres' own text form of the
 * timestamp: a JS Date keeps milliseconds only, and rows written by now() carry microseconds,
 * so a Date cursor would repeat or skip rows.
 */
export interface KeysetCursor {
  createdAt: string;
  id: string;
}

export interface FeedbackPage {
  items: FeedbackRow[];
  nextCursor: KeysetCursor | null;
}

export function scopeCondition(scope: FeedbackScope): SQL {
  if ('projectId' in scope) return eq(feedback.projectId, scope.projectId);
  return inArray(feedback.projectId, sql`(select ${projects.id} from ${projects} where ${projects.userId} = ${scope.userId})`);
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
  async insertForProject(projectId: string, rows: Omit<NewFeedback, 'projectId'>[]): Promise<{ rows: FeedbackRow[]; generation: number }> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(feedback)
        .values(rows.map((r) => ({ ...r, projectId })))
        .returning(FEEDBACK_COLUMNS);
      // The insert's own trigger has moved the generation (see drizzle/0002); read where it is.
      const generation = await this.projects.generationOf(tx as unknown as Database, projectId);
      return { rows: inserted, generation };
    });
  }

  /** Newest first, keyset-paginated on (created_at, id) so deep pages cost the same as the first. */
  async page(scope: FeedbackScope, filter: FeedbackFilter, limit: number, after?: KeysetCursor): Promise<FeedbackPage> {
    const conditions = [scopeCondition(scope), ...filterConditions(filter)];
    if (after) conditions.push(sql`(${feedback.createdAt}, ${feedback.id}) < (${after.createdAt}::timestamp, ${after.id}::uuid)`);
    const rows = await this.db
      .select({ row: FEEDBACK_COLUMNS, position: sql<string>`${feedback.createdAt}::text` })
      .from(feedback)
      .where(and(...conditions))
      .orderBy(desc(feedback.createdAt), desc(feedback.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => r.row),
      nextCursor: rows.length > limit && last ? { createdAt: last.position, id: last.row.id } : null,
    };
  }

  /** How many entries a scope holds, counted no further than `limit` (an index-only scan of at most that many). */
  async countUpTo(scope: FeedbackScope, filter: FeedbackFilter, limit: number): Promise<number> {
    const capped = this.db
      .select({ one: sql`1` })
      .from(feedback)
      .where(and(scopeCondition(scope), ...filterConditions(filter)))
      .limit(limit)
      .as('capped');
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(capped);
    return row?.n ?? 0;
  }
}
