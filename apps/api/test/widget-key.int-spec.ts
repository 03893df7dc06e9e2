import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { BcryptKeyChecker } from '../src/feedback/bcrypt-key-checker.service.js';
import { bcryptLikeExistingBackend, existingStyleApiKey } from '@insights/testkit/existing-backend';
import { createTestApp } from '../src/testing.js';
import { newUser } from '@insights/testkit';

const SETTINGS = { WIDGET_WRITES_PER_MINUTE_PER_PROJECT: '3', WIDGET_KEY_FAILURES_PER_MINUTE_PER_PROJECT: '3' };

describe('the public widget key', () => {
  let app: NestFastifyApplication;
  let db: DatabaseHandle;
  const owner = newUser();

  beforeAll(async () => {
    Object.assign(process.env, SETTINGS);
    app = await createTestApp();
    db = createDatabase(process.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    for (const name of Object.keys(SETTINGS)) delete process.env[name];
  });

  const project = async (allowedDomains?: string[]) =>
    (
      await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'w', ...(allowedDomains ? { allowedDomains } : {}) } })
    ).json().data as { id: string; apiKey: string };
  /** A project the existing backend made: its key is stored only as a bcrypt hash. */
  const existingBackendProject = async (rounds = 8) => {
    const { id } = await project();
    const key = existingStyleApiKey();
    await db.pool.query('update projects set hashed_api_key = $1 where id = $2', [await bcryptLikeExistingBackend(key, rounds), id]);
    return { id, key };
  };
  const post = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/feedback', headers, payload: { text: 'Checkout is slow', rating: 2 } });

  describe('allowedDomains', () => {
    it('admits the listed host and its subdomains, by Origin or else Referer, and refuses other sites with 403', async () => {
      const { apiKey } = await project(['shop.example.com']);
      const from = async (headers: Record<string, string>) => {
        const res = await post({ 'x-api-key': apiKey, ...headers });
        return res.statusCode === 403 ? res.json().code : res.statusCode;
      };
      expect(await from({ origin: 'https://shop.example.com' })).toBe(201);
      expect(await from({ origin: 'https://EU.Shop.Example.com:8443' })).toBe(201);
      expect(await from({ referer: 'https://shop.example.com/checkout?step=2' })).toBe(201);
      // Three writes a minute per project in this suite: the refusals below must not count.
      for (const origin of ['https://evil.example', 'https://shop.example.com.evil.io', 'https://notshop.example.com', 'null']) {
        expect([origin, await from({ origin })]).toEqual([origin, 'WIDGET_ORIGIN_NOT_ALLOWED']);
      }
      expect(await from({ referer: 'https://evil.example/shop.example.com' })).toBe('WIDGET_ORIGIN_NOT_ALLOWED');
      expect(await from({ referer: 'not a url' })).toBe('WIDGET_ORIGIN_NOT_ALLOWED');
      // Origin wins over Referer: a foreign page cannot borrow a listed Referer.
      expect(await from({ origin: 'https://evil.example', referer: 'https://shop.example.com/' })).toBe('WIDGET_ORIGIN_NOT_ALLOWED');
    });

    it('lets a request without Origin or Referer through (not a browser), and any origin when the list is empty', async () => {
      const listed = await project(['shop.example.com']);
      expect((await post({ 'x-api-key': listed.apiKey })).statusCode).toBe(201);
      const open = await project();
      expect((await post({ 'x-api-key': open.apiKey, origin: 'https://anywhere.example' })).statusCode).toBe(201);
    });

    it('checks keys the existing backend issued the same way', async () => {
      const { id, key } = await existingBackendProject();
      await db.pool.query(`update projects set allowed_domains = '["shop.example.com"]' where id = $1`, [id]);
      const headers = { 'x-api-key': key, 'x-project-id': id };
      expect((await post({ ...headers, origin: 'https://shop.example.com' })).statusCode).toBe(201);
      const refused = await post({ ...headers, origin: 'https://evil.example' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ success: false, code: 'WIDGET_ORIGIN_NOT_ALLOWED' });
      expect(refused.json().message).toMatch(/evil\.example/);
    });
  });

  it('limits writes per key (per project), with Retry-After; another project is not affected', async () => {
    const first = await project();
    const second = await project();
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await post({ 'x-api-key': first.apiKey })).statusCode);
    expect(codes).toEqual([201, 201, 201, 429, 429]);
    const limited = await post({ 'x-api-key': first.apiKey });
    expect(limited.json()).toMatchObject({ success: false, code: 'WIDGET_RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post({ 'x-api-key': second.apiKey })).statusCode).toBe(201);
    const { rows } = await db.pool.query('select count(*)::int as n from feedback where project_id = $1', [first.id]);
    expect(rows[0].n).toBe(3);
  });

  it('bounds bcrypt comparisons of bad keys per project: past the bound 429 without comparing, other projects unaffected', async () => {
    const checker = app.get(BcryptKeyChecker);
    const compare = jest.spyOn(checker, 'matches');
    try {
      const target = await existingBackendProject();
      const other = await existingBackendProject();
      // Concurrent guesses: the bound must hold before any of them has failed.
      const guesses = await Promise.all(Array.from({ length: 8 }, () => post({ 'x-api-key': existingStyleApiKey(), 'x-project-id': target.id })));
      const codes = guesses.map((g) => (g.statusCode === 401 ? 'API_KEY_INVALID' : g.json().code));
      expect(codes.filter((c) => c === 'API_KEY_INVALID')).toHaveLength(3);
      expect(codes.filter((c) => c === 'API_KEY_ATTEMPTS_EXHAUSTED')).toHaveLength(5);
      expect(compare).toHaveBeenCalledTimes(3);
      const exhausted = guesses.find((g) => g.statusCode === 429)!;
      expect(Number(exhausted.headers['retry-after'])).toBeGreaterThan(0);
      expect((await post({ 'x-api-key': existingStyleApiKey(), 'x-project-id': target.id })).statusCode).toBe(429);
      expect(compare).toHaveBeenCalledTimes(3);
      // Another project's widget keeps working, and its right key costs one comparison, once.
      expect((await post({ 'x-api-key': other.key, 'x-project-id': other.id })).statusCode).toBe(201);
      expect((await post({ 'x-api-key': other.key, 'x-project-id': other.id })).statusCode).toBe(201);
      expect(compare).toHaveBeenCalledTimes(4);
    } finally {
      compare.mockRestore();
    }
  });

  it('keeps the event loop answering while bad keys are being compared', async () => {
    // Cost 12, a realistic bcrypt cost: a comparison on the event loop would hold it for each guess.
    const target = await existingBackendProject(12);
    let settled = 0;
    const guesses = Array.from({ length: 3 }, () => post({ 'x-api-key': existingStyleApiKey(), 'x-project-id': target.id }).finally(() => void settled++));
    // Each round gives the loop one turn (an injected request alone resolves in microtasks, which
    // would starve the guesses' own I/O), then asks for liveness.
    let answered = 0;
    for (let round = 0; settled < guesses.length && round < 100_000; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      if ((await app.inject({ method: 'GET', url: '/health' })).statusCode === 200) answered++;
    }
    expect((await Promise.all(guesses)).map((g) => g.statusCode)).toEqual([401, 401, 401]);
    expect(answered).toBeGreaterThanOrEqual(50);
  });
});
