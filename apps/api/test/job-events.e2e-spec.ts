import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoFeedback, SPAWNED_TIMINGS, type QueueAdmin, newUser, ApiProcess, WorkerProcess, events, openSse, type SseFrame } from '@insights/testkit';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { compareEventIds } from '@insights/queue';
import { glmStackEnv, openQueueAdmin } from '@insights/testkit/stack';

type Headers = Record<string, string>;
const json = (frame: SseFrame) => (frame.kind === 'event' ? JSON.parse(frame.data) : undefined);

/**
 * Live job events across processes: the job runs in a worker process, the client listens on one
 * API process while another one queued (or cancelled) it; the events travel through Redis.
 */
describe('job events (Server-Sent Events) across two API processes', () => {
  let fake: FakeGlm;
  let apiA: ApiProcess;
  let apiB: ApiProcess;
  let worker: WorkerProcess;
  let queue: QueueAdmin;
  const owner = newUser();
  const stranger = newUser();
  let seed = 900;

  const call = async (api: ApiProcess, method: string, path: string, headers: Headers = owner.headers, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  async function project(count = 120): Promise<string> {
    const { body } = await call(apiA, 'POST', '/api/projects', owner.headers, { name: 'live' });
    const items = [...demoFeedback({ count, seed: seed++ })].map((f) => ({ text: f.text, rating: f.rating, createdAt: f.createdAt!.toISOString() }));
    expect((await call(apiA, 'POST', `/api/projects/${body.data.id}/feedback/bulk`, owner.headers, { items })).status).toBe(201);
    return body.data.id;
  }
  const startJob = async (projectId: string): Promise<string> => (await call(apiA, 'POST', '/api/insights/jobs', owner.headers, { projectId })).body.data.jobId;
  const eventsUrl = (api: ApiProcess, jobId: string, query = '') => `${api.url}/api/insights/jobs/${jobId}/events${query}`;

  beforeAll(async () => {
    fake = await startFakeGlm({ port: 0, latencyMs: 60 });
    const env = glmStackEnv(fake.url, 'sse', { ...SPAWNED_TIMINGS.quickHeartbeat, EVENTS_MAX_STREAMS_PER_USER: '3', EVENTS_TOKEN_TTL_SECONDS: '30' });
    [apiA, apiB, worker] = await Promise.all([ApiProcess.start(env), ApiProcess.start(env), WorkerProcess.start(env)]);
    queue = openQueueAdmin(env.REDIS_KEY_PREFIX);
  }, 60_000);
  afterAll(async () => {
    await queue?.resume().catch(() => undefined);
    await queue?.close();
    await Promise.all([apiA?.stop(), apiB?.stop(), worker?.stop()]);
    await fake?.close();
  });

  it('streams progress at each step from a job queued on another process, then the result, then ends', async () => {
    const jobId = await startJob(await project());
    const stream = await openSse(eventsUrl(apiB, jobId), owner.headers);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('cache-control')).toContain('no-cache');
    await stream.ended;
    const received = events(stream.frames);
    const progress = received.filter((e) => e.event === 'progress').map(json);
    const final = received.at(-1)!;
    expect(final.event).toBe('completed');
    const job = json(final);
    const polled = (await call(apiA, 'GET', `/api/insights/jobs/${jobId}`)).body.data;
    expect(job).toEqual(polled);
    expect(job.result.themes.length).toBeGreaterThan(0);
    // A step per stage and per finished map call (a call carries several chunks): the chunk
    // counter never goes back and reaches the total.
    const chunksTotal = job.progressDetail.chunksTotal;
    expect(chunksTotal).toBeGreaterThan(2);
    const mapSteps = progress.filter((p) => p.stage === 'map' && p.chunksDone > 0).map((p) => p.chunksDone);
    expect(mapSteps).toEqual([...mapSteps].sort((a, b) => a - b));
    expect(mapSteps.at(-1)).toBe(chunksTotal);
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(progress.at(-1).tokensUsed).toBeGreaterThan(0);
    // Ids are positions in one ordered stream (a final event found by a heartbeat carries none).
    const ids = received.filter((e) => e.id).map((e) => e.id!);
    expect(ids.length).toBeGreaterThanOrEqual(received.length - 1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resumes after a dropped connection from Last-Event-ID, on the other process, missing nothing and repeating nothing', async () => {
    const jobId = await startJob(await project(160));
    const first = await openSse(eventsUrl(apiA, jobId), owner.headers);
    const before = events(await first.waitFor((f) => f.kind === 'event' && f.event === 'progress' && json(f).stage === 'map' && json(f).chunksDone >= 2));
    first.close();
    const lastId = before.at(-1)!.id!;
    const second = await openSse(eventsUrl(apiB, jobId), { ...owner.headers, 'last-event-id': lastId });
    await second.ended;
    const after = events(second.frames);
    expect(after.at(-1)!.event).toBe('completed');
    expect(after.every((e) => !e.id || compareEventIds(e.id, lastId) > 0)).toBe(true);
    const ids = [...before, ...after].filter((e) => e.id).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seen = [...before, ...after]
      .filter((e) => e.event === 'progress' && json(e).stage === 'map' && json(e).chunksDone > 0)
      .map((e) => json(e).chunksDone);
    const total = json(after.at(-1)!).progressDetail.chunksTotal;
    // In order to the total across the reconnect (the ids above show nothing came twice).
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(total);
  });

  it('sends heartbeats while a job waits, and the cancellation made on another process as the final event', async () => {
    await queue.pause();
    const jobId = await startJob(await project(30));
    const stream = await openSse(eventsUrl(apiB, jobId), owner.headers);
    const frames = await stream.waitFor((f) => f.kind === 'comment' && f.text === 'heartbeat');
    const [snapshot] = events(frames);
    expect(json(snapshot)).toMatchObject({ jobId, status: 'pending', stage: 'queued', percent: 0 });
    expect((await call(apiA, 'DELETE', `/api/insights/jobs/${jobId}`)).body.data.status).toBe('cancelled');
    await stream.ended;
    const final = events(stream.frames).at(-1)!;
    expect(final.event).toBe('cancelled');
    expect(json(final)).toMatchObject({ jobId, status: 'cancelled' });
    await queue.resume();
  });

  it('answers a finished job with its final event at once', async () => {
    const projectId = await project(30);
    const jobId = await startJob(projectId);
    await (
      await openSse(eventsUrl(apiA, jobId), owner.headers)
    ).ended;
    const again = await openSse(eventsUrl(apiB, jobId), owner.headers);
    await again.ended;
    expect(events(again.frames).map((e) => e.event)).toEqual(['completed']);
  });

  it('opens with a short-lived stream token instead of the header, for that job only', async () => {
    const projectId = await project(30);
    const jobId = await startJob(projectId);
    const other = await startJob(await project(30));
    const issued = await call(apiA, 'POST', `/api/insights/jobs/${jobId}/events/token`, { ...owner.headers, 'content-type': 'application/json' });
    expect(issued.status).toBe(201);
    const { token, expiresIn } = issued.body.data;
    expect(expiresIn).toBe(30);
    const stream = await openSse(eventsUrl(apiB, jobId, `?streamToken=${token}`));
    await stream.ended;
    expect(events(stream.frames).at(-1)!.event).toBe('completed');
    const wrongJob = await openSse(eventsUrl(apiB, other, `?streamToken=${token}`));
    expect([wrongJob.status, JSON.parse(wrongJob.body!).code]).toEqual([401, 'STREAM_TOKEN_INVALID']);
    const forged = await openSse(eventsUrl(apiB, jobId, `?streamToken=${'x'.repeat(32)}`));
    expect(forged.status).toBe(401);
    // The token opens a stream; it is not a session: other routes still want the bearer header.
    expect((await fetch(`${apiA.url}/api/insights/jobs/${jobId}?streamToken=${token}`)).status).toBe(401);
    expect((await openSse(eventsUrl(apiB, jobId))).status).toBe(401);
  });

  it('answers another user’s job and an unknown one with 404, and issues them no token', async () => {
    const jobId = await startJob(await project(30));
    for (const id of [jobId, 'no-such-job']) {
      const stream = await openSse(eventsUrl(apiB, id), stranger.headers);
      expect([stream.status, JSON.parse(stream.body!).code]).toEqual([404, 'JOB_NOT_FOUND']);
      expect((await call(apiA, 'POST', `/api/insights/jobs/${id}/events/token`, stranger.headers)).status).toBe(404);
    }
  });

  it('bounds the streams one user holds open across processes, and frees a slot when one closes', async () => {
    await queue.pause();
    const jobId = await startJob(await project(30));
    const open = [
      await openSse(eventsUrl(apiA, jobId), owner.headers),
      await openSse(eventsUrl(apiB, jobId), owner.headers),
      await openSse(eventsUrl(apiA, jobId), owner.headers),
    ];
    expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
    const refused = await openSse(eventsUrl(apiB, jobId), owner.headers);
    expect([refused.status, JSON.parse(refused.body!).code]).toEqual([429, 'TOO_MANY_STREAMS']);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    const theirs = await openSse(eventsUrl(apiB, jobId), stranger.headers);
    expect(theirs.status).toBe(404);
    open[0].close();
    await open[0].ended;
    let reopened = await openSse(eventsUrl(apiB, jobId), owner.headers);
    for (let i = 0; reopened.status === 429 && i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      reopened = await openSse(eventsUrl(apiB, jobId), owner.headers);
    }
    expect(reopened.status).toBe(200);
    for (const stream of [...open, reopened]) stream.close();
    await queue.resume();
  });
});
