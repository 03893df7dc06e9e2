import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { PROJECT_TAXONOMY_CHANNEL } from '../project-changes.js';
import { insightsThemeEdits, type ThemeEditRow } from '../schema.js';

export type ThemeEditAction = ThemeEditRow['action'];

export interface NewThemeEdit {
  projectId: string;
  action: ThemeEditAction;
  themeId: string;
  intoThemeId?: string | null;
  name?: string | null;
  userId?: string | null;
}

/** A project's theme edits: the taxonomy is its active (not undone) edits in the order made. */
export class ThemeEditsRepository {
  constructor(private readonly db: Database) {}

  /** The project's active edits, oldest first. */
  async active(projectId: string): Promise<ThemeEditRow[]> {
    return this.db
      .select()
      .from(insightsThemeEdits)
      .where(and(eq(insightsThemeEdits.projectId, projectId), isNull(insightsThemeEdits.undoneAt)))
      .orderBy(asc(insightsThemeEdits.createdAt), asc(insightsThemeEdits.id));
  }

  async add(edit: NewThemeEdit): Promise<ThemeEditRow> {
    const [row] = await this.db.insert(insightsThemeEdits).values(edit).returning();
    return row!;
  }

  /** Tells every process listening for project notices that the project's taxonomy changed. */
  async announce(projectId: string): Promise<void> {
    await this.db.execute(sql`select pg_notify(${PROJECT_TAXONOMY_CHANNEL}, ${projectId})`);
  }

  /** Undoes one active edit of the project; undefined when there is no such active edit. */
  async undo(projectId: string, editId: string): Promise<ThemeEditRow | undefined> {
    const [row] = await this.db
      .update(insightsThemeEdits)
      .set({ undoneAt: new Date() })
      .where(and(eq(insightsThemeEdits.id, editId), eq(insightsThemeEdits.projectId, projectId), isNull(insightsThemeEdits.undoneAt)))
      .returning();
    return row;
  }
}
