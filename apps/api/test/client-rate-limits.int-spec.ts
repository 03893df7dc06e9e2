import { afterEach, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../src/testing.js';
import { newUser } from '@insights/testkit';

// Every injected request arrives from 127.0.0.1: the proxy's address in these tests.
const LIMIT_SETTINGS = ['TRUST_PROXY', 'REQUESTS_PER_MINUTE_PER_IP', 'REQUESTS_PER_MINUTE_PER_USER'] as const;

describe('request limits: per real client address, per user', () => {
  let app: NestFastifyApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    for (const name of LIMIT_SETTINGS) delete process.env[name];
  });

  const start = async (settings: Partial<Record<(typeof LIMIT_SETTINGS)[number], string>>) => {
    Object.assign(process.env, settings);
    app = await createTestApp();
    return app;
  };
  /** Anonymous requests (no token): the limit runs before authentication, so a 401 counts too. */
  const anonymous = (forwardedFor: string) =>
    app!.inject({ method: 'GET', url: '/api/projects', headers: { 'x-forwarded-for': forwardedFor } }).then((r) => r.statusCode);
  const statuses = async (count: number, send: () => Promise<number>) => {
    const codes: number[] = [];
    for (let i = 0; i < count; i++) codes.push(await send());
    return codes;
  };

  it('with TRUST_PROXY=1, two clients behind one proxy have separate buckets', async () => {
    await start({ TRUST_PROXY: '1', REQUESTS_PER_MINUTE_PER_IP: '3' });
    expect(await statuses(4, () => anonymous('203.0.113.10'))).toEqual([401, 401, 401, 429]);
    expect(await anonymous('203.0.113.20')).toBe(401);
  });

  it('with TRUST_PROXY=1, only the hop the proxy appended counts: a spoofed leftmost entry buys nothing', async () => {
    await start({ TRUST_PROXY: '1', REQUESTS_PER_MINUTE_PER_IP: '3' });
    expect(await statuses(3, () => anonymous('203.0.113.10'))).toEqual([401, 401, 401]);
    // nginx appends the address it saw to whatever the client sent.
    expect(await anonymous('198.51.100.99, 203.0.113.10')).toBe(429);
  });

  it('with TRUST_PROXY naming the proxy, the header counts only when that proxy sends it', async () => {
    await start({ TRUST_PROXY: '127.0.0.0/8', REQUESTS_PER_MINUTE_PER_IP: '2' });
    expect(await statuses(3, () => anonymous('203.0.113.10'))).toEqual([401, 401, 429]);
    expect(await anonymous('203.0.113.20')).toBe(401);
    await app!.close();
    await start({ TRUST_PROXY: '10.0.0.0/8', REQUESTS_PER_MINUTE_PER_IP: '2' });
    expect(await statuses(2, () => anonymous('203.0.113.10'))).toEqual([401, 401]);
    expect(await anonymous('203.0.113.20')).toBe(429);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: a spoofed header does not buy a fresh bucket', async () => {
    await start({ REQUESTS_PER_MINUTE_PER_IP: '3' });
    expect(await statuses(3, () => anonymous('203.0.113.10'))).toEqual([401, 401, 401]);
    expect(await anonymous('203.0.113.20')).toBe(429);
    expect(await anonymous('198.51.100.7')).toBe(429);
  });

  it('two users from one address have separate buckets', async () => {
    await start({ REQUESTS_PER_MINUTE_PER_IP: '3', REQUESTS_PER_MINUTE_PER_USER: '4' });
    const alice = newUser();
    const bob = newUser();
    const as = (user: ReturnType<typeof newUser>) => () =>
      app!.inject({ method: 'GET', url: '/api/projects', headers: user.headers }).then((r) => r.statusCode);
    // Alice's first request is verified while it counts against the address; the rest count against her.
    const aliceCodes = await statuses(6, as(alice));
    expect(aliceCodes.filter((code) => code === 429)).toHaveLength(1);
    expect(aliceCodes.at(-1)).toBe(429);
    expect(await statuses(3, as(bob))).toEqual([200, 200, 200]);
    // The address still limits what carries no verified token.
    expect(await statuses(2, () => anonymous('x'))).toEqual([401, 429]);
  });

  it('a token that does not verify buys no bucket of its own: it counts against the address', async () => {
    await start({ REQUESTS_PER_MINUTE_PER_IP: '2', REQUESTS_PER_MINUTE_PER_USER: '100' });
    const forged = (i: number) => () =>
      app!
        .inject({ method: 'GET', url: '/api/projects', headers: { authorization: `Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXyR7aX0ifQ.${i}sig` } })
        .then((r) => r.statusCode);
    expect([await forged(1)(), await forged(2)(), await forged(3)()]).toEqual([401, 401, 429]);
  });

  it('answers 429 with Retry-After and a stable code, never for health probes', async () => {
    await start({ REQUESTS_PER_MINUTE_PER_IP: '1' });
    await anonymous('x');
    const limited = await app!.inject({ method: 'GET', url: '/api/projects' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await app!.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
