import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@insights/config';
import { createDatabase, FeedbackRepository, ProjectsRepository, UsersRepository, type DatabaseHandle } from '@insights/db';
import { createRedisConnection, type RedisClient } from '@insights/queue';
import { demoFeedback, ScriptedProvider } from '@insights/testkit';
import { InsightsGenerator, SpendPolicy, SpendRefused, TokenBudget } from '../src/index.js';

const PROJECT_BUDGET = 100_000;
const USER_BUDGET = 150_000;

/** The spend policy against the real ledger and Redis, and the run allowance it gives the generator. */
describe('spend policy', () => {
  let db: DatabaseHandle;
  let redis: RedisClient;
  const config = loadConfig({ ...process.env, INSIGHTS_PROVIDER: 'glm', GLM_API_KEY: 'k' }, { verifiesTokens: false });

  const policy = (jobsPerMinutePerUser = 3) =>
    new SpendPolicy({
      redis,
      keyPrefix: `${config.redis.keyPrefix}-spend-${randomUUID()}`,
      jobsPerMinutePerUser,
      projectBudget: new TokenBudget(db.db, PROJECT_BUDGET, 'project'),
      userBudget: new TokenBudget(db.db, USER_BUDGET, 'user'),
    });
  async function user(): Promise<{ userId: string; projects: string[] }> {
    const userId = (await new UsersRepository(db.db).upsertByClerkId(`user_${randomUUID()}`)).id;
    const projects: string[] = [];
    for (const name of ['a', 'b']) {
      const projectId = (await new ProjectsRepository(db.db).create({ userId, name, hashedApiKey: randomUUID() })).id;
      await new FeedbackRepository(db.db).insertForProject(projectId, [...demoFeedback({ count: 30, seed: projects.length + 7 })]);
      projects.push(projectId);
    }
    return { userId, projects };
  }
  const spend = (userId: string, projectId: string | null, tokens: number) =>
    db.pool.query(
      `insert into llm_calls (user_id, project_id, stage, provider, model, prompt_tokens, completion_tokens, outcome) values ($1, $2, 'map', 'glm', 'm', $3, 0, 'ok')`,
      [userId, projectId, tokens],
    );

  beforeAll(() => {
    db = createDatabase(process.env.DATABASE_URL!);
    redis = createRedisConnection({ url: config.redis.url, clusterNodes: config.redis.clusterNodes }, 'worker');
  });
  afterAll(async () => {
    await redis.quit();
    await db.close();
  });

  it('leaves a run the smaller of what is left of the project’s and the user’s budget; all projects draw on the user’s', async () => {
    const { userId, projects } = await user();
    const spendPolicy = policy();
    await spend(userId, projects[0]!, 60_000);
    await spend(userId, projects[1]!, 40_000);
    expect(await spendPolicy.remainingTokens({ userId, projectId: projects[0]! })).toBe(40_000);
    expect(await spendPolicy.remainingTokens({ userId, projectId: projects[1]! })).toBe(50_000);
    expect(await spendPolicy.remainingTokens({ userId, projectId: null })).toBe(50_000);

    await spend(userId, null, 50_000);
    for (const projectId of [null, projects[1]!]) {
      const refusal = await spendPolicy.checkBudgets({ userId, projectId }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(SpendRefused);
      expect(refusal).toMatchObject({ kind: 'user_budget' });
    }
  });

  it('stops an all-projects run before its first call when the user’s budget is spent, and records whose calls they were', async () => {
    const { userId, projects } = await user();
    const provider = new ScriptedProvider();
    const generator = new InsightsGenerator(db.db, config, policy(), provider);
    await generator.generate({ userId, projectId: projects[0]!, filters: {} });
    expect(provider.calls.length).toBeGreaterThan(0);
    const { rows } = await db.pool.query<{ n: string }>('select count(*) as n from llm_calls where user_id = $1', [userId]);
    expect(Number(rows[0]!.n)).toBe(provider.calls.length);

    await spend(userId, null, USER_BUDGET);
    const before = provider.calls.length;
    await expect(generator.generate({ userId, projectId: null, filters: {} })).rejects.toMatchObject({ kind: 'budget_exceeded' });
    expect(provider.calls.length).toBe(before);
  });

  it('takes job points all or none: a refused batch takes nothing', async () => {
    const { userId } = await user();
    const spendPolicy = policy(3);
    await expect(spendPolicy.takeJobs(userId, 4)).rejects.toMatchObject({ kind: 'job_rate' });
    await spendPolicy.takeJobs(userId, 3);
    const refused = await spendPolicy.takeJobs(userId, 1).catch((error: unknown) => error);
    expect(refused).toMatchObject({ kind: 'job_rate' });
    expect((refused as SpendRefused).retryAfterSeconds).toBeGreaterThan(0);
  });
});
