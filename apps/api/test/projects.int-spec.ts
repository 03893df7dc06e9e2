import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../src/testing.js';
import { newUser } from '@insights/testkit';

describe('projects', () => {
  let app: NestFastifyApplication;
  const alice = newUser();
  const bob = newUser();

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const create = (headers: Record<string, string>, payload: object) => app.inject({ method: 'POST', url: '/api/projects', headers, payload });

  it('creates a project and shows its API key once', async () => {
    const res = await create(alice.headers, { name: 'Alpha', allowedDomains: ['app.example.com'] });
    expect(res.statusCode).toBe(201);
    const project = res.json().data;
    expect(project).toMatchObject({ name: 'Alpha', allowedDomains: ['app.example.com'], feedbackGeneration: 0 });
    expect(project.apiKey).toMatch(/^fik_[A-Za-z0-9_-]{43}$/);

    const listed = await app.inject({ method: 'GET', url: '/api/projects', headers: alice.headers });
    const mine = listed.json().data.find((p: { id: string }) => p.id === project.id);
    expect(mine).toBeDefined();
    expect(mine.apiKey).toBeUndefined();
    expect(JSON.stringify(listed.json())).not.toContain('hashed');
  });

  it("lists, gets and deletes only the caller's projects; another user's id is 404", async () => {
    const own = (await create(alice.headers, { name: 'Mine' })).json().data;
    const bobs = (await create(bob.headers, { name: 'Not yours' })).json().data;

    const list = (await app.inject({ method: 'GET', url: '/api/projects', headers: alice.headers })).json().data;
    expect(list.map((p: { id: string }) => p.id)).toContain(own.id);
    expect(list.map((p: { id: string }) => p.id)).not.toContain(bobs.id);

    for (const method of ['GET', 'DELETE'] as const) {
      const res = await app.inject({ method, url: `/api/projects/${bobs.id}`, headers: alice.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    }
    const stillThere = await app.inject({ method: 'GET', url: `/api/projects/${bobs.id}`, headers: bob.headers });
    expect(stillThere.statusCode).toBe(200);

    const unknown = await app.inject({ method: 'GET', url: `/api/projects/${randomUUID()}`, headers: alice.headers });
    expect(unknown.statusCode).toBe(404);

    const deleted = await app.inject({ method: 'DELETE', url: `/api/projects/${own.id}`, headers: alice.headers });
    expect(deleted.json()).toEqual({ success: true, data: { deleted: true } });
    const gone = await app.inject({ method: 'GET', url: `/api/projects/${own.id}`, headers: alice.headers });
    expect(gone.statusCode).toBe(404);
  });

  it.each([
    ['a missing name', {}, 'name'],
    ['an empty name', { name: '' }, 'name'],
    ['a huge name', { name: 'x'.repeat(101) }, 'name'],
    ['an unknown field', { name: 'ok', owner: 'someone' }, 'owner'],
    ['a bad webhook URL', { name: 'ok', webhookUrl: 'not a url' }, 'webhookUrl'],
    ['a wrong type', { name: 42 }, 'name'],
  ])('refuses %s with a 400 naming the field', async (_case, payload, field) => {
    const res = await create(alice.headers, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ success: false, code: 'VALIDATION_FAILED' });
    expect(res.json().message).toContain(field);
  });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/hook'],
    ['localhost', 'http://localhost:8080/hook'],
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['a private address', 'https://10.0.0.7/hook'],
    ['carrier-grade NAT', 'https://100.64.1.1/hook'],
    ['an IPv4-mapped IPv6 loopback', 'http://[::ffff:7f00:1]/hook'],
    ['a name that does not resolve', 'https://hooks.example.invalid/hook'],
  ])('refuses a webhook URL pointing at %s with a 400 naming webhookUrl, storing nothing', async (_case, webhookUrl) => {
    const name = `hook ${randomUUID()}`;
    const res = await create(alice.headers, { name, webhookUrl });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ success: false, code: 'WEBHOOK_URL_FORBIDDEN', details: [{ field: 'webhookUrl' }] });
    expect(res.json().message).toContain('webhookUrl');
    const listed = await app.inject({ method: 'GET', url: '/api/projects', headers: alice.headers });
    expect(listed.json().data.map((p: { name: string }) => p.name)).not.toContain(name);
  });

  it('accepts a webhook URL at a public address', async () => {
    const res = await create(alice.headers, { name: 'Public hook', webhookUrl: 'https://93.184.215.14/hook' });
    expect(res.statusCode).toBe(201);
    expect(res.json().data.webhookUrl).toBe('https://93.184.215.14/hook');
  });

  it('refuses a malformed project id with a 400 naming it', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/projects/not-a-uuid', headers: alice.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('projectId');
  });

  it('refuses a body that is not JSON with a 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { ...alice.headers, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ success: false, code: expect.any(String) });
  });
});
