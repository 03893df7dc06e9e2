import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { loadConfig, type AppConfig } from '@insights/config';
import { InsightsJobsRepository } from '@insights/db';
import { APP_CONFIG } from '@insights/platform';
import { InsightsQueueModule, WorkerQueueHooks } from '@insights/queue';
import { GenerateInsightsHandler } from '../src/insights/generate-insights.handler.js';
import { NotifyFailureHandler } from '../src/insights/notify-failure.handler.js';
import { ReconcileJobsHandler } from '../src/insights/reconcile-jobs.handler.js';
import { RefreshProjectHandler } from '../src/insights/refresh-project.handler.js';
import { AssignFeedbackHandler } from '../src/insights/assign-feedback.handler.js';
import { ThemeAlertHandler } from '../src/insights/theme-alert.handler.js';
import { DigestHandler } from '../src/insights/digest.handler.js';
import { AskQuestionHandler } from '../src/insights/ask-question.handler.js';
import { WorkerMetrics } from '../src/metrics/worker-metrics.service.js';
import { InsightsProcessor } from '../src/queue/insights.processor.js';
import { insightsWorkerFactory } from '../src/queue/insights-worker.factory.js';

/**
 * The lock must outlive the longest LLM call. The worker is built with its final lock settings
 * from the config, so BullMQ's lock manager never runs on defaults that a later fix-up replaces.
 */
describe('the insights worker lock', () => {
  const base = loadConfig();
  // A value no default produces: only the config can have put it there.
  const lockMs = base.glm.timeoutMs + 12_345;
  const config: AppConfig = { ...base, worker: { ...base.worker, lockMs } };
  let moduleRef: TestingModule;
  const calls: string[] = [];

  @Global()
  @Module({ providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] })
  class ConfigModule {}

  beforeAll(async () => {
    const record = (name: string) => async () => void calls.push(name);
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule,
        InsightsQueueModule.forRootAsync({
          useFactory: () => ({
            redisUrl: config.redis.url,
            clusterNodes: config.redis.clusterNodes,
            keyPrefix: `${config.redis.keyPrefix}-lock`,
            role: 'worker',
          }),
        }),
      ],
      providers: [
        insightsWorkerFactory,
        InsightsProcessor,
        { provide: InsightsJobsRepository, useValue: {} },
        { provide: WorkerMetrics, useValue: {} },
        { provide: GenerateInsightsHandler, useValue: {} },
        { provide: ReconcileJobsHandler, useValue: {} },
        { provide: NotifyFailureHandler, useValue: {} },
        { provide: RefreshProjectHandler, useValue: {} },
        { provide: AssignFeedbackHandler, useValue: {} },
        { provide: ThemeAlertHandler, useValue: {} },
        { provide: DigestHandler, useValue: { reassertSchedules: async () => 0 } },
        { provide: AskQuestionHandler, useValue: {} },
      ],
    })
      .overrideProvider(WorkerQueueHooks)
      .useValue({ schedule: record('schedule'), onReady: record('onReady'), onCancelRequest: record('onCancelRequest'), close: record('close') })
      .compile();
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  it('is the configured one, longer than the LLM timeout, from the moment the worker exists', async () => {
    // Before any lifecycle hook runs: nothing after construction may change the lock settings.
    const { worker } = moduleRef.get(InsightsProcessor);
    expect(worker.opts.lockDuration).toBe(lockMs);
    expect(worker.opts.lockDuration).toBeGreaterThan(base.glm.timeoutMs);
    expect(worker.opts.lockRenewTime).toBe(lockMs / 2);
    expect(worker.opts.stalledInterval).toBe(config.worker.stalledIntervalMs);
    expect(worker.opts.concurrency).toBe(config.worker.concurrency);
    expect(worker.isRunning()).toBe(false);
  });

  it('is still the configured one once the worker runs', async () => {
    await moduleRef.init();
    const { worker } = moduleRef.get(InsightsProcessor);
    expect(worker.isRunning()).toBe(true);
    expect(worker.opts.lockDuration).toBe(lockMs);
    expect(calls).toContain('onCancelRequest');
  });
});
