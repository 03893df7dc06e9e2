import { describe, expect, it, jest } from '@jest/globals';
import type { TwoTierInsightsCache } from '@insights/cache';
import type { ProjectPurge, ProjectPurgesRepository } from '@insights/db';
import type { InsightsQueue } from '@insights/queue';
import { ProjectPurger } from './project-purger.service.js';
import type { ProjectNotices } from './project-notices.service.js';

const PROJECT = '0b7c2f6e-3c1d-4d7a-9a51-2f6d5b8e9c10';

function purgerWith(recorded: ProjectPurge | undefined) {
  const unscheduled: string[] = [];
  const cancelled: string[] = [];
  const dropped: string[][] = [];
  const purges = {
    // The row lock: the recorded deletion is handed to the work when this process claims it;
    // when another process took it first, there is nothing left to claim.
    claim: async (_id: string, _limit: number, work: (purge: ProjectPurge) => Promise<void>) => {
      if (!recorded) return 0;
      await work(recorded);
      return 1;
    },
  } as unknown as ProjectPurgesRepository;
  const cache = { dropHot: async (keys: string[]) => void dropped.push(keys) } as unknown as TwoTierInsightsCache;
  const queue = {
    cancel: async (jobId: string) => void cancelled.push(jobId),
    unscheduleDigest: async (projectId: string) => void unscheduled.push(projectId),
  } as unknown as InsightsQueue;
  const notices = { subscribe: jest.fn() } as unknown as ProjectNotices;
  return { purger: new ProjectPurger(purges, cache, queue, notices), unscheduled, cancelled, dropped };
}

describe('ProjectPurger', () => {
  it('clears the cache entries, jobs and digest scheduler of a deletion it claims, once', async () => {
    const { purger, unscheduled, cancelled, dropped } = purgerWith({ projectId: PROJECT, cacheKeys: ['k1', 'k2'], jobIds: ['j1'] } as ProjectPurge);
    await purger.purge(PROJECT);
    expect(dropped).toEqual([['k1', 'k2']]);
    expect(cancelled).toEqual(['j1']);
    expect(unscheduled).toEqual([PROJECT]);
  });

  it('still removes the digest scheduler from its own queue when another process claimed the deletion', async () => {
    const { purger, unscheduled, cancelled, dropped } = purgerWith(undefined);
    await purger.purge(PROJECT);
    expect(unscheduled).toEqual([PROJECT]);
    expect(cancelled).toEqual([]);
    expect(dropped).toEqual([]);
  });
});
