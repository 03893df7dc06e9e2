import 'reflect-metadata';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { TwoTierInsightsCache } from '@insights/cache';
import { InsightsJobsRepository } from '@insights/db';
import { JobLauncher, JobSizer, SpendPolicy, SpendRefused, type LaunchScope } from '@insights/generation';
import { InsightsQueue, JOB_NAMES } from '@insights/queue';
import { InlineQueue } from '@insights/testkit';
import { jobLauncherProvider } from './generation.module.js';

const userId = '7f1c1c64-5a4e-4d0e-9d55-0c1a4c1f0a01';
const scope: LaunchScope = {
  userId,
  projectId: '0b6f6d1e-4d2a-4c59-8f0e-2f4b1a9d3c11',
  filters: {},
  generation: 3,
  cacheKey: 'c'.repeat(64),
  scopeKey: 's'.repeat(64),
};

/**
 * The launch sequence end to end through an in-memory queue that deduplicates as BullMQ does:
 * the rows, the cache and the spend policy are mocks through Nest, the queue is real enough to
 * hold jobs, answer who holds a dedup id and run a job to its end.
 */
describe('JobLauncher through the inline queue', () => {
  let launcher: JobLauncher;
  let queue: InlineQueue;
  const cache = {
    hotBody: jest.fn(async (_key: string): Promise<unknown> => undefined),
    durableBody: jest.fn(async (_key: string): Promise<unknown> => undefined),
    freshBody: jest.fn(async (_key: string): Promise<unknown> => undefined),
  };
  const jobs = {
    openFor: jest.fn(async (_key: string): Promise<string | null> => null),
    create: jest.fn(async (_row: { id: string }): Promise<void> => undefined),
    discard: jest.fn(async (_id: string): Promise<void> => undefined),
  };
  const spend = {
    admit: jest.fn(async (_scope: LaunchScope): Promise<void> => undefined),
    checkBudgets: jest.fn(async (_scope: LaunchScope): Promise<void> => undefined),
    takeJobs: jest.fn(async (_userId: string, _jobs: number): Promise<void> => undefined),
    returnJobs: jest.fn(async (_userId: string): Promise<void> => undefined),
  };
  const sizer = { classify: jest.fn(async (): Promise<string> => 'small') };

  beforeEach(async () => {
    for (const mock of [cache, jobs, spend, sizer].flatMap((m) => Object.values(m))) mock.mockReset();
    cache.hotBody.mockResolvedValue(undefined);
    cache.durableBody.mockResolvedValue(undefined);
    cache.freshBody.mockResolvedValue(undefined);
    jobs.openFor.mockResolvedValue(null);
    jobs.create.mockResolvedValue(undefined);
    jobs.discard.mockResolvedValue(undefined);
    for (const verb of Object.values(spend)) verb.mockResolvedValue(undefined);
    sizer.classify.mockResolvedValue('small');
    queue = new InlineQueue();
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

  const rowIds = () => jobs.create.mock.calls.map(([row]) => row.id);

  it('answers a cached scope with no row and no job', async () => {
    cache.hotBody.mockResolvedValueOnce('{"themes":[]}');
    expect(await launcher.launch(scope, 'interactive')).toEqual({ outcome: 'cached' });
    expect(jobs.create).not.toHaveBeenCalled();
    expect(queue.jobs()).toHaveLength(0);
  });

  it('queues one job under the id of the row it wrote', async () => {
    const launched = await launcher.launch(scope, 'interactive');
    expect(launched.outcome).toBe('queued');
    expect(rowIds()).toHaveLength(1);
    expect(queue.jobs().map((job) => job.id)).toEqual(rowIds());
    expect(spend.admit).toHaveBeenCalledTimes(1);
  });

  it('joins the first job with a second identical launch: one row, one job, one rate point', async () => {
    const first = await launcher.launch(scope, 'interactive');
    const second = await launcher.launch(scope, 'interactive');
    expect(second).toEqual({ outcome: 'joined', jobId: (first as { jobId: string }).jobId, lostRace: false });
    expect(jobs.create).toHaveBeenCalledTimes(1);
    expect(spend.admit).toHaveBeenCalledTimes(1);
    expect(queue.jobs()).toHaveLength(1);
  });

  it('starts afresh once the job holding the dedup id has finished', async () => {
    queue.handle(JOB_NAMES.generate, async () => undefined);
    await launcher.launch(scope, 'interactive');
    expect(await queue.drain()).toBe(1);
    expect((await launcher.launch(scope, 'interactive')).outcome).toBe('queued');
    expect(jobs.create).toHaveBeenCalledTimes(2);
  });

  it('writes no row and queues nothing when the spend policy refuses', async () => {
    const refusal = new SpendRefused('job_rate', 'too many', 7);
    spend.admit.mockRejectedValueOnce(refusal);
    expect(await launcher.launch(scope, 'interactive')).toEqual({ outcome: 'refused', refusal });
    expect(jobs.create).not.toHaveBeenCalled();
    expect(queue.jobs()).toHaveLength(0);
  });

  it('discards the row of the launch that loses the race and gives its rate point back', async () => {
    // Both look the scope up before either has queued: the queue's dedup id decides.
    const outcomes = await Promise.all([launcher.launch(scope, 'interactive'), launcher.launch(scope, 'interactive')]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['joined', 'queued']);
    expect(jobs.create).toHaveBeenCalledTimes(2);
    expect(queue.jobs()).toHaveLength(1);
    const [held] = queue.jobs();
    expect(outcomes.find((o) => o.outcome === 'joined')).toEqual({ outcome: 'joined', jobId: held!.id, lostRace: true });
    expect(jobs.discard.mock.calls).toEqual([[rowIds().find((id) => id !== held!.id)]]);
    expect(spend.returnJobs).toHaveBeenCalledTimes(1);
  });

  it('joins a batch child the queue still holds, found through its open row', async () => {
    const entries = await launcher.launchBatch({ batchId: 'b'.repeat(16), userId, filters: {} }, [scope], async () => 'cached');
    const childId = entries[0]!.jobId!;
    expect(queue.jobs().map((job) => job.name)).toEqual([JOB_NAMES.batch, JOB_NAMES.generate]);
    jobs.openFor.mockResolvedValue(childId);
    expect(await launcher.launch(scope, 'background', { cache: 'fresh' })).toEqual({ outcome: 'joined', jobId: childId, lostRace: false });
    expect(jobs.create).toHaveBeenCalledTimes(1);
  });

  it('starts a new job when the open row names a batch child the queue has finished', async () => {
    queue.handle(JOB_NAMES.generate, async () => undefined);
    const entries = await launcher.launchBatch({ batchId: 'b'.repeat(16), userId, filters: {} }, [scope], async () => 'cached');
    await queue.drain();
    jobs.openFor.mockResolvedValue(entries[0]!.jobId);
    expect((await launcher.launch(scope, 'background', { cache: 'fresh' })).outcome).toBe('queued');
    expect(jobs.create).toHaveBeenCalledTimes(2);
  });

  it('turns a burst of feedback writes into one delayed assignment job, paying no job-rate point, and a read joins it', async () => {
    const projectId = scope.projectId!;
    const first = await launcher.launchAssignment(projectId);
    const second = await launcher.launchAssignment(projectId);
    const joined = await launcher.launchAssignment(projectId, { unlessPending: true });
    const assignments = queue.jobs(JOB_NAMES.assignFeedback);
    expect(assignments).toHaveLength(1);
    expect(assignments[0]).toMatchObject({ id: second, state: 'delayed', data: { projectId } });
    expect(first).not.toBe(second);
    expect(joined).toBe(second);
    expect(spend.takeJobs).not.toHaveBeenCalled();
    expect(spend.admit).not.toHaveBeenCalled();
  });
});
