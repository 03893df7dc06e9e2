import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateKeyPair } from '@insights/config';
import { signSessionToken, tokenFor } from '@insights/testkit';
import { UsersRepository } from '@insights/db';
import { createTestApp } from '../src/testing.js';

describe('Clerk session token guard', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (authorization?: string) => app.inject({ method: 'GET', url: '/api/projects', headers: authorization ? { authorization } : {} });

  it.each([
    ['no header', undefined, 'AUTH_TOKEN_MISSING'],
    ['a non-bearer scheme', 'Basic dXNlcjpwYXNz', 'AUTH_TOKEN_MALFORMED'],
    ['a token that is not a JWT', 'Bearer not-a-jwt', 'AUTH_TOKEN_MALFORMED'],
    ['an expired token', `Bearer ${tokenFor({ expiresIn: -60, notBefore: -120 })}`, 'AUTH_TOKEN_EXPIRED'],
    ['a token not valid yet', `Bearer ${tokenFor({ notBefore: 600 })}`, 'AUTH_TOKEN_NOT_ACTIVE'],
    ['a token for another origin', `Bearer ${tokenFor({ azp: 'https://evil.example' })}`, 'AUTH_TOKEN_WRONG_PARTY'],
    ['a token signed by another key', `Bearer ${signSessionToken(generateKeyPair().privateKey, { sub: 'user_x' })}`, 'AUTH_TOKEN_BAD_SIGNATURE'],
  ])('rejects %s with 401 and a reason', async (_case, header, code) => {
    const res = await get(header);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ success: false, statusCode: 401, code });
    expect(res.json().message).toEqual(expect.any(String));
  });

  it('accepts a valid token and creates the user on first sight, once', async () => {
    const sub = `user_first_${Date.now()}`;
    const users = app.get(UsersRepository);
    expect(await users.findByClerkId(sub)).toBeUndefined();
    const token = tokenFor({ sub });
    const responses = await Promise.all([get(`Bearer ${token}`), get(`Bearer ${token}`), get(`Bearer ${tokenFor({ sub })}`)]);
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect((await users.findByClerkId(sub))?.clerkUserId).toBe(sub);
  });

  it('keeps health checks public', async () => {
    const live = await app.inject({ method: 'GET', url: '/health' });
    expect(live.statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });
});
