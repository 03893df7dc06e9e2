import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig, PriceBook } from '@insights/config';
import { createDatabase, UsersRepository, type DatabaseHandle } from '@insights/db';
import type { LedgerEntry } from '@insights/engine';
import { PgRunStore } from '../src/adapters.js';

/** The cost each ledger row stores, by the model the row names, as a run writes it. */
describe('ledger rows priced as they are written', () => {
  let db: DatabaseHandle;
  beforeAll(() => {
    db = createDatabase(process.env.DATABASE_URL!);
  });
  afterAll(() => db?.close());

  const entry = (model: string, stage: LedgerEntry['stage'], promptTokens: number, cachedTokens: number, completionTokens: number): LedgerEntry => ({
    stage,
    model,
    provider: 'glm',
    promptTokens,
    cachedTokens,
    completionTokens,
    latencyMs: 1,
    outcome: 'ok',
  });

  it('prices a chat row at the chat model, an embeddings row at the embedding price, a failed call at what it billed', async () => {
    const config = loadConfig({ ...process.env, INSIGHTS_PROVIDER: 'glm', GLM_API_KEY: 'k', GLM_MODEL: 'glm-4.5' }, { verifiesTokens: false });
    const userId = (await new UsersRepository(db.db).upsertByClerkId(`user_${randomUUID()}`)).id;
    const jobId = `cost${randomUUID().replaceAll('-', '')}`;
    const store = new PgRunStore(db.db, { jobId, projectId: null, userId }, PriceBook.fromConfig(config));
    await store.ledger.record(entry('glm-4.5', 'map', 1_000_000, 200_000, 10_000));
    await store.ledger.record(entry('embedding-3', 'embed', 1_000_000, 0, 0));
    await store.ledger.record({ ...entry('glm-4.5', 'reduce', 50_000, 0, 0), outcome: 'content_filter' });
    await store.flush();

    const rows = await db.pool.query<{ stage: string; cost: string }>('select stage, cost_usd::text as cost from llm_calls where job_id = $1 order by id', [
      jobId,
    ]);
    // 0.8 x 0.60 + 0.2 x 0.11 + 0.01 x 2.20; 1 x 0.07; 0.05 x 0.60.
    expect(rows.rows).toEqual([
      { stage: 'map', cost: '0.5240000000' },
      { stage: 'embed', cost: '0.0700000000' },
      { stage: 'reduce', cost: '0.0300000000' },
    ]);
    expect(store.costUsd).toBe(0.624);
  });

  it('stores no cost for a model without a price, and the run then states none', async () => {
    const config = loadConfig(
      { ...process.env, INSIGHTS_PROVIDER: 'glm', GLM_API_KEY: 'k', GLM_MODEL: 'glm-9', GLM_CONTEXT_TOKENS: '64000', GLM_MAX_OUTPUT_TOKENS: '8000' },
      { verifiesTokens: false },
    );
    const userId = (await new UsersRepository(db.db).upsertByClerkId(`user_${randomUUID()}`)).id;
    const jobId = `cost${randomUUID().replaceAll('-', '')}`;
    const store = new PgRunStore(db.db, { jobId, projectId: null, userId }, PriceBook.fromConfig(config));
    await store.ledger.record(entry('glm-9', 'map', 1_000, 0, 100));
    await store.ledger.record(entry('embedding-3', 'embed', 1_000_000, 0, 0));
    await store.flush();
    const rows = await db.pool.query<{ cost: string | null }>('select cost_usd::text as cost from llm_calls where job_id = $1 order by id', [jobId]);
    expect(rows.rows).toEqual([{ cost: null }, { cost: '0.0700000000' }]);
    expect(store.costUsd).toBeNull();
  });
});
