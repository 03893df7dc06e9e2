import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventSource } from 'eventsource';
import { demoFeedback, ApiProcess, WorkerProcess, openSse, newUser, tokenFor } from '@insights/testkit';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import {
  createInsightsClient,
  InsightsApiError,
  InsightsJobError,
  type EventSourceConstructor,
  type InsightsClientOptions,
  type JobProgress,
} from '../src/index.js';
import { glmStackEnv } from '@insights/testkit/stack';

/** What a client did on the wire: requests by method and path, and event streams opened. */
function recorder() {
  const requests: string[] = [];
  const streams: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    return fetch(request);
  };
  class RecordingEventSource extends EventSource {
    constructor(url: string) {
      super(url);
      streams.push(new URL(url).pathname);
    }
  }
  return { requests, streams, fetch: fetchImpl, EventSource: RecordingEventSource as unknown as EventSourceConstructor };
}

/** The client against real API and worker processes, Redis, Postgres and the fake GLM server. */
describe('insights client against the running service', () => {
  let fake: FakeGlm;
  let api: ApiProcess;
  let worker: WorkerProcess;
  const owner = newUser();
  let seed = 1200;

  const clientFor = (token: string, options: Partial<InsightsClientOptions> = {}) =>
    createInsightsClient({ baseUrl: api.url, getToken: () => token, pollIntervalMs: 200, reconnectDelayMs: 50, ...options });
  const ownerToken = owner.headers.authorization.slice('Bearer '.length);

  async function project(count = 90): Promise<string> {
    const headers = { ...owner.headers, 'content-type': 'application/json' };
    const created = await fetch(`${api.url}/api/projects`, { method: 'POST', headers, body: JSON.stringify({ name: 'client' }) });
    const { data } = (await created.json()) as { data: { id: string } };
    const items = [...demoFeedback({ count, seed: seed++ })].map((f) => ({ text: f.text, rating: f.rating, createdAt: f.createdAt!.toISOString() }));
    const bulk = await fetch(`${api.url}/api/projects/${data.id}/feedback/bulk`, { method: 'POST', headers, body: JSON.stringify({ items }) });
    expect(bulk.status).toBe(201);
    return data.id;
  }

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0, latencyMs: 40 });
    const env = glmStackEnv(fake.url, 'client', { EVENTS_MAX_STREAMS_PER_USER: '2' });
    [api, worker] = await Promise.all([ApiProcess.start(env), WorkerProcess.start(env)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await fake?.close();
  });

  it('follows a job over live events to its result, without polling', async () => {
    const wire = recorder();
    const client = clientFor(ownerToken, { fetch: wire.fetch, EventSource: wire.EventSource });
    const projectId = await project();
    const steps: JobProgress[] = [];
    const job = await client.generate({ projectId }, { onProgress: (progress) => steps.push(progress) });

    expect(job.status).toBe('completed');
    expect(job.result!.statistics.totalFeedback).toBe(90);
    expect(await client.getJob(job.jobId)).toEqual(job);
    const percents = steps.map((step) => step.percent);
    expect(new Set(percents).size).toBeGreaterThan(2);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(steps.some((step) => step.stage === 'map' && step.chunksTotal > 1)).toBe(true);
    expect(wire.streams).toEqual([`/api/insights/jobs/${job.jobId}/events`]);
    expect(wire.requests.filter((r) => r.startsWith('GET /api/insights/jobs/'))).toEqual([`GET /api/insights/jobs/${job.jobId}`]);
  });

  it('polls where there is no EventSource, with the same result', async () => {
    const wire = recorder();
    const client = clientFor(ownerToken, { fetch: wire.fetch });
    const created = await client.createJob({ projectId: await project() });
    const seen: number[] = [];
    const job = await client.waitForInsights(created.jobId, { onProgress: (_progress, polled) => seen.push(polled!.progress) });
    expect(job.result!.statistics.totalFeedback).toBe(90);
    expect(wire.streams).toEqual([]);
    expect(wire.requests.filter((r) => r === `GET /api/insights/jobs/${created.jobId}`).length).toBe(seen.length + 1);
  });

  it('falls back to polling when the API refuses another stream, and still gets the result', async () => {
    const wire = recorder();
    const client = clientFor(ownerToken, { fetch: wire.fetch, EventSource: wire.EventSource });
    // Slow enough that the job outlives the refused attempts: the streams below hold both of the
    // user's slots until it ends.
    fake.setLatency(600);
    const created = await client.createJob({ projectId: await project() });
    const held = await Promise.all([1, 2].map(() => openSse(`${api.url}/api/insights/jobs/${created.jobId}/events`, owner.headers)));
    try {
      const job = await client.waitForInsights(created.jobId);
      expect(job.status).toBe('completed');
      // The first stream and three fresh attempts were refused before polling took over.
      expect(wire.streams.length).toBe(4);
      expect(wire.requests.filter((r) => r === `GET /api/insights/jobs/${created.jobId}`).length).toBeGreaterThan(0);
    } finally {
      held.forEach((stream) => stream.close());
      fake.setLatency(40);
    }
  });

  it('rejects with the failure reason of a failed job, and with cancelled for a cancelled one', async () => {
    const client = clientFor(ownerToken, { EventSource: EventSource as unknown as EventSourceConstructor });
    fake.addFaults([{ type: 'auth', times: 100 }]);
    try {
      const failed = await client.generate({ projectId: await project(30) }).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(InsightsJobError);
      expect(failed).toMatchObject({ status: 'failed', job: { status: 'failed' } });
      expect((failed as InsightsJobError).message).toBe((failed as InsightsJobError).job.error);
      expect((failed as Error).message.length).toBeGreaterThan(0);
    } finally {
      fake.reset();
    }

    fake.setLatency(400);
    try {
      const created = await client.createJob({ projectId: await project() });
      const waiting = client.waitForInsights(created.jobId, {
        onProgress: (progress) => {
          if (progress.percent > 0) void client.cancelJob(created.jobId);
        },
      });
      await expect(waiting).rejects.toMatchObject({ name: 'InsightsJobError', status: 'cancelled' });
      expect((await client.getJob(created.jobId))!.status).toBe('cancelled');
    } finally {
      fake.setLatency(40);
    }
  });

  it('gives typed errors: 404 for another user’s job, 401 for a bad token, 400 naming the field', async () => {
    const mine = await clientFor(ownerToken).createJob({ projectId: await project(20) });
    const stranger = clientFor(tokenFor(), { EventSource: EventSource as unknown as EventSourceConstructor });
    expect(await stranger.getJob(mine.jobId)).toBeNull();
    await expect(stranger.waitForInsights(mine.jobId)).rejects.toMatchObject({ status: 404, code: 'JOB_NOT_FOUND' });

    const forged = await clientFor('not-a-token')
      .listProjects()
      .catch((error: unknown) => error);
    expect(forged).toBeInstanceOf(InsightsApiError);
    expect(forged).toMatchObject({ status: 401, code: expect.stringMatching(/^AUTH_TOKEN_/) });

    const invalid = await clientFor(ownerToken)
      .createJob({ projectId: 'nope' })
      .catch((error: unknown) => error);
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: expect.stringContaining('projectId') });
  });
});
