import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, FeedbackRepository, FeedbackStream, ProjectsRepository, UsersRepository, type DatabaseHandle } from '@insights/db';
import { hashFraction, Sampler } from '@insights/engine';
import { demoFeedback } from '@insights/testkit';

const ENTRIES = 3_000;
const CAP = 400;

/** The sample is read through the indexed hash column, and it is the very set the engine samples. */
describe('reading a sample', () => {
  let db: DatabaseHandle;
  let projectId: string;

  beforeAll(async () => {
    db = createDatabase(process.env.DATABASE_URL!);
    const userId = (await new UsersRepository(db.db).upsertByClerkId(`user_${randomUUID()}`)).id;
    projectId = (await new ProjectsRepository(db.db).create({ userId, name: 'sample', hashedApiKey: randomUUID() })).id;
    const rows = [...demoFeedback({ count: ENTRIES, seed: 21 })];
    for (let i = 0; i < rows.length; i += 1_000) await new FeedbackRepository(db.db).insertForProject(projectId, rows.slice(i, i + 1_000));
  });
  afterAll(() => db.close());

  async function read(options: { sampleRatio?: number }): Promise<{ ids: string[]; statements: number }> {
    const before = db.statements();
    const ids: string[] = [];
    for await (const page of new FeedbackStream(db.db, { projectId }, {}, 500).pages(options)) ids.push(...page.map((item) => item.id));
    return { ids, statements: db.statements() - before };
  }

  it('stores the engine’s own hash for every row', async () => {
    const { rows } = await db.pool.query<{ id: string; sample_hash: string }>('select id, sample_hash from feedback where project_id = $1', [projectId]);
    expect(rows).toHaveLength(ENTRIES);
    const mismatched = rows.filter((row) => Number(row.sample_hash) !== hashFraction('sample', row.id) * 2 ** 48);
    expect(mismatched).toEqual([]);
  });

  it('reads only the sampled rows, in one statement, in stream order, exactly the ones the sampler keeps', async () => {
    const sampler = new Sampler(ENTRIES, CAP);
    expect(sampler.ratio).toBeLessThan(1);
    const everything = await read({});
    expect(everything.ids).toHaveLength(ENTRIES);
    expect(everything.statements).toBe(ENTRIES / 500 + 1);

    const sample = await read({ sampleRatio: sampler.ratio });
    const kept = everything.ids.filter((id) => sampler.keep(id));
    expect(sample.ids).toEqual(kept);
    expect(sample.ids.length).toBeLessThan(ENTRIES / 4);
    expect(sample.statements).toBe(1);
  });
});
