import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JobEventsFeed } from '@insights/queue';
import { JobStreamService } from '../src/insights/events/job-stream.service.js';
import { createTestApp } from '../src/testing.js';
import { newUser, openSse } from '@insights/testkit';

const LIMIT = 2;

/**
 * A client that goes away while its stream is being set up (before the first byte) must not keep
 * one of its user's stream slots: after more such drops than the limit, a new stream still opens.
 * No worker runs, so the job stays queued and a stream that did open stays open.
 */
describe('event stream slots when the client drops before the stream starts', () => {
  let app: NestFastifyApplication;
  let base: string;
  const user = newUser();
  let jobId: string;
  let headsStarted = 0;
  let headsDone = 0;

  beforeAll(async () => {
    process.env.EVENTS_MAX_STREAMS_PER_USER = String(LIMIT);
    app = await createTestApp();
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    base = base.replace('[::1]', '127.0.0.1');
    // Setting a stream up takes a few Redis round trips; here it takes long enough that the
    // client below is surely gone before the response starts.
    const feed = app.get(JobEventsFeed);
    const head = feed.head.bind(feed);
    feed.head = async () => {
      headsStarted++;
      await new Promise((resolve) => setTimeout(resolve, 300));
      try {
        return await head();
      } finally {
        headsDone++;
      }
    };
    const projectId = (await app.inject({ method: 'POST', url: '/api/projects', headers: user.headers, payload: { name: 'slots' } })).json().data.id;
    const created = await app.inject({ method: 'POST', url: `/api/insights/jobs?projectId=${projectId}`, headers: user.headers });
    expect(created.statusCode).toBe(202);
    jobId = created.json().data.jobId;
  });
  afterAll(async () => {
    await app?.close();
    delete process.env.EVENTS_MAX_STREAMS_PER_USER;
  });

  /** Sends the request on a raw socket and closes it once the server has begun setting up. */
  const dropEarly = async () => {
    const before = headsStarted;
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `GET /api/insights/jobs/${jobId}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nAuthorization: ${user.headers.authorization}\r\n\r\n`,
    );
    let answered = '';
    socket.on('data', (chunk: Buffer) => (answered += chunk.toString()));
    // Until the set-up began, or the server refused at once (a 429 when slots leaked).
    for (let waited = 0; headsStarted === before && !answered; waited += 10) {
      if (waited > 5_000) throw new Error('the server neither answered nor began setting the stream up');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    socket.destroy();
    // The next client comes once this set-up has finished on the server (and had its chance to
    // give its slot back): only leaked slots can then be in the way.
    while (headsDone < headsStarted) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    return () => answered;
  };

  it(`opens a stream after ${LIMIT * 3} clients dropped during set-up`, async () => {
    const answers = [];
    for (let i = 0; i < LIMIT * 3; i++) answers.push(await dropEarly());
    expect(answers.map((answered) => answered().split('\r\n')[0] ?? '')).toEqual(Array(LIMIT * 3).fill(''));
    expect(app.get(JobStreamService).openCount).toBe(0);

    const streams = [];
    for (let i = 0; i < LIMIT; i++) streams.push(await openSse(`${base}/api/insights/jobs/${jobId}/events`, user.headers));
    try {
      expect(streams.map((s) => s.status)).toEqual(Array(LIMIT).fill(200));
      expect(app.get(JobStreamService).openCount).toBe(LIMIT);
      // The limit itself still holds.
      const over = await openSse(`${base}/api/insights/jobs/${jobId}/events`, user.headers);
      expect(over.status).toBe(429);
    } finally {
      for (const s of streams) s.close();
    }
  });
});
