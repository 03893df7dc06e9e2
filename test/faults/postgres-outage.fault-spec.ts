import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { demoFeedback, newUser, eventually } from '@insights/testkit';
import { DATABASE } from '../../packages/platform/src/index.js';
import { createProject, setEnv, TcpProxy, within, type TestApp } from './support.js';
import { createTestApp } from '@insights/api/testing';

const ROUNDS = 4;
const REQUEST_TIMEOUT_MS = 10_000;

/** The postgres indicator of a readiness answer, wherever the error envelope put it. */
function postgresStatus(body: unknown): string | undefined {
  let node = body as Record<string, unknown> | undefined;
  for (let depth = 0; depth < 4 && node && typeof node === 'object'; depth++) {
    for (const key of ['error', 'details']) {
      const postgres = (node[key] as Record<string, { status?: unknown }> | undefined)?.postgres;
      if (typeof postgres?.status === 'string') return postgres.status;
    }
    node = node.details as Record<string, unknown> | undefined;
  }
  return undefined;
}

interface Answer {
  name: string;
  status: number | 'hung';
  code?: string;
}

/** The API reaches Postgres through a TCP proxy that the test cuts and restores. */
describe('Postgres outage', () => {
  let proxy: TcpProxy;
  let app: TestApp;
  let direct: DatabaseHandle;
  let restoreEnv: { restore(): void } | undefined;
  const owner = newUser();
  const unhandledClientErrors: string[] = [];

  beforeAll(async () => {
    const real = new URL(process.env.DATABASE_URL!);
    proxy = await TcpProxy.start({ host: real.hostname, port: Number(real.port || 5432) });
    const proxied = new URL(real);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    direct = createDatabase(real.toString());
    restoreEnv = setEnv({ DATABASE_URL: proxied.toString(), DATABASE_POOL_MAX: '4' });
    app = await createTestApp();
    // Instrumentation only: counts 'error' events a pg client emits with nobody listening (in a
    // process without Jest that is an uncaught exception, and the API exits).
    const pool = app.get<DatabaseHandle>(DATABASE).pool;
    pool.on('connect', (client) => {
      const emit = client.emit.bind(client);
      client.emit = ((event: string | symbol, ...args: unknown[]) => {
        if (event === 'error' && client.listenerCount('error') === 0) unhandledClientErrors.push(String((args[0] as Error)?.message));
        return emit(event, ...args);
      }) as typeof client.emit;
    });
  });

  afterAll(async () => {
    await proxy?.restore();
    await within(app?.close() ?? Promise.resolve(), 15_000, 'app close').catch(() => undefined);
    await direct?.close();
    await proxy?.cut();
    restoreEnv?.restore();
  }, 30_000);

  const items = (count: number, seed: number) =>
    [...demoFeedback({ count, seed })].map((f) => ({ text: f.text, rating: f.rating, createdAt: f.createdAt!.toISOString() }));
  const snapshot = async (projectId: string) => {
    const { rows } = await direct.pool.query<{ entries: number; generation: number }>(
      `select (select count(*)::int from feedback where project_id = $1) as entries, feedback_generation as generation from projects where id = $1`,
      [projectId],
    );
    return rows[0]!;
  };

  it('answers 503 (never 500) while Postgres is unreachable, writes nothing, and recovers without a restart', async () => {
    const project = await createProject(app, owner.headers, 50, 8100);
    expect((await app.inject({ method: 'GET', url: '/api/projects', headers: owner.headers })).statusCode).toBe(200);
    const before = await snapshot(project.id);

    // 1. The connection dies in the middle of a bulk import's transaction.
    const cut = proxy.cutWhenSent('insert into "feedback"');
    const midImport = await within(
      app.inject({ method: 'POST', url: `/api/projects/${project.id}/feedback/bulk`, headers: owner.headers, payload: { items: items(500, 8101) } }),
      REQUEST_TIMEOUT_MS,
      'bulk import cut mid-transaction',
    ).catch(() => undefined);
    await within(cut, 5_000, 'the cut').catch(() => undefined);
    const cutMidTransaction = !proxy.isUp;
    await proxy.cut();

    // 2. Requests while Postgres is unreachable.
    const stranger = newUser();
    const answers: Answer[] = [];
    const ask = async (name: string, request: Parameters<TestApp['inject']>[0] & object): Promise<Answer> => {
      try {
        const res = await within(app.inject(request), REQUEST_TIMEOUT_MS, name);
        const body = (() => {
          try {
            return res.json() as Record<string, unknown>;
          } catch {
            return {};
          }
        })();
        const code = name === 'ready' ? postgresStatus(body) : (body.code as string | undefined);
        return { name, status: res.statusCode, code };
      } catch {
        return { name, status: 'hung' };
      }
    };
    const deadline = Date.now() + 40_000;
    for (let round = 0; round < ROUNDS && Date.now() < deadline; round++) {
      const h = owner.headers;
      answers.push(
        ...(await Promise.all([
          ask('ready', { method: 'GET', url: '/health/ready' }),
          ask('live', { method: 'GET', url: '/health' }),
          ask('list projects', { method: 'GET', url: '/api/projects', headers: h }),
          ask('get project', { method: 'GET', url: `/api/projects/${project.id}`, headers: h }),
          ask('list feedback', { method: 'GET', url: `/api/feedback?projectId=${project.id}`, headers: h }),
          ask('bulk import', { method: 'POST', url: `/api/projects/${project.id}/feedback/bulk`, headers: h, payload: { items: items(20, 8200 + round) } }),
          ask('widget feedback', {
            method: 'POST',
            url: '/api/feedback',
            headers: { 'x-api-key': project.apiKey },
            payload: { text: 'Export is broken again', rating: 1 },
          }),
          ask('read insights', { method: 'GET', url: `/api/insights?projectId=${project.id}`, headers: h }),
          ask('create job', { method: 'POST', url: '/api/insights/jobs', headers: h, payload: { projectId: project.id } }),
          ask('new user', { method: 'GET', url: '/api/projects', headers: stranger.headers }),
        ])),
      );
    }
    const duringOutage = await snapshot(project.id);

    // 3. Restored: the same API instance answers again.
    await proxy.restore();
    const recovered = await eventually(
      async () => {
        const res = await app.inject({ method: 'GET', url: '/api/projects', headers: owner.headers });
        return res.statusCode === 200 ? res : undefined;
      },
      20_000,
      'the API to reach Postgres again',
    ).catch(() => undefined);
    // Readiness also waits for the project-notice LISTEN connection, which reconnects on its own
    // backoff (at most 5 s between tries) once Postgres answers again.
    const ready = await eventually(
      async () => {
        const res = await app.inject({ method: 'GET', url: '/health/ready' });
        return res.statusCode === 200 ? res : undefined;
      },
      20_000,
      'readiness to recover',
    ).catch(() => app.inject({ method: 'GET', url: '/health/ready' }));
    const afterRestore = await snapshot(project.id);
    const importAfter = await app.inject({
      method: 'POST',
      url: `/api/projects/${project.id}/feedback/bulk`,
      headers: owner.headers,
      payload: { items: items(20, 8300) },
    });
    const afterImport = await snapshot(project.id);

    const requests = answers.filter((a) => a.name !== 'ready' && a.name !== 'live');
    const count = (pred: (a: Answer) => boolean) => requests.filter(pred).length;
    const codes = [...new Set(requests.filter((a) => a.status === 503).map((a) => a.code))];
    const bad = requests.filter((a) => a.status !== 503 || a.code !== 'DATABASE_UNAVAILABLE').map((a) => `${a.name}: ${a.status} ${a.code ?? ''}`);
    const readyAnswers = answers.filter((a) => a.name === 'ready');
    const liveAnswers = answers.filter((a) => a.name === 'live');
    console.log(
      `postgres-outage: cut mid-import ${cutMidTransaction ? 'yes' : 'no'} (import answered ${midImport?.statusCode ?? 'nothing'} ${midImport?.json().code ?? ''}); ` +
        `${requests.length} requests while cut: ${count((a) => a.status === 503)} × 503 (codes ${codes.join(', ')}), ` +
        `${count((a) => a.status === 500)} × 500, ${count((a) => a.status === 'hung')} hung, ${count((a) => a.status !== 503 && a.status !== 500 && a.status !== 'hung')} other; ` +
        `ready ${readyAnswers.map((a) => `${a.status}/${a.code}`).join(',')}, live ${[...new Set(liveAnswers.map((a) => a.status))].join(',')}; ` +
        `feedback ${before.entries}→${duringOutage.entries}→${afterRestore.entries} (generation ${before.generation}→${afterRestore.generation}); ` +
        `${unhandledClientErrors.length} pg client errors with no listener (${unhandledClientErrors.join(', ')}); ` +
        `after restore: projects ${recovered?.statusCode ?? 'never 200'}, ready ${ready.statusCode}, import ${importAfter.statusCode} (${afterImport.entries} entries, generation ${afterImport.generation})` +
        (bad.length ? `; not DATABASE_UNAVAILABLE: ${[...new Set(bad)].join('; ')}` : ''),
    );

    expect(cutMidTransaction).toBe(true);
    expect(unhandledClientErrors).toEqual([]);
    expect(midImport?.statusCode).toBe(503);
    expect(bad).toEqual([]);
    expect(readyAnswers.every((a) => a.status === 503 && a.code === 'down')).toBe(true);
    expect(liveAnswers.every((a) => a.status === 200)).toBe(true);
    expect(duringOutage).toEqual(before);
    expect(afterRestore).toEqual(before);
    expect(recovered?.statusCode).toBe(200);
    expect(ready.statusCode).toBe(200);
    expect(importAfter.statusCode).toBe(201);
    expect(afterImport).toEqual({ entries: before.entries + 20, generation: before.generation + 1 });
  }, 120_000);
});
