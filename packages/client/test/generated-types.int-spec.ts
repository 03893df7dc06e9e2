import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../../../apps/api/src/openapi-document.js';
import { typesFromDocument } from './openapi-types.js';
import { createTestApp } from '@insights/api/testing';

const COMMITTED = new URL('../src/generated/openapi.ts', import.meta.url);

describe('generated client types', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let served: object;

  beforeAll(async () => {
    delete process.env.SWAGGER_USER;
    delete process.env.SWAGGER_PASSWORD;
    app = await createTestApp();
    const response = await app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(response.statusCode).toBe(200);
    served = response.json();
  });
  afterAll(() => app?.close());

  it('match the document the running API serves (run `pnpm client:generate` after changing the API)', async () => {
    const committed = await readFile(COMMITTED, 'utf8');
    const expected = await typesFromDocument(served);
    // Compared line by line, so a failure names the lines that differ rather than two whole files.
    expect(committed.split('\n')).toEqual(expected.split('\n'));
  });

  it('are generated from the very document the API serves, without a database or Redis', async () => {
    expect(JSON.parse(JSON.stringify(await buildOpenApiDocument()))).toEqual(served);
  });
});
