// The endpoint table of docs/api.md, made from the API's OpenAPI document so it cannot drift from
// the controllers. `pnpm docs:generate` writes it; test/ops/docs.spec.ts fails when it is stale.

/** The parts of an OpenAPI 3 document the table reads. */
export interface OpenApiDocument {
  // A path item's values are operations, keyed by method, beside shared keys such as `parameters`.
  paths: Record<string, Record<string, unknown>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
}
interface OpenApiOperation {
  summary?: string;
  deprecated?: boolean;
  security?: Array<Record<string, string[]>>;
  responses?: Record<string, unknown>;
}

export const START_MARKER = '<!-- endpoints:start -->';
export const END_MARKER = '<!-- endpoints:end -->';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** One Markdown row per operation, in the document's order (grouped by controller). */
export function endpointTable(document: OpenApiDocument): string {
  const rows = [
    "<!-- Generated from the OpenAPI document by `pnpm docs:generate`; edit the controllers' Swagger decorators, not this table. -->",
    '',
    '| method | path | summary | auth | success | errors |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const operation = value as OpenApiOperation;
      const statuses = Object.keys(operation.responses ?? {}).sort();
      const summary = (operation.deprecated ? '**deprecated** ' : '') + (operation.summary ?? '');
      rows.push(
        `| ${method.toUpperCase()} | \`${path}\` | ${cell(summary)} | ${auth(document, operation)} | ` +
          `${statuses.filter((s) => s.startsWith('2')).join(', ') || '—'} | ${statuses.filter((s) => /^[45]/.test(s)).join(', ') || '—'} |`,
      );
    }
  }
  return rows.join('\n');
}

/** How an operation authenticates, named from the document's security schemes. */
function auth(document: OpenApiDocument, operation: OpenApiOperation): string {
  const names = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (names.length === 0) return 'none';
  return names
    .map((name) => {
      const scheme = document.components?.securitySchemes?.[name];
      if (scheme?.type === 'http' && scheme.scheme === 'bearer') return 'bearer token';
      if (scheme?.type === 'apiKey' && scheme.name) return `\`${scheme.name}\` ${scheme.in ?? ''}`.trimEnd();
      return name;
    })
    .join(' or ');
}

/** Text safe inside a table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** `markdown` with the region between the endpoint markers replaced by `table`. */
export function withEndpointTable(markdown: string, table: string): string {
  const start = markdown.indexOf(START_MARKER);
  const end = markdown.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`docs/api.md needs ${START_MARKER} followed by ${END_MARKER}`);
  return `${markdown.slice(0, start + START_MARKER.length)}\n${table}\n${markdown.slice(end)}`;
}
