import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TwoTierInsightsCache } from '@insights/cache';
import { UsersRepository, type DatabaseHandle } from '@insights/db';
import { InsightsGenerator } from '@insights/generation';
import { DATABASE } from '@insights/platform';
import { TEST_TIMINGS } from '@insights/testkit';
import { ScopeIdentityService } from '../../src/insights/scope-identity.service.js';
import { clip, errorShapeProblems, inject, parse, type Probe, type Reply } from './support.js';
import { createTestApp } from '../../src/testing.js';
import { newUser } from '@insights/testkit';

/**
 * Two tenants, each with projects, feedback, queued jobs, a job completed from the cache and
 * cached insights (per project and for all projects). Every endpoint that takes an id is called
 * by one tenant with the other's ids, in both directions: the answer must be the same 404 an
 * unknown id gets (never 403, never data), and the owner's resources must be unchanged.
 *
 * No HTTP endpoint writes the insights cache (only the worker does, after a job). Without a
 * worker, the cached entries here are written the way the worker writes them: the result comes
 * from the worker's generator (offline provider) and is stored with TwoTierInsightsCache.put
 * under the identity ScopeIdentityService computes for the request. The legacy endpoint, which
 * now queues a job and waits for it, is probed with a short wait: a scope it cannot answer from
 * the cache answers 504 with the caller's own job.
 */

interface Project {
  id: string;
  apiKey: string;
  name: string;
}

interface Tenant {
  label: string;
  sub: string;
  headers: Record<string, string>;
  userId: string;
  marker: string;
  /** queued: a job in flight; cached: insights in the cache and a job completed from them */
  queued: Project;
  cached: Project;
  feedbackIds: string[];
  jobs: { queued: string; filtered: string; all: string; completedFromCache: string };
}

const FILTERED = { startDate: '2026-01-01', endDate: '2026-12-31', category: 'bug' };

describe('tenant isolation', () => {
  let app: NestFastifyApplication;
  let handle: DatabaseHandle;
  const tally = { pairs: 0, leaks: 0 };
  let A: Tenant;
  let B: Tenant;

  const send = (probe: Probe): Promise<Reply> => inject(app, probe);
  const count = async (sql: string, params: unknown[]): Promise<number> => Number((await handle.pool.query<{ n: string }>(sql, params)).rows[0]!.n);

  const secretsOf = (t: Tenant): string[] => [
    t.marker,
    t.queued.id,
    t.cached.id,
    t.queued.name,
    t.cached.name,
    t.queued.apiKey,
    t.cached.apiKey,
    ...t.feedbackIds,
    ...Object.values(t.jobs),
  ];
  /** Which of the victim's secrets a response shows, apart from the id the request itself carried. */
  const leakedSecrets = (res: Reply, victim: Tenant, requested: string[] = []): string[] =>
    secretsOf(victim).filter((s) => !requested.includes(s) && res.body.includes(s));

  async function setUpTenant(label: string): Promise<Tenant> {
    const user = newUser();
    const marker = `zq${randomBytes(6).toString('hex')}`;
    const create = async (suffix: string): Promise<Project> => {
      const name = `${marker}-${suffix}`;
      const res = await send({ method: 'POST', url: '/api/projects', headers: user.headers, payload: { name } });
      expect(res.statusCode).toBe(201);
      const data = parse(res)!.data as { id: string; apiKey: string };
      return { id: data.id, apiKey: data.apiKey, name };
    };
    const queued = await create('queued');
    const cached = await create('cached');
    for (const p of [queued, cached]) {
      const items = [
        { text: `${marker} export to csv is broken`, rating: 1, category: 'bug', createdAt: '2026-02-01T10:00:00Z' },
        { text: `${marker} please add dark mode`, rating: 3, category: 'feature', createdAt: '2026-02-02T10:00:00Z' },
        { text: `${marker} love the charts`, rating: 5, category: 'praise', createdAt: '2026-02-03T10:00:00Z' },
      ];
      const res = await send({ method: 'POST', url: `/api/projects/${p.id}/feedback/bulk`, headers: user.headers, payload: { items } });
      expect(res.statusCode).toBe(201);
    }
    const listed = await send({ method: 'GET', url: '/api/feedback?limit=100', headers: user.headers });
    const feedbackIds = (parse(listed)!.data as { items: { id: string }[] }).items.map((f) => f.id);
    expect(feedbackIds).toHaveLength(6);

    const job = async (payload: object, expectStatus = 202): Promise<string> => {
      const res = await send({ method: 'POST', url: '/api/insights/jobs', headers: user.headers, payload });
      expect(`${res.statusCode} ${clip(res.body)}`).toMatch(new RegExp(`^${expectStatus} `));
      return (parse(res)!.data as { jobId: string }).jobId;
    };
    const queuedJob = await job({ projectId: queued.id });
    const filteredJob = await job({ projectId: queued.id, filters: FILTERED });
    const allJob = await job({});

    // Cached insights: the generator's result, stored as the worker stores it.
    const userId = (await app.get(UsersRepository).upsertByClerkId(user.sub)).id;
    const identities = app.get(ScopeIdentityService);
    const cache = app.get(TwoTierInsightsCache);
    for (const projectId of [cached.id, null]) {
      const generated = await app.get(InsightsGenerator).generate({ userId, projectId, filters: {} });
      const id = await identities.resolve(userId, projectId, {});
      await cache.put({
        cacheKey: id.cacheKey,
        scopeKey: id.scopeKey,
        projectId,
        userId,
        filters: {},
        feedbackGeneration: id.generation,
        result: generated,
      });
    }
    const completedFromCache = await job({ projectId: cached.id }, 200);

    return {
      label,
      sub: user.sub,
      headers: user.headers,
      userId,
      marker,
      queued,
      cached,
      feedbackIds,
      jobs: { queued: queuedJob, filtered: filteredJob, all: allJob, completedFromCache },
    };
  }

  /** Everything of a tenant that another tenant's requests must not change. */
  async function snapshot(t: Tenant): Promise<unknown> {
    const projects = parse(await send({ method: 'GET', url: '/api/projects', headers: t.headers }))!.data as {
      id: string;
      name: string;
      feedbackGeneration: number;
    }[];
    const jobs: Record<string, unknown> = {};
    for (const [name, jobId] of Object.entries(t.jobs)) {
      const res = await send({ method: 'GET', url: `/api/insights/jobs/${jobId}`, headers: t.headers });
      jobs[name] = { status: res.statusCode, job: (parse(res)?.data as { status?: string } | undefined)?.status };
    }
    const latest = await send({ method: 'GET', url: `/api/insights/${t.cached.id}`, headers: t.headers });
    const read = await send({ method: 'GET', url: `/api/insights?projectId=${t.cached.id}`, headers: t.headers });
    const all = await send({ method: 'GET', url: '/api/insights', headers: t.headers });
    return {
      projects: projects.map((p) => ({ id: p.id, name: p.name, generation: p.feedbackGeneration })).sort((x, y) => x.id.localeCompare(y.id)),
      feedback: await count('select count(*) as n from feedback f join projects p on p.id = f.project_id where p.user_id = $1', [t.userId]),
      jobRowsOnItsProjects: await count('select count(*) as n from insights_jobs j join projects p on p.id = j.project_id where p.user_id = $1', [t.userId]),
      jobs,
      cachedLatest: { status: latest.statusCode, cached: parse(latest)?.cached },
      cachedRead: { status: read.statusCode, cached: parse(read)?.cached, stale: parse(read)?.stale },
      cachedAll: { status: all.statusCode, cached: parse(all)?.cached, stale: parse(all)?.stale },
    };
  }

  const leaks: string[] = [];
  /**
   * The attacker sends `probe` carrying the victim's id: it must get exactly what an unknown id
   * gets (`control`, the same request with a fresh id), a 404 with the expected code and no data.
   */
  async function expectHidden(attacker: Tenant, victim: Tenant, what: string, probe: Probe, control: Probe, code: string, requested: string[]): Promise<void> {
    tally.pairs++;
    const res = await send({ ...probe, headers: { ...attacker.headers, ...probe.headers } });
    const ctl = await send({ ...control, headers: { ...attacker.headers, ...control.headers } });
    const body = parse(res);
    const problems: string[] = [];
    if (res.statusCode !== 404) problems.push(`status ${res.statusCode}, expected 404`);
    if (body?.code !== code) problems.push(`code ${String(body?.code)}, expected ${code}`);
    if (res.statusCode !== ctl.statusCode || body?.code !== parse(ctl)?.code) {
      problems.push(`differs from an unknown id (${ctl.statusCode} ${String(parse(ctl)?.code)})`);
    }
    if (body && 'data' in body) problems.push('response carries data');
    if (res.statusCode >= 400) problems.push(...errorShapeProblems(res));
    const secrets = leakedSecrets(res, victim, requested);
    if (secrets.length) problems.push(`shows ${victim.label}'s ${secrets.join(', ')}`);
    if (problems.length) {
      tally.leaks++;
      leaks.push(
        `${attacker.label} -> ${victim.label}'s ${what}: ${probe.method} ${probe.url}${probe.payload ? ` ${JSON.stringify(probe.payload)}` : ''} -> ${res.statusCode} ${clip(res.body, 240)} :: ${problems.join('; ')}`,
      );
    }
  }

  /**
   * Jobs answer as the dashboard expects: 200 `{ status: "not_found" }`, and byte for byte the
   * same as for an id that never existed.
   */
  async function expectJobHidden(attacker: Tenant, victim: Tenant, what: string, probe: Probe, control: Probe, requested: string[]): Promise<void> {
    tally.pairs++;
    const res = await send({ ...probe, headers: { ...attacker.headers, ...probe.headers } });
    const ctl = await send({ ...control, headers: { ...attacker.headers, ...control.headers } });
    const problems: string[] = [];
    if (res.statusCode !== 200) problems.push(`status ${res.statusCode}, expected 200`);
    if ((parse(res)?.data as { status?: unknown } | undefined)?.status !== 'not_found') problems.push('status is not not_found');
    if (res.statusCode !== ctl.statusCode || res.body !== ctl.body) problems.push(`differs from an unknown id (${ctl.statusCode} ${clip(ctl.body, 120)})`);
    const secrets = leakedSecrets(res, victim, requested);
    if (secrets.length) problems.push(`shows ${victim.label}'s ${secrets.join(', ')}`);
    if (problems.length) {
      tally.leaks++;
      leaks.push(
        `${attacker.label} -> ${victim.label}'s ${what}: ${probe.method} ${probe.url} -> ${res.statusCode} ${clip(res.body, 240)} :: ${problems.join('; ')}`,
      );
    }
  }

  /** A request the attacker may make for their own scope: it must show nothing of the victim. */
  async function expectNothingOf(attacker: Tenant, victim: Tenant, what: string, probe: Probe, check?: (res: Reply) => string[]): Promise<Reply> {
    tally.pairs++;
    const res = await send({ ...probe, headers: { ...attacker.headers, ...probe.headers } });
    const problems: string[] = [];
    if (res.statusCode >= 500) problems.push(`status ${res.statusCode}`);
    const secrets = leakedSecrets(res, victim);
    if (secrets.length) problems.push(`shows ${victim.label}'s ${secrets.join(', ')}`);
    problems.push(...(check?.(res) ?? []));
    if (problems.length) {
      tally.leaks++;
      leaks.push(
        `${attacker.label} -> ${victim.label}'s ${what}: ${probe.method} ${probe.url}${probe.payload ? ` ${JSON.stringify(probe.payload)}` : ''} -> ${res.statusCode} ${clip(res.body, 240)} :: ${problems.join('; ')}`,
      );
    }
    return res;
  }

  const directions = (): [Tenant, Tenant][] => [
    [A, B],
    [B, A],
  ];
  const assertNoLeaks = (area: string) => {
    const found = leaks.splice(0);
    if (found.length) throw new Error(`${area}: ${found.length} isolation failure(s):\n  ${found.join('\n  ')}`);
  };

  let before: Map<string, unknown>;

  beforeAll(async () => {
    // Its own queue prefix: the jobs it leaves queued must not be run by another suite's worker.
    app = await createTestApp((config) => ({
      ...config,
      redis: { ...config.redis, keyPrefix: `${config.redis.keyPrefix}-tenants` },
      insights: { ...config.insights, legacyGenerate: true, legacyWaitMs: TEST_TIMINGS.legacyWaitMs },
    }));
    handle = app.get<DatabaseHandle>(DATABASE);
    A = await setUpTenant('A');
    B = await setUpTenant('B');
    before = new Map([
      ['A', await snapshot(A)],
      ['B', await snapshot(B)],
    ]);
  });

  afterAll(async () => {
    console.log(`isolation: ${tally.pairs} pairs checked, ${tally.leaks} leaks`);
    await app.close();
  });

  it('sets up real resources the owner can reach (so a 404 for the other tenant means isolation, not a bad id)', async () => {
    for (const t of [A, B]) {
      const snap = before.get(t.label) as {
        projects: unknown[];
        jobs: Record<string, { status: number; job: string }>;
        cachedLatest: { status: number; cached: boolean };
        cachedRead: { status: number; cached: boolean; stale: boolean };
        cachedAll: { status: number; cached: boolean; stale: boolean };
      };
      expect(snap.projects).toHaveLength(2);
      expect(snap.jobs).toEqual({
        queued: { status: 200, job: 'pending' },
        filtered: { status: 200, job: 'pending' },
        all: { status: 200, job: 'pending' },
        completedFromCache: { status: 200, job: 'completed' },
      });
      expect(snap.cachedLatest).toEqual({ status: 200, cached: true });
      expect(snap.cachedRead).toEqual({ status: 200, cached: true, stale: false });
      expect(snap.cachedAll).toEqual({ status: 200, cached: true, stale: false });
      // an identical request while the job is in flight returns that job (dedup works for the owner)
      const again = await send({ method: 'POST', url: '/api/insights/jobs', headers: t.headers, payload: { projectId: t.queued.id } });
      expect(parse(again)?.data).toEqual({ jobId: t.jobs.queued, status: 'pending', cached: false, estimatedTime: expect.any(Number) });
    }
  });

  it('projects: get, delete and list', async () => {
    for (const [attacker, victim] of directions()) {
      for (const p of [victim.queued, victim.cached]) {
        const unknown = randomUUID();
        await expectHidden(
          attacker,
          victim,
          'project',
          { method: 'GET', url: `/api/projects/${p.id}` },
          { method: 'GET', url: `/api/projects/${unknown}` },
          'PROJECT_NOT_FOUND',
          [p.id],
        );
        await expectHidden(
          attacker,
          victim,
          'project (delete)',
          { method: 'DELETE', url: `/api/projects/${p.id}` },
          { method: 'DELETE', url: `/api/projects/${unknown}` },
          'PROJECT_NOT_FOUND',
          [p.id],
        );
        // Ids are read in one spelling at the edge: the 404 names the id the caller sent, lower-cased.
        await expectHidden(
          attacker,
          victim,
          'project (upper-case id)',
          { method: 'GET', url: `/api/projects/${p.id.toUpperCase()}` },
          { method: 'GET', url: `/api/projects/${unknown.toUpperCase()}` },
          'PROJECT_NOT_FOUND',
          [p.id.toUpperCase(), p.id],
        );
      }
      await expectNothingOf(attacker, victim, 'projects (list)', { method: 'GET', url: '/api/projects' });
    }
    assertNoLeaks('projects');
  });

  it('feedback: listing by projectId, bulk import, widget submission', async () => {
    for (const [attacker, victim] of directions()) {
      for (const p of [victim.queued, victim.cached]) {
        const unknown = randomUUID();
        await expectHidden(
          attacker,
          victim,
          'feedback (list)',
          { method: 'GET', url: `/api/feedback?projectId=${p.id}` },
          { method: 'GET', url: `/api/feedback?projectId=${unknown}` },
          'PROJECT_NOT_FOUND',
          [p.id],
        );
        await expectHidden(
          attacker,
          victim,
          'feedback (list, filtered)',
          { method: 'GET', url: `/api/feedback?projectId=${p.id}&category=bug&limit=100` },
          { method: 'GET', url: `/api/feedback?projectId=${unknown}&category=bug&limit=100` },
          'PROJECT_NOT_FOUND',
          [p.id],
        );
        const items = [{ text: 'planted by the other tenant', rating: 1 }];
        await expectHidden(
          attacker,
          victim,
          'project (bulk import)',
          { method: 'POST', url: `/api/projects/${p.id}/feedback/bulk`, payload: { items } },
          { method: 'POST', url: `/api/projects/${unknown}/feedback/bulk`, payload: { items } },
          'PROJECT_NOT_FOUND',
          [p.id],
        );
      }
      for (const p of [victim.queued, victim.cached]) {
        await expectHidden(
          attacker,
          victim,
          'feedback (search)',
          { method: 'GET', url: `/api/feedback/search?projectId=${p.id}&q=export` },
          { method: 'GET', url: `/api/feedback/search?projectId=${randomUUID()}&q=export` },
          'PROJECT_NOT_FOUND',
          [p.id],
        );
      }
      for (const feedbackId of victim.feedbackIds) {
        for (const suffix of ['', '/similar']) {
          await expectHidden(
            attacker,
            victim,
            `feedback entry${suffix}`,
            { method: 'GET', url: `/api/feedback/${feedbackId}${suffix}` },
            { method: 'GET', url: `/api/feedback/${randomUUID()}${suffix}` },
            'FEEDBACK_NOT_FOUND',
            [feedbackId],
          );
        }
      }
      // the attacker's own search finds none of the victim's words, the victim's cursor included
      const victimSearch = parse(
        await send({ method: 'GET', url: `/api/feedback/search?projectId=${victim.queued.id}&q=${victim.marker}&limit=1`, headers: victim.headers }),
      )!.data as { items: unknown[]; nextCursor: string };
      expect(victimSearch.items).toHaveLength(1);
      await expectNothingOf(attacker, victim, 'feedback (search of own project for the victim’s words)', {
        method: 'GET',
        url: `/api/feedback/search?projectId=${attacker.queued.id}&q=${victim.marker}`,
      });
      await expectNothingOf(attacker, victim, 'feedback (own search with the victim’s cursor)', {
        method: 'GET',
        url: `/api/feedback/search?projectId=${attacker.queued.id}&q=${victim.marker}&limit=1&cursor=${victimSearch.nextCursor}`,
      });
      await expectNothingOf(attacker, victim, 'feedback (list of all own projects)', { method: 'GET', url: '/api/feedback?limit=100' });
      // a cursor is a position, not a capability: the victim's cursor pages the attacker's own scope
      const victimPage = parse(await send({ method: 'GET', url: '/api/feedback?limit=1', headers: victim.headers }))!.data as { nextCursor: string };
      await expectNothingOf(attacker, victim, "feedback (list with the victim's cursor)", {
        method: 'GET',
        url: `/api/feedback?limit=100&cursor=${victimPage.nextCursor}`,
      });
      // the widget key names the project: a body cannot redirect the entry elsewhere
      await expectNothingOf(
        attacker,
        victim,
        'project (widget entry with its projectId in the body)',
        {
          method: 'POST',
          url: '/api/feedback',
          headers: { 'x-api-key': attacker.queued.apiKey },
          payload: { text: 'redirected?', rating: 1, projectId: victim.queued.id },
        },
        (res) => (res.statusCode === 400 ? [] : [`status ${res.statusCode}, expected 400 (projectId is not a widget field)`]),
      );
    }
    expect(await count("select count(*) as n from feedback where text in ('planted by the other tenant', 'redirected?')", [])).toBe(0);
    assertNoLeaks('feedback');
  });

  it('jobs: read and cancel the other tenant’s queued, filtered, all-projects and cache-completed jobs', async () => {
    for (const [attacker, victim] of directions()) {
      for (const [name, jobId] of Object.entries(victim.jobs)) {
        const unknown = randomBytes(16).toString('base64url');
        await expectJobHidden(
          attacker,
          victim,
          `job ${name}`,
          { method: 'GET', url: `/api/insights/jobs/${jobId}` },
          { method: 'GET', url: `/api/insights/jobs/${unknown}` },
          [jobId],
        );
        await expectJobHidden(
          attacker,
          victim,
          `job ${name} (cancel)`,
          { method: 'DELETE', url: `/api/insights/jobs/${jobId}` },
          { method: 'DELETE', url: `/api/insights/jobs/${unknown}` },
          [jobId],
        );
      }
    }
    assertNoLeaks('jobs');
  });

  it('insights: cached reads, queued reads, forceRefresh, job creation (dedup and cache) and legacy generation', async () => {
    for (const [attacker, victim] of directions()) {
      for (const p of [victim.queued, victim.cached]) {
        const unknown = randomUUID();
        const hidden = (what: string, probe: (id: string) => Probe) =>
          expectHidden(attacker, victim, what, probe(p.id), probe(unknown), 'PROJECT_NOT_FOUND', [p.id]);
        await hidden('latest insights', (id) => ({ method: 'GET', url: `/api/insights/${id}` }));
        await hidden('insights (read)', (id) => ({ method: 'GET', url: `/api/insights?projectId=${id}` }));
        await hidden('insights (read, forceRefresh)', (id) => ({ method: 'GET', url: `/api/insights?projectId=${id}&forceRefresh=true` }));
        await hidden('insights (read, filtered)', (id) => ({
          method: 'GET',
          url: `/api/insights?projectId=${id}&startDate=${FILTERED.startDate}&endDate=${FILTERED.endDate}&category=bug`,
        }));
        // the victim's identical job is in flight (queued project) or its result cached (cached project):
        // the attacker must be refused before dedup or the cache answer
        await hidden('job (create, body)', (id) => ({ method: 'POST', url: '/api/insights/jobs', payload: { projectId: id } }));
        await hidden('job (create, query)', (id) => ({ method: 'POST', url: `/api/insights/jobs?projectId=${id}` }));
        await hidden('job (create, same filters)', (id) => ({ method: 'POST', url: '/api/insights/jobs', payload: { projectId: id, filters: FILTERED } }));
        await hidden('job (create, body overrides own query projectId)', (id) => ({
          method: 'POST',
          url: `/api/insights/jobs?projectId=${attacker.queued.id}`,
          payload: { projectId: id },
        }));
        await hidden('insights (legacy generate, body)', (id) => ({ method: 'POST', url: '/api/insights/generate', payload: { projectId: id } }));
        await hidden('insights (legacy generate, query)', (id) => ({ method: 'POST', url: `/api/insights/generate?projectId=${id}` }));
      }
      // the attacker's own scopes: never the victim's jobs or results
      const ownJob = (res: Reply): string[] => {
        const jobId = (parse(res)?.data as { jobId?: string } | undefined)?.jobId;
        return jobId && Object.values(victim.jobs).includes(jobId) ? [`returned ${victim.label}'s job ${jobId}`] : [];
      };
      await expectNothingOf(attacker, victim, 'insights (all own projects)', { method: 'GET', url: '/api/insights' });
      await expectNothingOf(attacker, victim, 'insights (all own projects, forceRefresh)', { method: 'GET', url: '/api/insights?forceRefresh=true' }, ownJob);
      await expectNothingOf(attacker, victim, 'job (all own projects)', { method: 'POST', url: '/api/insights/jobs', payload: {} }, ownJob);
      await expectNothingOf(
        attacker,
        victim,
        'job (all own projects, same filters)',
        { method: 'POST', url: '/api/insights/jobs', payload: { filters: FILTERED } },
        ownJob,
      );
      const own = await expectNothingOf(
        attacker,
        victim,
        'job (own body projectId overrides the victim’s in the query)',
        { method: 'POST', url: `/api/insights/jobs?projectId=${victim.queued.id}`, payload: { projectId: attacker.queued.id } },
        ownJob,
      );
      const jobId = (parse(own)?.data as { jobId?: string } | undefined)?.jobId;
      if (jobId) {
        const job = await send({ method: 'GET', url: `/api/insights/jobs/${jobId}`, headers: attacker.headers });
        tally.pairs++;
        if ((parse(job)?.data as { projectId?: string } | undefined)?.projectId !== attacker.queued.id) {
          tally.leaks++;
          leaks.push(`${attacker.label}: job ${jobId} from the merged query/body is not for its own project: ${clip(job.body)}`);
        }
      }
      await expectNothingOf(attacker, victim, 'insights (legacy generate, all own projects)', { method: 'POST', url: '/api/insights/generate', payload: {} });
      // no job row may exist that the attacker created on the victim's projects
      tally.pairs++;
      const planted = await count('select count(*) as n from insights_jobs j join projects p on p.id = j.project_id where j.user_id = $1 and p.user_id = $2', [
        attacker.userId,
        victim.userId,
      ]);
      if (planted) {
        tally.leaks++;
        leaks.push(`${attacker.label} has ${planted} job row(s) on ${victim.label}'s projects`);
      }
    }
    assertNoLeaks('insights');
  });

  it('theme alerts: settings, their update and the digest preview', async () => {
    for (const [attacker, victim] of directions()) {
      for (const p of [victim.queued, victim.cached]) {
        const unknown = randomUUID();
        for (const [what, probe] of [
          ['theme alert settings', { method: 'GET', path: 'theme-alerts' }],
          ['theme alert update', { method: 'PUT', path: 'theme-alerts', payload: { minNewThemeSize: 3 } }],
          ['digest preview', { method: 'GET', path: 'digest/preview' }],
        ] as const) {
          const request = (id: string) => ({
            method: probe.method,
            url: `/api/projects/${id}/${probe.path}`,
            ...('payload' in probe ? { payload: probe.payload } : {}),
          });
          await expectHidden(attacker, victim, what, request(p.id), request(unknown), 'PROJECT_NOT_FOUND', [p.id]);
        }
      }
    }
    assertNoLeaks('theme alerts');
  });

  it("leaves every tenant's projects, feedback, jobs and cached insights unchanged", async () => {
    for (const t of [A, B]) {
      tally.pairs++;
      const after = await snapshot(t);
      if (JSON.stringify(after) !== JSON.stringify(before.get(t.label))) tally.leaks++;
      expect(after).toEqual(before.get(t.label));
    }
  });
});
