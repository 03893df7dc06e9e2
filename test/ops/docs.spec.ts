import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { buildOpenApiDocument } from '../../apps/api/src/openapi-document.js';
import { END_MARKER, START_MARKER, endpointTable, withEndpointTable, type OpenApiDocument } from '../../scripts/docs/endpoint-table.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const API_DOC = join(ROOT, 'docs/api.md');

describe('the endpoint table in docs/api.md', () => {
  let document: OpenApiDocument;
  beforeAll(async () => {
    document = (await buildOpenApiDocument()) as unknown as OpenApiDocument;
  }, 120_000);

  it("is the table the API's OpenAPI document makes (run `pnpm docs:generate` after changing an endpoint)", () => {
    const committed = readFileSync(API_DOC, 'utf8');
    // Compared line by line, so a failure names the rows that differ.
    expect(committed.split('\n')).toEqual(withEndpointTable(committed, endpointTable(document)).split('\n'));
  });

  it('has one row for every operation the document holds, and no other', () => {
    const committed = readFileSync(API_DOC, 'utf8');
    const region = committed.slice(committed.indexOf(START_MARKER), committed.indexOf(END_MARKER));
    const rows = region.split('\n').filter((line) => /^\| [A-Z]+ \| `/.test(line));
    const listed = rows.map((row) => row.split(' | ').slice(0, 2).join(' ').replace(/^\| /, '').replace(/`/g, ''));
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.length).toBeGreaterThan(15);
    expect(listed.sort()).toEqual(operations.sort());
  });
});

describe('the OpenAPI document', () => {
  let document: OpenApiDocument;
  beforeAll(async () => {
    document = (await buildOpenApiDocument()) as unknown as OpenApiDocument;
  }, 120_000);
  const responses = (path: string, method: string) =>
    Object.keys((document.paths[path] as Record<string, { responses: Record<string, unknown> }>)[method].responses);

  it('declares no 404 for a job id: an unknown or foreign job answers 200 { status: "not_found" }', () => {
    for (const method of ['get', 'delete']) {
      expect(responses('/api/insights/jobs/{jobId}', method)).not.toContain('404');
      expect(responses('/api/insights/jobs/{jobId}', method)).toContain('200');
    }
    expect(responses('/api/insights/jobs', 'post')).toContain('404');
  });

  it('documents what deleting a project answers', () => {
    expect(responses('/api/projects/{projectId}', 'delete')).toContain('200');
  });
});

describe('endpointTable', () => {
  it('names method, path, summary, auth, success and error statuses of each operation', () => {
    const table = endpointTable({
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, key: { type: 'apiKey', in: 'header', name: 'x-key' } } },
      paths: {
        '/a/{id}': {
          parameters: [],
          get: { summary: 'Read one | or none', security: [{ bearer: [] }], responses: { '404': {}, '200': {}, '401': {} } },
          post: { summary: 'Old\nway', deprecated: true, security: [{ key: [] }], responses: { '202': {}, '200': {}, '503': {} } },
        },
        '/health': { get: { summary: 'Up', responses: { '200': {} } } },
      },
    });
    expect(table.split('\n').slice(2)).toEqual([
      '| method | path | summary | auth | success | errors |',
      '| --- | --- | --- | --- | --- | --- |',
      '| GET | `/a/{id}` | Read one \\| or none | bearer token | 200 | 401, 404 |',
      '| POST | `/a/{id}` | **deprecated** Old way | `x-key` header | 200, 202 | 503 |',
      '| GET | `/health` | Up | none | 200 | — |',
    ]);
  });

  it('refuses a page without both markers', () => {
    expect(() => withEndpointTable('# API\n', 'table')).toThrow(START_MARKER);
  });
});

/** README.md and every Markdown file under docs/. */
function markdownFiles(): string[] {
  const found = [join(ROOT, 'README.md')];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) found.push(path);
    }
  };
  walk(join(ROOT, 'docs'));
  return found;
}

const markdown = new MarkdownIt({ html: true });

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchors(file: string): Set<string> {
  const tokens = markdown.parse(readFileSync(file, 'utf8'), {});
  const seen = new Map<string, number>();
  const result = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    const text = (tokens[i + 1].children ?? []).map((child) => child.content).join('');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  });
  return result;
}

/** Every link and image target in a file, code spans and blocks excepted. */
function targets(file: string): string[] {
  const walk = (tokens: Token[]): string[] =>
    tokens.flatMap((token) => [
      ...(token.type === 'link_open' ? [token.attrGet('href') ?? ''] : []),
      ...(token.type === 'image' ? [token.attrGet('src') ?? ''] : []),
      ...walk(token.children ?? []),
    ]);
  return walk(markdown.parse(readFileSync(file, 'utf8'), {}));
}

/** Relative links that name no file, or a heading the file lacks. */
function brokenLinks(files: string[]): string[] {
  const broken: string[] = [];
  for (const file of files) {
    for (const target of targets(file)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const resolved = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      const where = `${relative(ROOT, file)}: ${target}`;
      if (!existsSync(resolved)) broken.push(`${where} (no such file)`);
      else if (anchor !== undefined && resolved.endsWith('.md') && !anchors(resolved).has(decodeURIComponent(anchor)))
        broken.push(`${where} (no such heading)`);
    }
  }
  return broken;
}

describe('relative links in README.md and docs/', () => {
  it('each name an existing file, and an existing heading when they name one', () => {
    const files = markdownFiles();
    expect(files.length).toBeGreaterThan(20);
    expect(brokenLinks(files)).toEqual([]);
  });
});
