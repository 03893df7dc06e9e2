import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { JOB_NAMES, newJobId, type GenerateInsightsPayload } from '@insights/queue';
import { InlineQueue, type InlineJob } from './inline-queue.js';

/** The in-memory queue keeps the promises BullMQ keeps, or unit tests built on it prove nothing. */
describe('InlineQueue', () => {
  let queue: InlineQueue;
  beforeEach(() => {
    queue = new InlineQueue();
  });

  const generation = (dedupId = 'c'.repeat(64)): GenerateInsightsPayload => ({
    jobId: newJobId(),
    userId: randomUUID(),
    projectId: randomUUID(),
    filters: {},
    feedbackGeneration: 0,
    cacheKey: dedupId,
    scopeKey: 's'.repeat(64),
    trigger: 'interactive',
  });
  const enqueue = (payload: GenerateInsightsPayload) =>
    queue.enqueue(JOB_NAMES.generate, payload, { jobId: payload.jobId, dedupId: payload.cacheKey, trigger: payload.trigger });

  it('answers an identical request with the job holding its dedup id until that job ends', async () => {
    const first = generation();
    expect(await enqueue(first)).toBe(first.jobId);
    expect(await enqueue(generation())).toBe(first.jobId);
    expect(await queue.inFlight(first.cacheKey)).toBe(first.jobId);
    queue.handle(JOB_NAMES.generate, async () => undefined);
    await queue.drain();
    expect(await queue.inFlight(first.cacheKey)).toBeNull();
    expect(queue.jobs()).toHaveLength(1);
  });

  it("retries a generation to its configured three attempts, recording the config's backoff", async () => {
    const handler = jest.fn(async (_job: InlineJob) => {
      throw new Error('provider blip');
    });
    queue.handle(JOB_NAMES.generate, handler);
    await enqueue(generation());
    expect(await queue.drain()).toBe(3);
    expect(handler).toHaveBeenCalledTimes(3);
    // queue.config.ts: exponential from 2 s (the jitter is left out).
    expect(queue.jobs()[0]).toMatchObject({ state: 'failed', attemptsMade: 3, failedReason: 'provider blip', backoffs: [2_000, 4_000] });
  });

  it('fails a job at once on an UnrecoverableError', async () => {
    const handler = jest.fn(async (_job: InlineJob) => {
      throw Object.assign(new Error('bad payload'), { name: 'UnrecoverableError' });
    });
    queue.handle(JOB_NAMES.generate, handler);
    await enqueue(generation());
    await queue.drain();
    expect(handler).toHaveBeenCalledTimes(1);
    expect(queue.jobs()[0]).toMatchObject({ state: 'failed', attemptsMade: 1 });
  });

  it('removes a waiting job on cancel and frees its dedup id', async () => {
    const payload = generation();
    await enqueue(payload);
    expect(await queue.cancel(payload.jobId)).toBe('removed');
    expect(queue.jobs()).toHaveLength(0);
    expect(await queue.inFlight(payload.cacheKey)).toBeNull();
  });

  it('queues one failure notification per failed job', async () => {
    const notice = { jobId: newJobId(), userId: randomUUID(), projectId: null, error: 'boom', failedAt: new Date().toISOString() };
    await queue.enqueue(JOB_NAMES.notifyFailure, notice, { retryDelayMs: 1_000 });
    await queue.enqueue(JOB_NAMES.notifyFailure, notice, { retryDelayMs: 1_000 });
    expect(queue.jobs(JOB_NAMES.notifyFailure)).toHaveLength(1);
  });

  it("debounces a project's refresh into one pending job", async () => {
    const projectId = randomUUID();
    await queue.enqueue(JOB_NAMES.refresh, { projectId, scopes: [{}] }, { debounceMs: 60_000, maxWaitMs: 120_000 });
    await queue.enqueue(JOB_NAMES.refresh, { projectId, scopes: [{}] }, { debounceMs: 60_000, maxWaitMs: 120_000 });
    expect(queue.jobs(JOB_NAMES.refresh).map((job) => job.state)).toEqual(['delayed']);
  });

  it("runs a batch's parent only once its children have finished, failed ones included", async () => {
    const [ok, failing] = [generation('a'.repeat(64)), generation('b'.repeat(64))];
    const ran: string[] = [];
    queue.handle(JOB_NAMES.generate, async (job) => {
      ran.push(job.id);
      if (job.id === failing.jobId) throw Object.assign(new Error('refused'), { name: 'UnrecoverableError' });
    });
    queue.handle(JOB_NAMES.batch, async (job) => void ran.push(job.id));
    const batchId = newJobId();
    const entries = [ok, failing].map((child) => ({ projectId: child.projectId!, jobId: child.jobId, how: 'queued' as const }));
    await queue.enqueue(
      JOB_NAMES.batch,
      { batchId, userId: ok.userId, filters: {}, entries },
      { children: [ok, failing].map((payload) => ({ payload, dedupId: payload.cacheKey })) },
    );
    expect(await queue.state(batchId)).toBe('waiting-children');
    await queue.drain();
    expect(ran).toEqual([ok.jobId, failing.jobId, batchId]);
    expect(await queue.state(batchId)).toBe('completed');
  });
});
