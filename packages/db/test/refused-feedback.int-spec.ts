import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, FeedbackRepository, ProjectsRepository, RefusedFeedbackRepository, UsersRepository, type DatabaseHandle } from '../src/index.js';
import { demoFeedback } from '@insights/testkit';

describe('refused feedback', () => {
  let handle: DatabaseHandle;
  let repo: RefusedFeedbackRepository;
  let ids: string[];

  beforeAll(async () => {
    handle = createDatabase(process.env.DATABASE_URL!);
    repo = new RefusedFeedbackRepository(handle.db);
    const user = await new UsersRepository(handle.db).upsertByClerkId(`user_${randomUUID()}`);
    const project = await new ProjectsRepository(handle.db).create({ userId: user.id, name: 'refusals', hashedApiKey: randomUUID() });
    await new FeedbackRepository(handle.db).insertForProject(project.id, [...demoFeedback({ count: 3, seed: 71 })]);
    const { rows } = await handle.pool.query<{ id: string }>('select id from feedback where project_id = $1 order by id', [project.id]);
    ids = rows.map((r) => r.id);
  });
  afterAll(() => handle.close());

  it('finds a refusal by answerer and text hash only, skips deleted feedback, and goes with its feedback', async () => {
    const gone = randomUUID();
    await repo.remember('glm:a', [
      { feedbackId: ids[0]!.toUpperCase(), textHash: 'h0' },
      { feedbackId: ids[1]!, textHash: 'h1' },
      { feedbackId: gone, textHash: 'hx' },
    ]);
    await repo.remember('glm:a', [{ feedbackId: ids[0]!, textHash: 'h0' }]);
    const rows = await handle.pool.query('select feedback_id from refused_feedback where feedback_id = any($1::uuid[])', [[...ids, gone]]);
    expect(rows.rowCount).toBe(2);

    const asked = [
      { feedbackId: ids[0]!, textHash: 'h0' },
      { feedbackId: ids[1]!, textHash: 'edited' },
      { feedbackId: ids[2]!, textHash: 'h2' },
    ];
    expect(await repo.find('glm:a', asked)).toEqual(new Set([ids[0]]));
    expect(await repo.find('glm:b', asked)).toEqual(new Set());

    await handle.pool.query('delete from feedback where id = $1', [ids[0]]);
    expect(await repo.find('glm:a', asked)).toEqual(new Set());
  });
});
