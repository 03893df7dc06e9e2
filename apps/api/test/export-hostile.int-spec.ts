import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse } from 'csv-parse/sync';
import MarkdownIt from 'markdown-it';
import { TwoTierInsightsCache } from '@insights/cache';
import type { InsightsResult, ResultTheme } from '@insights/engine';
import type { DatabaseHandle } from '@insights/db';
import { InsightsGenerator } from '@insights/generation';
import { DATABASE } from '@insights/platform';
import { demoFeedback, newUser } from '@insights/testkit';
import { ScopeIdentityService } from '../src/insights/scope-identity.service.js';
import { createTestApp } from '../src/testing.js';

// What a public widget lets anyone write, and a model then quotes verbatim.
const FORMULAS = [
  '=HYPERLINK("http://evil.example/x","open")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1 after a tab',
  '\r=1+1 after a carriage return',
  '＝HYPERLINK("http://evil.example/wide")',
];
const MARKUP = [
  '![x](http://evil.example/pixel.png)',
  '<img src=x onerror=alert(1)>',
  '[a](javascript:alert(1))',
  '# Heading from feedback',
  '- list item from feedback',
  '1. ordered item from feedback',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '<script>alert(2)</script>',
  '[ref]: http://evil.example/ref',
  '`code` and **bold** and <http://evil.example/auto>',
];
// No NUL: Postgres stores none, so no stored result can carry one.
const CONTROL = 'bell\u0007 escape\u001b[31m backspace\u0008 override\u202Eevil';
const LONG = `${'A'.repeat(2_500)}END`;
const PAYLOADS = [...FORMULAS, ...MARKUP, CONTROL, LONG];

/** The stored result with every feedback-derived text replaced by hostile payloads, in turn. */
function plant(result: InsightsResult): InsightsResult {
  let next = 0;
  const take = () => PAYLOADS[next++ % PAYLOADS.length]!;
  const themes = new Map<ResultTheme, ResultTheme>();
  const hostile = (theme: ResultTheme): ResultTheme => {
    if (!themes.has(theme)) themes.set(theme, { ...theme, name: take(), summary: take(), quotes: [take(), take(), take()] });
    return themes.get(theme)!;
  };
  return {
    ...result,
    summary: take(),
    themes: result.themes.map(hostile),
    painPoints: result.painPoints.map(hostile),
    featureRequests: result.featureRequests.map(hostile),
    praise: result.praise.map(hostile),
    recommendationsDetailed: result.recommendationsDetailed.map((r) => ({ ...r, title: take(), description: take() })),
  };
}

const quotes = (r: InsightsResult) => sections(r).reduce((sum, t) => sum + t.quotes.length, 0);
const sections = (r: InsightsResult) => [...r.painPoints, ...r.featureRequests, ...r.praise, ...r.themes.filter((t) => t.kind === 'other')];

/** Exports of a result that carries spreadsheet formulas, Markdown, HTML and control characters from feedback. */
describe('insights export of hostile feedback', () => {
  let app: NestFastifyApplication;
  const owner = newUser();
  let projectId: string;
  let result: InsightsResult;

  const download = (format: string) => app.inject({ method: 'GET', url: `/api/insights/${projectId}/export?format=${format}`, headers: owner.headers });

  beforeAll(async () => {
    app = await createTestApp();
    const created = await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: '=Shop <b>' } });
    projectId = created.json().data.id;
    const planted = [...FORMULAS, ...MARKUP];
    const items = [...demoFeedback({ count: 120, seed: 9 })].map((f, i) => ({
      text: i < planted.length ? `${planted[i]} ${f.text}` : f.text,
      rating: f.rating,
    }));
    const bulk = await app.inject({ method: 'POST', url: `/api/projects/${projectId}/feedback/bulk`, headers: owner.headers, payload: { items } });
    expect(bulk.statusCode).toBe(201);
    const handle = app.get<DatabaseHandle>(DATABASE);
    const userId = (await handle.pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [owner.sub])).rows[0]!.id;
    const identity = await app.get(ScopeIdentityService).resolve(userId, projectId, {});
    result = plant(await app.get(InsightsGenerator).generate({ userId: identity.userId, projectId, filters: {} }));
    // Enough themes that every payload lands in some theme's name, summary or quotes.
    expect(sections(result).length * 5).toBeGreaterThanOrEqual(PAYLOADS.length);
    await app.get(TwoTierInsightsCache).put({ ...identity, feedbackGeneration: identity.generation, result });
  });
  afterAll(() => app?.close());

  it('CSV: no cell starts with a formula character, and each payload is still there as text', async () => {
    const response = await download('csv');
    expect(response.statusCode).toBe(200);
    const rows = parse(response.body, { columns: true, relax_quotes: true }) as Record<string, string>[];
    const cells = rows.flatMap((row) => Object.values(row));
    const live = cells.filter((cell) => /^[=+\-@\t\r＝＋－＠]/.test(cell));
    expect(live).toEqual([]);
    expect(rows.find((r) => r.section === 'snapshot' && r.name === 'project')?.summary).toBe("'=Shop <b>");
    for (const formula of FORMULAS) expect(cells.some((cell) => cell.includes(formula))).toBe(true);
  });

  it('Markdown: links, images, HTML, headings, lists and tables from feedback render as text', async () => {
    const response = await download('md');
    const markdown = response.body;
    const md = new MarkdownIt({ html: true, linkify: false });
    const tokens = md.parse(markdown, {}).flatMap((t) => [t, ...(t.children ?? [])]);
    const count = (type: string) => tokens.filter((t) => t.type === type).length;
    for (const type of ['image', 'link_open', 'html_inline', 'html_block', 'table_open', 'blockquote_open']) {
      expect([type, count(type)]).toEqual([type, type === 'blockquote_open' ? quotes(result) : 0]);
    }
    // Its own marks only: the fingerprint in code, each recommendation's title in bold.
    expect(count('code_inline')).toBe(1);
    expect(count('strong_open')).toBe(result.recommendationsDetailed.length);
    // The export's own structure only: a title, a heading per section and theme, its meta list and its recommendations.
    const ownSections = [result.painPoints, result.featureRequests, result.praise, result.themes.filter((t) => t.kind === 'other')].filter((s) => s.length > 0);
    const ownHeadings = 1 + 1 + ownSections.length + sections(result).length + (result.recommendationsDetailed.length > 0 ? 1 : 0);
    expect(count('heading_open')).toBe(ownHeadings);
    expect(count('bullet_list_open')).toBe(1);
    expect(count('ordered_list_open')).toBe(result.recommendationsDetailed.length > 0 ? 1 : 0);
    // Shown, not obeyed: the rendered page carries the payloads as visible text.
    const html = md.render(markdown);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('![x](http://evil.example/pixel.png)');
    expect(html).toContain('[a](javascript:alert(1))');
    expect(html).not.toMatch(/<(img|script|a)\b/);
  });

  it('PDF: plain text without control characters, long runs kept whole, no live links', async () => {
    const response = await download('pdf');
    expect(response.statusCode).toBe(200);
    const raw = response.rawPayload.toString('latin1');
    expect(raw).not.toMatch(/\/URI|\/Subtype\s*\/Link|\/JavaScript|\/OpenAction/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: response.rawPayload }).toString('utf8');
    // eslint-disable-next-line no-control-regex -- the export must hold no control characters
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('bellescape[31mbackspaceoverrideevil');
    expect(flat).toContain(LONG);
    expect(flat).toContain('<imgsrc=xonerror=alert(1)>');
  });
});
