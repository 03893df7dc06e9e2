import { eq } from 'drizzle-orm';
import { feedback, projects, UsersRepository, type Database, type NewFeedback } from '@insights/db';
import { demoFeedback, type DemoOptions } from './demo-feedback.js';

export const DEMO_CLERK_USER_ID = 'user_demo';
export const DEMO_PROJECT_ID = '00000000-0000-4000-8000-00000000de30';

const BATCH = 2_000;

/**
 * (Re)creates the demo user and project and fills it with `count` deterministic entries.
 * Running it twice leaves the same data, not twice as much.
 */
export async function seedDemo(
  db: Database,
  options: DemoOptions & { hashedApiKey: string },
): Promise<{ userId: string; projectId: string; inserted: number }> {
  const user = await new UsersRepository(db).upsertByClerkId(DEMO_CLERK_USER_ID, 'demo@example.com');
  await db.delete(projects).where(eq(projects.id, DEMO_PROJECT_ID));
  await db.insert(projects).values({
    id: DEMO_PROJECT_ID,
    userId: user.id,
    name: 'Demo project',
    hashedApiKey: options.hashedApiKey,
    allowedDomains: ['localhost'],
  });
  let batch: NewFeedback[] = [];
  let inserted = 0;
  for (const row of demoFeedback(options)) {
    batch.push({ ...row, projectId: DEMO_PROJECT_ID });
    if (batch.length === BATCH) {
      await db.insert(feedback).values(batch);
      inserted += batch.length;
      batch = [];
    }
  }
  if (batch.length) {
    await db.insert(feedback).values(batch);
    inserted += batch.length;
  }
  await db.update(projects).set({ feedbackGeneration: 1 }).where(eq(projects.id, DEMO_PROJECT_ID));
  return { userId: user.id, projectId: DEMO_PROJECT_ID, inserted };
}
