// Regenerates src/generated/openapi.ts from the API's OpenAPI document, built by the function
// that also serves it at /api/docs-json.
import { writeFile } from 'node:fs/promises';
import { buildOpenApiDocument } from '../../../apps/api/src/openapi-document.js';
import { typesFromDocument } from '../test/openapi-types.js';

const target = new URL('../src/generated/openapi.ts', import.meta.url);
await writeFile(target, await typesFromDocument(await buildOpenApiDocument()));
console.log('wrote packages/client/src/generated/openapi.ts');
