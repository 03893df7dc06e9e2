import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SentimentScorer } from '../src/feedback/sentiment-scorer.service.js';
import { createTestApp } from '../src/testing.js';
import { newUser } from '@insights/testkit';

const ENTRIES = 400;

/**
 * A bulk import scores the sentiment of every entry in the API process. Scored in one go, a
 * thousand long entries hold the event loop for seconds and every other request waits; scored in
 * slices, a read sent while the import is being scored is answered before the scoring ends.
 */
describe('bulk import scoring and the event loop', () => {
  let app: NestFastifyApplication;
  const user = newUser();

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers a read sent while an import is being scored before the scoring ends', async () => {
    const projectId = (await app.inject({ method: 'POST', url: '/api/projects', headers: user.headers, payload: { name: 'loop' } })).json().data.id;
    const scorer = app.get(SentimentScorer);
    let scored = 0;
    let firstScored!: () => void;
    const scoringBegan = new Promise<void>((resolve) => (firstScored = resolve));
    const score = scorer.score.bind(scorer);
    scorer.score = (text) => {
      if (++scored === 1) firstScored();
      return score(text);
    };
    const sentence = 'The export keeps failing and support never answers, but the charts are lovely. ';
    const items = Array.from({ length: ENTRIES }, (_, i) => ({ text: `${i} ${sentence.repeat(30)}`, rating: (i % 5) + 1 }));

    const importing = app.inject({ method: 'POST', url: `/api/projects/${projectId}/feedback/bulk`, headers: user.headers, payload: { items } });
    // This runs only once the event loop is free again: at the end of the scoring when it is one
    // synchronous run, between two slices when it yields.
    await scoringBegan;
    const read = await app.inject({ method: 'GET', url: '/api/projects', headers: user.headers });
    const scoredWhenAnswered = scored;

    expect(read.statusCode).toBe(200);
    const imported = await importing;
    expect(imported.statusCode).toBe(201);
    expect(imported.json().data.inserted).toBe(ENTRIES);
    expect(scored).toBe(ENTRIES);
    expect(scoredWhenAnswered).toBeLessThan(ENTRIES);
  });
});
