import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { UnrecoverableError, type Job } from 'bullmq';
import { loadConfig } from '@insights/config';
import { InsightsJobsRepository } from '@insights/db';
import { LlmError } from '@insights/engine';
import { APP_CONFIG } from '@insights/platform';
import { InsightsQueue, JOB_NAMES, newJobId, WorkerQueueHooks, type GenerateInsightsPayload } from '@insights/queue';
import { GenerateInsightsHandler } from '../insights/generate-insights.handler.js';
import { NotifyFailureHandler } from '../insights/notify-failure.handler.js';
import { ReconcileJobsHandler } from '../insights/reconcile-jobs.handler.js';
import { RefreshProjectHandler } from '../insights/refresh-project.handler.js';
import { AssignFeedbackHandler } from '../insights/assign-feedback.handler.js';
import { ThemeAlertHandler } from '../insights/theme-alert.handler.js';
import { DigestHandler } from '../insights/digest.handler.js';
import { AskQuestionHandler } from '../insights/ask-question.handler.js';
import { WorkerMetrics } from '../metrics/worker-metrics.service.js';
import { INSIGHTS_WORKER_FACTORY } from './insights-worker.factory.js';
import { InsightsProcessor } from './insights.processor.js';

/** The retry and failure policy of a generation, with every collaborator a mock through Nest DI. */
describe('InsightsProcessor: what a failed generation attempt means', () => {
  const calls = { fail: [] as unknown[][], markRetrying: [] as unknown[][], notify: [] as unknown[][], rateLimit: [] as number[] };
  let failWith: unknown;
  // What the row repository answers: whether a failure changed an open row, and the row's status.
  let rowWasOpen = true;
  let rowStatus = 'processing';
  let processor: InsightsProcessor;

  beforeEach(async () => {
    calls.fail = [];
    calls.markRetrying = [];
    calls.notify = [];
    calls.rateLimit = [];
    rowWasOpen = true;
    rowStatus = 'processing';
    const worker = { on: () => undefined, rateLimit: async (ms: number) => void calls.rateLimit.push(ms) };
    const moduleRef = await Test.createTestingModule({
      providers: [
        InsightsProcessor,
        { provide: APP_CONFIG, useValue: loadConfig() },
        { provide: INSIGHTS_WORKER_FACTORY, useValue: () => worker },
        {
          provide: InsightsJobsRepository,
          useValue: {
            fail: async (...args: unknown[]) => {
              calls.fail.push(args);
              return rowWasOpen;
            },
            status: async () => rowStatus,
            markRetrying: async (...args: unknown[]) => void calls.markRetrying.push(args),
          },
        },
        { provide: InsightsQueue, useValue: { enqueue: async (...args: unknown[]) => void calls.notify.push(args) } },
        { provide: WorkerQueueHooks, useValue: {} },
        { provide: WorkerMetrics, useValue: { started: () => undefined, finished: () => undefined } },
        {
          provide: GenerateInsightsHandler,
          useValue: {
            handle: async () => {
              throw failWith;
            },
          },
        },
        { provide: ReconcileJobsHandler, useValue: {} },
        { provide: NotifyFailureHandler, useValue: {} },
        { provide: RefreshProjectHandler, useValue: {} },
        { provide: AssignFeedbackHandler, useValue: {} },
        { provide: ThemeAlertHandler, useValue: {} },
        { provide: DigestHandler, useValue: { reassertSchedules: async () => 0 } },
        { provide: AskQuestionHandler, useValue: {} },
      ],
    }).compile();
    processor = moduleRef.get(InsightsProcessor);
  });

  function generationJob(attemptsMade: number): Job {
    const payload: GenerateInsightsPayload = {
      jobId: newJobId(),
      userId: randomUUID(),
      projectId: randomUUID(),
      filters: {},
      feedbackGeneration: 0,
      cacheKey: 'c'.repeat(64),
      scopeKey: 's'.repeat(64),
      trigger: 'interactive',
    };
    return {
      id: payload.jobId,
      name: JOB_NAMES.generate,
      data: payload,
      attemptsMade,
      opts: { attempts: 3, priority: 1 },
      timestamp: Date.now(),
    } as unknown as Job;
  }

  it('marks an early transient failure for retry and rethrows it, so BullMQ tries again', async () => {
    failWith = new LlmError('timeout', 'slow provider');
    await expect(processor.process(generationJob(0))).rejects.toBe(failWith);
    expect(calls.markRetrying).toHaveLength(1);
    expect(calls.fail).toHaveLength(0);
    expect(calls.notify).toHaveLength(0);
  });

  it('fails the row and queues one notification on the last attempt', async () => {
    failWith = new LlmError('timeout', 'slow provider');
    await expect(processor.process(generationJob(2))).rejects.toBe(failWith);
    expect(calls.fail).toHaveLength(1);
    expect(calls.fail[0]![2]).toBe(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.notify).toHaveLength(1);
    expect(calls.markRetrying).toHaveLength(0);
  });

  it('fails at once on a permanent error, without spending the remaining attempts', async () => {
    failWith = new LlmError('auth', 'bad key');
    await expect(processor.process(generationJob(0))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(calls.fail).toHaveLength(1);
    expect(calls.markRetrying).toHaveLength(0);
  });

  it('pauses the whole queue for the Retry-After of a 429 instead of spending an attempt', async () => {
    failWith = new LlmError('rate_limit', 'slow down', { retryAfterMs: 7_000 });
    await expect(processor.process(generationJob(2))).rejects.toThrow();
    expect(calls.rateLimit).toEqual([7_000]);
    expect(calls.fail).toHaveLength(0);
    expect(calls.markRetrying).toHaveLength(1);
  });

  describe('a job BullMQ failed for stalling too often', () => {
    const STALLED = 'job stalled more than allowable limit';
    const stalledJob = (retried: string[]) => Object.assign(generationJob(1), { retry: async (state: string) => void retried.push(state) });
    // The listener the processor gives BullMQ's "failed" event runs this.
    const settle = (job: Job) => (processor as unknown as { settleStalled(job: Job, reason: string): Promise<void> }).settleStalled(job, STALLED);

    it('fails its open row and queues one notification, without retrying it', async () => {
      const retried: string[] = [];
      await settle(stalledJob(retried));
      expect(calls.fail).toHaveLength(1);
      expect(calls.fail[0]![1]).toBe(STALLED);
      await new Promise((resolve) => setImmediate(resolve));
      expect(calls.notify).toHaveLength(1);
      expect(retried).toEqual([]);
    });

    it('retries it when a worker had already completed its row, so the queue settles as the row did', async () => {
      rowWasOpen = false;
      rowStatus = 'completed';
      const retried: string[] = [];
      await settle(stalledJob(retried));
      expect(retried).toEqual(['failed']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(calls.notify).toHaveLength(0);
    });

    it('leaves it failed when its row was cancelled or failed before', async () => {
      rowWasOpen = false;
      rowStatus = 'cancelled';
      const retried: string[] = [];
      await settle(stalledJob(retried));
      expect(retried).toEqual([]);
      expect(calls.notify).toHaveLength(0);
    });
  });
});
