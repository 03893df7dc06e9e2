import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, FeedbackRepository, ProjectsRepository, UsersRepository, type DatabaseHandle } from '@insights/db';
import { JobSizer } from '../src/index.js';

describe('classing a scope as a small or a large job', () => {
  let handle: DatabaseHandle;
  let feedback: FeedbackRepository;
  let userId: string;
  let big: string;
  let small: string;

  beforeAll(async () => {
    handle = createDatabase(process.env.DATABASE_URL!);
    feedback = new FeedbackRepository(handle.db);
    const projects = new ProjectsRepository(handle.db);
    userId = (await new UsersRepository(handle.db).upsertByClerkId(`user_${randomUUID()}`)).id;
    big = (await projects.create({ userId, name: 'big', hashedApiKey: randomUUID() })).id;
    small = (await projects.create({ userId, name: 'small', hashedApiKey: randomUUID() })).id;
    // 50 entries, 10 of them bugs; 15 in the small project.
    await feedback.insertForProject(
      big,
      Array.from({ length: 50 }, (_, i) => ({ text: `entry ${i}`, category: i % 5 === 0 ? 'bug' : 'feature' })),
    );
    await feedback.insertForProject(
      small,
      Array.from({ length: 15 }, (_, i) => ({ text: `entry ${i}`, category: 'feature' })),
    );
  });
  afterAll(async () => {
    await handle.close();
  });

  it('counts no further than the threshold', async () => {
    expect(await feedback.countUpTo({ projectId: big }, {}, 40)).toBe(40);
    expect(await feedback.countUpTo({ projectId: big }, {}, 100)).toBe(50);
    expect(await feedback.countUpTo({ userId }, {}, 100)).toBe(65);
  });

  it('classes by the entries the job would read: project, filters, or all of a user’s projects', async () => {
    const sizer = new JobSizer(feedback, 40);
    expect(await sizer.classify({ projectId: big }, {})).toBe('large');
    expect(await sizer.classify({ projectId: big }, { category: 'bug' })).toBe('small');
    expect(await sizer.classify({ projectId: small }, {})).toBe('small');
    expect(await new JobSizer(feedback, 60).classify({ userId }, {})).toBe('large');
    expect(await new JobSizer(feedback, 66).classify({ userId }, {})).toBe('small');
  });
});
