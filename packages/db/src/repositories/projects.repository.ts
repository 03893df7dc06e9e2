import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { projects, type NewProject, type Project } from '../schema.js';

export class ProjectsRepository {
  constructor(private readonly db: Database) {}

  async create(values: NewProject): Promise<Project> {
    const [row] = await this.db.insert(projects).values(values).returning();
    return row!;
  }

  listByOwner(userId: string): Promise<Project[]> {
    return this.db.select().from(projects).where(eq(projects.userId, userId)).orderBy(asc(projects.createdAt));
  }

  async findById(projectId: string): Promise<Project | undefined> {
    const [row] = await this.db.select().from(projects).where(eq(projects.id, projectId));
    return row;
  }

  /** The project when `userId` owns it; undefined for unknown ids and other users' projects alike. */
  async findOwned(projectId: string, userId: string): Promise<Project | undefined> {
    const [row] = await this.db
      .select()
      .from(projects)
      .where(and(eq(projects.id, projectId), eq(projects.userId, userId)));
    return row;
  }

  async deleteOwned(projectId: string, userId: string): Promise<boolean> {
    const rows = await this.db
      .delete(projects)
      .where(and(eq(projects.id, projectId), eq(projects.userId, userId)))
      .returning({ id: projects.id });
    return rows.length > 0;
  }

  async findActiveByApiKeyHash(hashedApiKey: string): Promise<Project | undefined> {
    const [row] = await this.db
      .select()
      .from(projects)
      .where(and(eq(projects.hashedApiKey, hashedApiKey), eq(projects.isActive, true)));
    return row;
  }

  /**
   * The feedback generation of every project a user owns, as a sum (stored with cache rows) and
   * a fingerprint that also changes when a project is added or removed (used in cache keys).
   */
  async userGeneration(userId: string): Promise<{ generation: number; fingerprint: string }> {
    const [row] = await this.db
      .select({
        generation: sql<string>`coalesce(sum(${projects.feedbackGeneration}), 0)`,
        fingerprint: sql<string>`coalesce(string_agg(${projects.id}::text || ':' || ${projects.feedbackGeneration}, ',' order by ${projects.id}), '')`,
      })
      .from(projects)
      .where(eq(projects.userId, userId));
    return { generation: Number(row?.generation ?? 0), fingerprint: row?.fingerprint ?? '' };
  }

  async generationOf(db: Database, projectId: string): Promise<number> {
    const [row] = await db.select({ generation: projects.feedbackGeneration }).from(projects).where(eq(projects.id, projectId));
    return row?.generation ?? 0;
  }
}
