import 'reflect-metadata';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { TwoTierInsightsCache } from '@insights/cache';
import { InsightsJobsRepository } from '@insights/db';
import { JobLauncher, JobSizer, SpendPolicy, SpendRefused, type AskScope, type LaunchScope } from '@insights/generation';
import { InsightsQueue, JOB_NAMES } from '@insights/queue';
import { jobLauncherProvider } from './generation.module.js';

const scope: LaunchScope = { userId: 'u1', projectId: 'p1', filters: {}, generation: 3, cacheKey: 'c'.repeat(64), scopeKey: 's'.repeat(64) };

/** The launch order with every collaborator mocked, wired by the module's own provider. */
describe('JobLauncher', () => {
  let launcher: JobLauncher;
  const cache = {
    hotBody: jest.fn(async (_key: string): Promise<unknown> => undefined),
    durableBody: jest.fn(async (_key: string): Promise<unknown> => undefined),
    freshBody: jest.fn(async (_key: string): Promise<unknown> => undefined),
    hotAnswer: jest.fn(async (_key: string): Promise<unknown> => undefined),
    durableAnswer: jest.fn(async (_key: string): Promise<unknown> => undefined),
  };
  const queue = {
    inFlight: jest.fn(async (_key: string): Promise<string | null> => null),
    state: jest.fn(async (_id: string): Promise<string> => 'unknown'),
    enqueue: jest.fn(async (_name: string, payload: { jobId?: string; batchId?: string }): Promise<string> => (payload.jobId ?? payload.batchId)!),
  };
  const jobs = {
    openFor: jest.fn(async (_key: string): Promise<string | null> => null),
    create: jest.fn(async (): Promise<void> => undefined),
    discard: jest.fn(async (_id: string): Promise<void> => undefined),
  };
  const spend = {
    admit: jest.fn(async (): Promise<void> => undefined),
    checkBudgets: jest.fn(async (): Promise<void> => undefined),
    takeJobs: jest.fn(async (_userId: string, _jobs: number): Promise<void> => undefined),
    returnJobs: jest.fn(async (_userId: string): Promise<void> => undefined),
  };
  const sizer = { classify: jest.fn(async (): Promise<string> => 'large') };

  beforeEach(async () => {
    for (const mock of [cache, queue, jobs, spend, sizer].flatMap((m) => Object.values(m))) mock.mockClear();
    const module = await Test.createTestingModule({
      providers: [
        jobLauncherProvider,
        { provide: InsightsQueue, useValue: queue },
        { provide: InsightsJobsRepository, useValue: jobs },
        { provide: TwoTierInsightsCache, useValue: cache },
        { provide: SpendPolicy, useValue: spend },
        { provide: JobSizer, useValue: sizer },
      ],
    }).compile();
    launcher = module.get(JobLauncher);
  });

  it('answers a cached hit without touching the spend policy, the rows or the queue', async () => {
    cache.hotBody.mockResolvedValueOnce('{"themes":[]}');
    expect(await launcher.launch(scope, 'interactive')).toEqual({ outcome: 'cached' });
    expect(spend.admit).not.toHaveBeenCalled();
    expect(jobs.create).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('asks Postgres for a stored result only after the job in flight', async () => {
    cache.durableBody.mockResolvedValueOnce('{}');
    expect(await launcher.launch(scope, 'interactive')).toEqual({ outcome: 'cached' });
    expect(queue.inFlight.mock.invocationCallOrder[0]).toBeLessThan(cache.durableBody.mock.invocationCallOrder[0]!);
    expect(spend.admit).not.toHaveBeenCalled();
  });

  it('joins a job in flight without taking a rate point', async () => {
    queue.inFlight.mockResolvedValueOnce('running-job-0000000001');
    expect(await launcher.launch(scope, 'interactive')).toEqual({ outcome: 'joined', jobId: 'running-job-0000000001', lostRace: false });
    expect(spend.admit).not.toHaveBeenCalled();
    expect(jobs.create).not.toHaveBeenCalled();
  });

  it('joins a batch child found through its open row, whose job the queue still holds', async () => {
    jobs.openFor.mockResolvedValueOnce('batch-child-000000001');
    queue.state.mockResolvedValueOnce('waiting');
    expect(await launcher.launch(scope, 'background', { cache: 'fresh' })).toMatchObject({ outcome: 'joined', jobId: 'batch-child-000000001' });
    expect(spend.admit).not.toHaveBeenCalled();
  });

  it('queues a new job with its size class after the spend policy admitted it', async () => {
    const launched = await launcher.launch(scope, 'interactive');
    expect(launched.outcome).toBe('queued');
    expect(spend.admit).toHaveBeenCalledTimes(1);
    expect(spend.admit.mock.invocationCallOrder[0]).toBeLessThan(jobs.create.mock.invocationCallOrder[0]!);
    expect(queue.enqueue.mock.calls[0]![1]).toMatchObject({ size: 'large', feedbackGeneration: 3, trigger: 'interactive' });
  });

  it('discards its row and gives the rate point back when it loses the dedup race', async () => {
    queue.enqueue.mockResolvedValueOnce('winner-job-00000000001');
    expect(await launcher.launch(scope, 'interactive')).toEqual({ outcome: 'joined', jobId: 'winner-job-00000000001', lostRace: true });
    const written = (jobs.create.mock.calls[0] as unknown as [{ id: string }])[0].id;
    expect(jobs.discard).toHaveBeenCalledWith(written);
    expect(spend.returnJobs).toHaveBeenCalledWith('u1');
  });

  it('writes no row and queues nothing when the spend policy refuses', async () => {
    const refusal = new SpendRefused('job_rate', 'too many', 7);
    spend.admit.mockRejectedValueOnce(refusal);
    expect(await launcher.launch(scope, 'interactive')).toEqual({ outcome: 'refused', refusal });
    expect(sizer.classify).not.toHaveBeenCalled();
    expect(jobs.create).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('skips a batch project over its own budget and charges the rate once for the new children', async () => {
    spend.checkBudgets.mockRejectedValueOnce(new SpendRefused('project_budget', 'spent', 60));
    const entries = await launcher.launchBatch(
      { batchId: 'b'.repeat(16), userId: 'u1', filters: {} },
      [scope, { ...scope, projectId: 'p2', cacheKey: 'd'.repeat(64) }],
      async () => 'cached',
    );
    expect(entries.map((e) => e.how)).toEqual(['skipped', 'queued']);
    expect(spend.takeJobs).toHaveBeenCalledWith('u1', 1);
    expect(spend.admit).not.toHaveBeenCalled();
    expect(queue.enqueue.mock.calls.map(([name]) => name)).toEqual([JOB_NAMES.batch]);
  });

  it('discards the batch children it wrote when the job rate refuses them', async () => {
    spend.takeJobs.mockRejectedValueOnce(new SpendRefused('job_rate', 'too many', 7));
    await expect(launcher.launchBatch({ batchId: 'b'.repeat(16), userId: 'u1', filters: {} }, [scope], async () => 'cached')).rejects.toBeInstanceOf(
      SpendRefused,
    );
    expect(jobs.discard).toHaveBeenCalledTimes(1);
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  describe('a question', () => {
    const question: AskScope = {
      userId: 'u1',
      projectId: 'p1',
      question: 'What breaks exports?',
      filters: { sentiment: 'negative' },
      generation: 4,
      cacheKey: 'a'.repeat(64),
    };

    it('answers a stored answer from Redis without the spend policy, a row or the queue', async () => {
      cache.hotAnswer.mockResolvedValueOnce('{"kind":"ask"}');
      expect(await launcher.launchAsk(question)).toEqual({ outcome: 'cached' });
      expect(cache.hotAnswer).toHaveBeenCalledWith('a'.repeat(64));
      expect(queue.inFlight).not.toHaveBeenCalled();
      expect(spend.admit).not.toHaveBeenCalled();
      expect(jobs.create).not.toHaveBeenCalled();
    });

    it('joins the same question in flight before asking Postgres, taking no rate point', async () => {
      queue.inFlight.mockResolvedValueOnce('asking-job-000000001');
      expect(await launcher.launchAsk(question)).toEqual({ outcome: 'joined', jobId: 'asking-job-000000001', lostRace: false });
      expect(cache.durableAnswer).not.toHaveBeenCalled();
      expect(spend.admit).not.toHaveBeenCalled();
    });

    it('answers from Postgres only after the in-flight lookup', async () => {
      cache.durableAnswer.mockResolvedValueOnce('{"kind":"ask"}');
      expect(await launcher.launchAsk(question)).toEqual({ outcome: 'cached' });
      expect(queue.inFlight.mock.invocationCallOrder[0]).toBeLessThan(cache.durableAnswer.mock.invocationCallOrder[0]!);
      expect(spend.admit).not.toHaveBeenCalled();
    });

    it('admits, writes an ask row, then queues an ask-question job deduplicated by the ask key', async () => {
      const launched = await launcher.launchAsk(question);
      expect(launched.outcome).toBe('queued');
      expect(spend.admit.mock.calls[0] as unknown[]).toEqual([question]);
      expect(spend.admit.mock.invocationCallOrder[0]).toBeLessThan(jobs.create.mock.invocationCallOrder[0]!);
      expect(jobs.create.mock.invocationCallOrder[0]).toBeLessThan(queue.enqueue.mock.invocationCallOrder[0]!);
      const row = (jobs.create.mock.calls[0] as unknown as [{ id: string; kind: string; dedupKey: string; filters: object }])[0];
      expect(row).toMatchObject({ kind: 'ask', dedupKey: 'a'.repeat(64), filters: { sentiment: 'negative' } });
      const [name, payload, options] = queue.enqueue.mock.calls[0] as unknown as [string, object, object];
      expect(name).toBe(JOB_NAMES.ask);
      expect(payload).toEqual({
        jobId: row.id,
        userId: 'u1',
        projectId: 'p1',
        question: 'What breaks exports?',
        filters: { sentiment: 'negative' },
        feedbackGeneration: 4,
        cacheKey: 'a'.repeat(64),
      });
      expect(options).toEqual({ jobId: row.id, dedupId: 'a'.repeat(64) });
      expect(launched).toEqual({ outcome: 'queued', jobId: row.id });
      expect(sizer.classify).not.toHaveBeenCalled();
    });

    it('discards its row and gives the rate point back when it loses the dedup race', async () => {
      queue.enqueue.mockResolvedValueOnce('winner-ask-0000000001');
      expect(await launcher.launchAsk(question)).toEqual({ outcome: 'joined', jobId: 'winner-ask-0000000001', lostRace: true });
      const written = (jobs.create.mock.calls[0] as unknown as [{ id: string }])[0].id;
      expect(jobs.discard).toHaveBeenCalledWith(written);
      expect(spend.returnJobs).toHaveBeenCalledWith('u1');
    });

    it('writes no row when the spend policy refuses, and discards its row when the queue is down', async () => {
      const refusal = new SpendRefused('user_budget', 'spent', 60);
      spend.admit.mockRejectedValueOnce(refusal);
      expect(await launcher.launchAsk(question)).toEqual({ outcome: 'refused', refusal });
      expect(jobs.create).not.toHaveBeenCalled();
      queue.enqueue.mockRejectedValueOnce(new Error('redis down'));
      await expect(launcher.launchAsk(question)).rejects.toThrow('redis down');
      expect(jobs.discard).toHaveBeenCalledWith((jobs.create.mock.calls[0] as unknown as [{ id: string }])[0].id);
    });

    it('asks again whatever is stored when told to', async () => {
      cache.hotAnswer.mockResolvedValue('{"kind":"ask"}');
      expect((await launcher.launchAsk(question, { cache: 'none' })).outcome).toBe('queued');
      cache.hotAnswer.mockResolvedValue(undefined);
    });
  });
});
