// Rewrites the endpoint table in docs/api.md from the API's OpenAPI document, built by the
// function that also serves it at /api/docs-json (no database, Redis or configuration needed).
import { readFile, writeFile } from 'node:fs/promises';
import { buildOpenApiDocument } from '../apps/api/src/openapi-document.js';
import { endpointTable, withEndpointTable, type OpenApiDocument } from './docs/endpoint-table.js';

const target = new URL('../docs/api.md', import.meta.url);
const before = await readFile(target, 'utf8');
const after = withEndpointTable(before, endpointTable((await buildOpenApiDocument()) as unknown as OpenApiDocument));
if (after === before) console.log('docs/api.md: endpoint table already current');
else {
  await writeFile(target, after);
  console.log('wrote the endpoint table in docs/api.md');
}
