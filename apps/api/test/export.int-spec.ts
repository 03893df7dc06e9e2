import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse } from 'csv-parse/sync';
import { TwoTierInsightsCache } from '@insights/cache';
import type { InsightsResult } from '@insights/engine';
import type { DatabaseHandle } from '@insights/db';
import { InsightsGenerator } from '@insights/generation';
import { DATABASE } from '@insights/platform';
import { demoFeedback, newUser } from '@insights/testkit';
import { ScopeIdentityService } from '../src/insights/scope-identity.service.js';
import { createTestApp } from '../src/testing.js';

/** Exports of a project's latest snapshot, read back: the CSV parsed, the PDF's text extracted. */
describe('insights export', () => {
  let app: NestFastifyApplication;
  const owner = newUser();
  const stranger = newUser();
  let projectId: string;
  let result: InsightsResult;
  let fingerprint: string;

  const download = (format: string, headers = owner.headers, id = projectId) =>
    app.inject({ method: 'GET', url: `/api/insights/${id}/export?format=${format}`, headers });

  beforeAll(async () => {
    app = await createTestApp();
    const created = await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'Mobile App' } });
    projectId = created.json().data.id;
    const items = [...demoFeedback({ count: 120, seed: 9 })].map((f) => ({ text: f.text, rating: f.rating }));
    await app.inject({ method: 'POST', url: `/api/projects/${projectId}/feedback/bulk`, headers: owner.headers, payload: { items } });
    // The snapshot the worker would have stored: the real generator (offline analyser), the real identity.
    const identity = await app.get(ScopeIdentityService).resolve(await ownerId(), projectId, {});
    result = await app.get(InsightsGenerator).generate({ userId: identity.userId, projectId, filters: {} });
    fingerprint = identity.cacheKey;
    await app.get(TwoTierInsightsCache).put({ ...identity, feedbackGeneration: identity.generation, result });
  });
  afterAll(() => app?.close());

  async function ownerId(): Promise<string> {
    const handle = app.get<DatabaseHandle>(DATABASE);
    return (await handle.pool.query<{ id: string }>('select id from users where clerk_user_id = $1', [owner.sub])).rows[0]!.id;
  }

  it('streams a CSV that reads back to the snapshot’s themes, counts and recommendations, naming the snapshot', async () => {
    const response = await download('csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="insights-mobile-app-\d{4}-\d{2}-\d{2}T[\d-]+Z\.csv"$/);
    expect(response.headers['x-insights-fingerprint']).toBe(fingerprint);
    expect(response.headers['x-insights-generated-at']).toBe(result.generatedAt);
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    const meta = Object.fromEntries(rows.filter((r) => r.section === 'snapshot').map((r) => [r.name, r.summary]));
    expect(meta).toMatchObject({ project: 'Mobile App', generated_at: result.generatedAt, model: `${result.provider}/${result.model}`, fingerprint });
    const themes = rows.filter((r) => ['pain_point', 'feature_request', 'praise', 'theme'].includes(r.section!));
    const expected = [...result.painPoints, ...result.featureRequests, ...result.praise, ...result.themes.filter((t) => t.kind === 'other')];
    expect(themes.map((r) => [r.name, Number(r.count)])).toEqual(expected.map((t) => [t.name, t.count]));
    expect(themes.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.section === 'recommendation').map((r) => r.name)).toEqual(result.recommendationsDetailed.map((r) => r.title));
  });

  it('renders Markdown and a PDF whose text names the snapshot and its themes', async () => {
    const md = await download('md');
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.body).toContain(`- Generated: ${result.generatedAt}`);
    expect(md.body).toContain(fingerprint);
    for (const theme of result.painPoints) expect(md.body).toContain(`### ${theme.name} (${theme.count},`);

    const pdf = await download('pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.rawPayload }).toString().replace(/\s+/g, ' ');
    expect(text).toContain('Insights: Mobile App');
    expect(text).toContain(result.generatedAt);
    expect(text).toContain(fingerprint);
    for (const theme of result.painPoints) expect(text).toContain(`${theme.name} (${theme.count},`);
  });

  it('answers 404 for another user’s project or a project with no insights, and 400 naming a bad format', async () => {
    expect((await download('csv', stranger.headers)).statusCode).toBe(404);
    const empty = (await app.inject({ method: 'POST', url: '/api/projects', headers: owner.headers, payload: { name: 'empty' } })).json().data.id;
    const none = await download('csv', owner.headers, empty);
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'INSIGHTS_NOT_FOUND' });
    const bad = await download('xlsx');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('format');
  });
});
