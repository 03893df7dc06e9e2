import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '@insights/config';
import type { Project, ProjectChangeEvents, ProjectsRepository } from '@insights/db';
import { ProjectGenerations } from './project-generations.service.js';
import type { ProjectNotices } from './project-notices.service.js';

const ID = '0f5e8c1a-3b2d-4c6e-9a7b-1d2e3f4a5b6c';
const TTL_MS = 100;

/** A memo over a counted repository and notices the test sends by hand. */
function setUp(listening = true) {
  const lookups: string[] = [];
  const project = { userId: 'owner', feedbackGeneration: 1 };
  const repo = {
    findById: async (id: string) => {
      lookups.push(id);
      return project as Project;
    },
  } as unknown as ProjectsRepository;
  let events: Partial<ProjectChangeEvents> = {};
  const notices = {
    listening,
    subscribe: (e: Partial<ProjectChangeEvents>) => (events = e),
  } as unknown as ProjectNotices;
  const memo = new ProjectGenerations({ auth: { memoTtlMs: TTL_MS } } as AppConfig, repo, notices);
  return { memo, lookups, project, notices: notices as { listening: boolean }, send: () => events };
}

describe('ProjectGenerations', () => {
  it('asks Postgres once per project while notices are heard, whatever the spelling of the id', async () => {
    const { memo, lookups } = setUp();
    expect(await memo.generationOf('owner', ID.toUpperCase())).toBe(1);
    expect(await memo.generationOf('owner', ID)).toBe(1);
    expect(await memo.generationOf('owner', ` ${ID.slice(0, 8).toUpperCase()}${ID.slice(8)} `)).toBe(1);
    expect(lookups).toEqual([ID]);
  });

  it('drops a project on its notice, which carries the lower-case id, even when it was read in upper case', async () => {
    const { memo, lookups, project, send } = setUp();
    await memo.generationOf('owner', ID.toUpperCase());
    project.feedbackGeneration = 2;
    send().changed!(ID);
    expect(await memo.generationOf('owner', ID.toUpperCase())).toBe(2);
    project.userId = 'someone else';
    send().deleted!(ID);
    await expect(memo.generationOf('owner', ID)).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    expect(lookups).toHaveLength(3);
  });

  it('asks Postgres every time while notices are not heard', async () => {
    const { memo, lookups, notices } = setUp(false);
    await memo.generationOf('owner', ID);
    await memo.generationOf('owner', ID);
    notices.listening = true;
    await memo.generationOf('owner', ID);
    await memo.generationOf('owner', ID);
    expect(lookups).toHaveLength(3);
  });

  it('forgets an entry after the TTL even when no notice came', async () => {
    const { memo, lookups, project } = setUp();
    await memo.generationOf('owner', ID);
    project.userId = 'new owner';
    await expect(memo.generationOf('owner', ID)).resolves.toBe(1);
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 50));
    await expect(memo.generationOf('owner', ID)).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    expect(lookups).toHaveLength(2);
  });
});
