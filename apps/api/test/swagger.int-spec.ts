import { afterEach, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../src/testing.js';

// Everything SwaggerModule.setup serves under the global prefix: the UI page in its spellings,
// its init script, static assets (also under the doubled path it mounts them on), and the
// document as JSON and YAML.
const SWAGGER_PATHS = [
  '/api/docs',
  '/api/docs/',
  '/api/docs/index.html',
  '/api/docs/swagger-ui-init.js',
  '/api/docs/docs/swagger-ui-init.js',
  '/api/docs/swagger-ui.css',
  '/api/docs/swagger-ui-bundle.js',
  '/api/docs/docs/swagger-ui.css',
  '/api/docs-json',
  '/api/docs-yaml',
];

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe('Swagger', () => {
  let app: NestFastifyApplication | undefined;

  const start = async (env: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    app = await createTestApp();
    return app;
  };

  afterEach(async () => {
    await app?.close();
    app = undefined;
    for (const name of ['SWAGGER_ENABLED', 'SWAGGER_USER', 'SWAGGER_PASSWORD']) delete process.env[name];
  });

  it('answers every Swagger path with 401 and a challenge without its credentials, and 200 with them', async () => {
    const api = await start({ SWAGGER_USER: 'docs', SWAGGER_PASSWORD: 'docs-password' });
    for (const url of SWAGGER_PATHS) {
      for (const headers of [{}, basic('docs', 'wrong'), basic('ops', 'docs-password'), { authorization: 'Bearer docs-password' }]) {
        for (const method of ['GET', 'HEAD'] as const) {
          const res = await api.inject({ method, url, headers });
          expect({ url, method, headers, status: res.statusCode }).toEqual({ url, method, headers, status: 401 });
          expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
        }
      }
      const ok = await api.inject({ method: 'GET', url, headers: basic('docs', 'docs-password') });
      expect({ url, status: ok.statusCode }).toEqual({ url, status: 200 });
    }
    // Other spellings that route to the same handlers meet the same guard.
    for (const url of ['/api/%64ocs-json', '/api/docs/../docs-yaml', '/api/docs/%73wagger-ui.css', '/api/docs/no-such-asset']) {
      expect({ url, status: (await api.inject({ method: 'GET', url })).statusCode }).toEqual({ url, status: 401 });
    }
    const json = await api.inject({ method: 'GET', url: '/api/docs-json', headers: basic('docs', 'docs-password') });
    expect(json.json()).toMatchObject({ info: { title: 'Feedback insights API' } });
    // The API itself is not behind the documentation's credentials.
    expect((await api.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('stays public without credentials', async () => {
    const api = await start({ SWAGGER_USER: undefined, SWAGGER_PASSWORD: undefined });
    for (const url of SWAGGER_PATHS) {
      const res = await api.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
    }
  });

  it('is not served when disabled, credentials or not', async () => {
    for (const credentials of [{}, { SWAGGER_USER: 'docs', SWAGGER_PASSWORD: 'docs-password' }]) {
      const api = await start({ SWAGGER_ENABLED: 'false', ...credentials });
      for (const url of SWAGGER_PATHS) {
        const res = await api.inject({ method: 'GET', url, headers: basic('docs', 'docs-password') });
        expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
      }
      await api.close();
      app = undefined;
    }
  });
});
