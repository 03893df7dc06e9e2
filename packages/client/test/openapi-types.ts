import openapiTS, { astToString } from 'openapi-typescript';

const HEADER = `// Generated from the API's OpenAPI document by \`pnpm client:generate\`; do not edit.
// A test fails when this file and the running API's document disagree.

`;

/** The TypeScript that openapi-typescript makes of a document: what is committed in src/generated. */
export async function typesFromDocument(document: object): Promise<string> {
  const ast = await openapiTS(JSON.parse(JSON.stringify(document)), { alphabetize: true });
  return HEADER + astToString(ast);
}
