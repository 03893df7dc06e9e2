import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PROJECT_LISTENER_NAME, type DatabaseHandle } from '@insights/db';
import { DATABASE } from '@insights/platform';
import { ProjectNotices } from '../src/projects/project-notices.service.js';
import { eventually, newUser, ownLocalPorts } from '@insights/testkit';
import { createTestApp } from '../src/testing.js';

/**
 * The API's LISTEN connection for project notices is one session among the database's: an
 * operator's `pg_terminate_backend`, a failover or a restart ends it. Readiness must say so
 * while it is gone, and notices must arrive again once it is back.
 */
describe('the project notice connection', () => {
  let app: NestFastifyApplication;
  let handle: DatabaseHandle;
  const owner = newUser();
  const heard: string[] = [];

  // This process's listener only: other suites' APIs listen on the same database meanwhile.
  const listenerPids = async (): Promise<number[]> =>
    (
      await handle.pool.query<{ pid: number }>(
        'select pid from pg_stat_activity where application_name = $1 and datname = current_database() and client_port = any($2)',
        [PROJECT_LISTENER_NAME, await ownLocalPorts()],
      )
    ).rows.map((r) => r.pid);
  const ready = async () => {
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    type Checks = Record<string, { status: string; message?: string }>;
    return { status: res.statusCode, body: res.json() as { info?: Checks; details?: { details?: Checks } } };
  };

  beforeAll(async () => {
    app = await createTestApp();
    handle = app.get<DatabaseHandle>(DATABASE);
    app.get(ProjectNotices).subscribe({ changed: (id) => heard.push(id) });
  });
  afterAll(() => app?.close());

  it('is ready only once it listens', async () => {
    const answer = await eventually(
      async () => {
        const r = await ready();
        return r.status === 200 ? r : undefined;
      },
      10_000,
      'readiness',
    );
    expect(answer.body.info?.projectNotices?.status).toBe('up');
    expect(await listenerPids()).toHaveLength(1);
  });

  it('reports the connection killed by pg_terminate_backend, reconnects, and hears notices again', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'Notices' } });
    const projectId = created.json().data.id as string;
    const [pid] = await listenerPids();
    await handle.pool.query('select pg_terminate_backend($1)', [pid]);

    const down = await eventually(
      async () => {
        const r = await ready();
        return r.status === 503 ? r : undefined;
      },
      5_000,
      'readiness to report the lost connection',
    );
    // A failed check answers the error envelope, with Terminus' report in its details.
    expect(down.body.details?.details?.projectNotices).toMatchObject({ status: 'down', message: expect.stringContaining('not listening') });
    await eventually(async () => (await ready()).status === 200, 10_000, 'readiness after reconnecting');
    const pids = await listenerPids();
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(pid);

    // A write by the existing backend's own SQL reaches this process through the new connection.
    await handle.pool.query(`insert into feedback (project_id, text, rating) values ($1, 'after the reconnect', 4)`, [projectId]);
    await eventually(async () => heard.includes(projectId), 10_000, 'the notice after reconnecting');
  });
});
