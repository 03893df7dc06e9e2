import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import type { Job } from 'bullmq';
import { loadConfig } from '@insights/config';
import { InsightsJobsRepository } from '@insights/db';
import { LlmError } from '@insights/engine';
import { APP_CONFIG } from '@insights/platform';
import { InsightsQueue, JOB_NAMES, newJobId, WorkerQueueHooks, type GenerateInsightsPayload } from '@insights/queue';
import { InlineQueue } from '@insights/testkit';
import { GenerateInsightsHandler } from '../insights/generate-insights.handler.js';
import { NotifyFailureHandler } from '../insights/notify-failure.handler.js';
import { ReconcileJobsHandler } from '../insights/reconcile-jobs.handler.js';
import { RefreshProjectHandler } from '../insights/refresh-project.handler.js';
import { AssignFeedbackHandler } from '../insights/assign-feedback.handler.js';
import { ThemeAlertHandler } from '../insights/theme-alert.handler.js';
import { DigestHandler } from '../insights/digest.handler.js';
import { AskQuestionHandler } from '../insights/ask-question.handler.js';
import { WorkerMetrics } from '../metrics/worker-metrics.service.js';
import type { JobContext } from './job-context.js';
import { INSIGHTS_WORKER_FACTORY } from './insights-worker.factory.js';
import { InsightsProcessor } from './insights.processor.js';

type Handle = (payload: GenerateInsightsPayload, job: Job, context: JobContext) => Promise<unknown>;

/**
 * A generation's whole life under the processor's retry policy: the inline queue runs every
 * attempt BullMQ would make with the job's configured options (without the backoff delays), and
 * the test counts the attempts, the row updates and the notifications that came of them.
 */
describe('InsightsProcessor: retries of a generation, attempt by attempt', () => {
  // A generation's attempts in queue.config.ts.
  const configuredAttempts = 3;
  const handle = jest.fn<Handle>();
  const rows = {
    fail: jest.fn(async (..._args: unknown[]): Promise<void> => undefined),
    markRetrying: jest.fn(async (..._args: unknown[]): Promise<void> => undefined),
  };
  let queue: InlineQueue;
  let jobId: string;

  beforeEach(async () => {
    handle.mockReset();
    rows.fail.mockClear();
    rows.markRetrying.mockClear();
    queue = new InlineQueue();
    const worker = { on: () => undefined, rateLimit: async () => undefined };
    const moduleRef = await Test.createTestingModule({
      providers: [
        InsightsProcessor,
        { provide: APP_CONFIG, useValue: loadConfig() },
        { provide: INSIGHTS_WORKER_FACTORY, useValue: () => worker },
        { provide: InsightsJobsRepository, useValue: rows },
        { provide: InsightsQueue, useValue: queue },
        { provide: WorkerQueueHooks, useValue: {} },
        { provide: WorkerMetrics, useValue: { started: () => undefined, finished: () => undefined } },
        { provide: GenerateInsightsHandler, useValue: { handle } },
        { provide: ReconcileJobsHandler, useValue: {} },
        { provide: NotifyFailureHandler, useValue: {} },
        { provide: RefreshProjectHandler, useValue: {} },
        { provide: AssignFeedbackHandler, useValue: {} },
        { provide: ThemeAlertHandler, useValue: {} },
        { provide: DigestHandler, useValue: { reassertSchedules: async () => 0 } },
        { provide: AskQuestionHandler, useValue: {} },
      ],
    }).compile();
    const processor = moduleRef.get(InsightsProcessor);
    queue.handle(JOB_NAMES.generate, (job, signal) => processor.process(job as unknown as Job, undefined, signal));
    jobId = newJobId();
    const payload: GenerateInsightsPayload = {
      jobId,
      userId: randomUUID(),
      projectId: randomUUID(),
      filters: {},
      feedbackGeneration: 0,
      cacheKey: 'c'.repeat(64),
      scopeKey: 's'.repeat(64),
      trigger: 'interactive',
    };
    await queue.enqueue(JOB_NAMES.generate, payload, { jobId, dedupId: payload.cacheKey, trigger: 'interactive' });
  });

  /** The notification the processor queues is settled off the job's path: let it land. */
  const notifications = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return queue.jobs(JOB_NAMES.notifyFailure);
  };

  it('retries a transient provider error up to the configured attempts, then fails the row once', async () => {
    handle.mockRejectedValue(new LlmError('timeout', 'slow provider'));
    await queue.drain();
    expect(handle).toHaveBeenCalledTimes(configuredAttempts);
    expect(rows.markRetrying).toHaveBeenCalledTimes(configuredAttempts - 1);
    expect(rows.fail).toHaveBeenCalledTimes(1);
    expect(await queue.find(jobId)).toMatchObject({ state: 'failed', attemptsMade: configuredAttempts });
    expect(await notifications()).toHaveLength(1);
  });

  it('completes on a later attempt after a transient error, leaving the row unfailed', async () => {
    handle.mockRejectedValueOnce(new LlmError('server', 'bad gateway')).mockResolvedValueOnce({ themes: [] });
    await queue.drain();
    expect(handle).toHaveBeenCalledTimes(2);
    expect(rows.markRetrying).toHaveBeenCalledTimes(1);
    expect(rows.fail).not.toHaveBeenCalled();
    expect(await queue.state(jobId)).toBe('completed');
    expect(await notifications()).toHaveLength(0);
  });

  it('fails a refused request at once, without spending the remaining attempts', async () => {
    handle.mockRejectedValue(new LlmError('content_blocked', 'refused by the provider'));
    await queue.drain();
    expect(handle).toHaveBeenCalledTimes(1);
    expect(rows.markRetrying).not.toHaveBeenCalled();
    expect(rows.fail).toHaveBeenCalledTimes(1);
    expect(await queue.find(jobId)).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect(await notifications()).toHaveLength(1);
  });

  it('fails an invalid request at once, without spending the remaining attempts', async () => {
    handle.mockRejectedValue(new LlmError('invalid_request', 'bad parameters'));
    await queue.drain();
    expect(handle).toHaveBeenCalledTimes(1);
    expect(rows.fail).toHaveBeenCalledTimes(1);
    expect((await queue.find(jobId))?.attemptsMade).toBe(1);
  });

  it('stops a cancelled job where it is: no retry, no failed row, no notification', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    handle.mockImplementation(
      (_payload, _job, context) =>
        new Promise((_resolve, reject) => {
          context.signal.addEventListener('abort', () => reject(new LlmError('cancelled', 'aborted')));
          started();
        }),
    );
    const drained = queue.drain();
    await running;
    expect(await queue.cancel(jobId)).toBe('signalled');
    await drained;
    expect(handle).toHaveBeenCalledTimes(1);
    expect(rows.fail).not.toHaveBeenCalled();
    expect(rows.markRetrying).not.toHaveBeenCalled();
    expect(await queue.find(jobId)).toMatchObject({ state: 'failed', attemptsMade: 1, failedReason: 'cancelled' });
    expect(await notifications()).toHaveLength(0);
  });
});
