import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import {
  demoFeedback,
  personalDataSet,
  PHONE_COUNTRIES,
  type LabelledText,
  type PersonalDataKind,
  newUser,
  eventually,
  WorkerProcess,
  RecordingProxy,
} from '@insights/testkit';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { createTestApp } from '../src/testing.js';
import { glmStackEnv } from '@insights/testkit/stack';

const KINDS: PersonalDataKind[] = ['email', 'phone', 'card', 'iban', 'ip', 'url'];
const PER_KIND = 10;
const SUBMITTER = { userName: 'Zelda Quartermaine', userEmail: 'zelda.quartermaine@private-mail.example' };

/** Ten planted values of each kind, in the formats and languages of the labelled set. */
function planted(): LabelledText[] {
  const set = personalDataSet();
  return KINDS.flatMap((kind) => set.filter((t) => t.kind === kind).slice(0, PER_KIND));
}

/** The originals, as written and with their separators removed (a number sent compact is still sent). */
function needles(texts: readonly LabelledText[]): string[] {
  return [...new Set(texts.flatMap((t) => [t.value, ...(t.kind === 'email' || t.kind === 'url' ? [] : [t.value.replace(/[\s.\-/()]/g, '')])]))];
}

const found = (haystacks: readonly string[], values: readonly string[]) => values.filter((v) => haystacks.some((h) => h.includes(v)));

/**
 * Feedback that carries e-mail addresses, phone numbers, cards, IBANs, IPs and token URLs goes
 * through a queued job (HTTP → BullMQ → worker process → GLM client) and the legacy endpoint:
 * none of it reaches the model, none comes back into what is stored or shown.
 */
describe('personal data never leaves for the model', () => {
  let fake: FakeGlm;
  let proxy: RecordingProxy;
  let app: NestFastifyApplication;
  let db: DatabaseHandle;
  let worker: WorkerProcess;
  const owner = newUser();
  const texts = planted();
  const originals = needles(texts);
  const expected = Object.fromEntries(KINDS.map((k) => [k, PER_KIND]));

  async function project(): Promise<string> {
    const created = (await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'pd' } })).json().data;
    const demo = [...demoFeedback({ count: 90, seed: 61 })].map((f) => ({ text: f.text, rating: f.rating, createdAt: f.createdAt!.toISOString() }));
    // Planted texts open with the value's sentence, so the fake's quotes (entry openings) copy it.
    const items = [
      ...demo,
      ...texts.map((t, i) => ({ text: t.text, rating: 1 + (i % 5), createdAt: new Date(Date.UTC(2026, 0, 1 + (i % 28))).toISOString(), ...SUBMITTER })),
    ];
    expect(
      (await app.inject({ method: 'POST', url: `/api/projects/${created.id}/feedback/bulk`, headers: owner.headers, payload: { items } })).statusCode,
    ).toBe(201);
    return created.id;
  }

  async function runJob(projectId: string, force = false): Promise<Record<string, unknown> & { redaction?: unknown; memoHits: number }> {
    const res = force
      ? await app.inject({ method: 'GET', url: `/api/insights?projectId=${projectId}&forceRefresh=true`, headers: owner.headers })
      : await app.inject({ method: 'POST', url: '/api/insights/jobs', headers: owner.headers, payload: { projectId } });
    expect(res.statusCode).toBe(202);
    const { jobId } = res.json().data;
    const done = await eventually(
      async () => {
        const job = (await app.inject({ method: 'GET', url: `/api/insights/jobs/${jobId}`, headers: owner.headers })).json().data;
        return job.status === 'completed' || job.status === 'failed' ? job : undefined;
      },
      60_000,
      'the job to finish',
    );
    expect(done.status).toBe('completed');
    return done.result;
  }

  /** Everything the service stored for the project: jobs, both cache tiers' Postgres rows, memo, ledger. */
  async function storedRows(projectId: string): Promise<string[]> {
    const q = (sql: string) => db.pool.query<{ row: string }>(sql, [projectId]).then((r) => r.rows.map((x) => x.row));
    return [
      ...(await q('select j::text as row from insights_jobs j where project_id = $1')),
      ...(await q('select c::text as row from insights_cache c where project_id = $1')),
      ...(await q('select l::text as row from llm_calls l where project_id = $1')),
      ...(await db.pool.query<{ row: string }>('select m::text as row from insights_chunk_memo m').then((r) => r.rows.map((x) => x.row))),
    ];
  }

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0 });
    proxy = await RecordingProxy.start(fake.url);
    const env = glmStackEnv(proxy.url, 'pd', { GLM_TIMEOUT_MS: '8000', REDACTION_PHONE_COUNTRIES: PHONE_COUNTRIES.join(',') });
    Object.assign(process.env, env);
    app = await createTestApp();
    db = createDatabase(process.env.DATABASE_URL!);
    worker = await WorkerProcess.start(env);
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await db?.close();
    await proxy?.close();
    await fake?.close();
    process.env.INSIGHTS_PROVIDER = 'offline';
  });

  it('sends none of the planted values nor the submitter’s columns, stores and shows placeholders, and counts them', async () => {
    const projectId = await project();
    const result = await runJob(projectId);
    const prompts = [...proxy.bodies, ...proxy.prompts()];
    expect(proxy.bodies.length).toBeGreaterThan(1);
    expect(`${found(prompts, originals).length} of ${originals.length} planted values sent`).toBe(`0 of ${originals.length} planted values sent`);
    expect(found(prompts, Object.values(SUBMITTER))).toEqual([]);
    // Placeholders did go out: the model still sees that an entry carried an e-mail, a phone...
    for (const kind of KINDS) expect(prompts.some((p) => p.includes(`[${kind}]`))).toBe(true);

    expect(result.redaction).toEqual({ enabled: true, replaced: expected });
    const shown = [
      JSON.stringify(result),
      (await app.inject({ method: 'GET', url: `/api/insights?projectId=${projectId}`, headers: owner.headers })).body,
      (await app.inject({ method: 'GET', url: `/api/insights/${projectId}`, headers: owner.headers })).body,
      (await app.inject({ method: 'GET', url: `/api/insights/${projectId}/export?format=csv`, headers: owner.headers })).body,
      (await app.inject({ method: 'GET', url: `/api/insights/${projectId}/export?format=md`, headers: owner.headers })).body,
    ];
    expect(JSON.stringify(result)).toMatch(/\[(email|phone|card|iban|ip|url)\]/);
    expect(found(shown, originals)).toEqual([]);
    expect(found(await storedRows(projectId), originals)).toEqual([]);
  });

  it('counts the same on a regeneration served from the chunk memo, and on the legacy endpoint', async () => {
    const projectId = await project();
    await runJob(projectId);
    const sentBefore = proxy.bodies.length;
    const again = await runJob(projectId, true);
    expect(again.memoHits).toBeGreaterThan(0);
    expect(again.redaction).toEqual({ enabled: true, replaced: expected });

    const legacy = await app.inject({ method: 'POST', url: '/api/insights/generate', headers: owner.headers, payload: { projectId } });
    expect(legacy.statusCode).toBe(200);
    expect(legacy.json().data.redaction).toEqual({ enabled: true, replaced: expected });
    expect(found(proxy.bodies.slice(sentBefore), originals)).toEqual([]);
    expect(found([legacy.body], originals)).toEqual([]);
  });
});
