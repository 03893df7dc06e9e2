import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { AppConfig } from '@insights/config';
import { ProjectsRepository } from '@insights/db';
import { APP_CONFIG } from '@insights/platform';
import { NotFoundError } from '../common/app-error.js';
import { normalizeId } from '../common/normalize-id.js';
import { ProjectNotices } from './project-notices.service.js';

interface Known {
  userId: string;
  generation: number;
}

/** Bounds memory; a project that falls out costs one query on its next read. */
const MAX_PROJECTS = 50_000;

/**
 * Each project's owner and feedback generation, kept in memory so that a cached read checks
 * ownership and freshness without a database round trip. Entries are dropped when Postgres
 * notifies a change of the project row (every feedback write moves the generation; see migration
 * 0003), and nothing is kept while that notice channel is down, so a reader never sees a
 * generation older than the last committed write by more than the notice's delivery time. An
 * entry also lasts at most AUTH_MEMO_TTL_MS, in case a notice is lost on a connection that
 * looks alive. Keys are the id in its one spelling (lower case), as the notices carry it.
 */
@Injectable()
export class ProjectGenerations {
  private readonly known: LRUCache<string, Known>;
  /** Moves on every notice: a lookup that started before one must not store what it read. */
  private epoch = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly projects: ProjectsRepository,
    private readonly notices: ProjectNotices,
  ) {
    this.known = new LRUCache<string, Known>({ max: MAX_PROJECTS, ttl: config.auth.memoTtlMs });
    notices.subscribe({
      changed: (projectId) => this.forget(projectId),
      deleted: (projectId) => this.forget(projectId),
      reset: () => {
        this.epoch++;
        this.known.clear();
      },
    });
  }

  /** The caller's project's feedback generation; unknown ids and other users' ids are the same 404. */
  async generationOf(userId: string, projectId: string): Promise<number> {
    const id = normalizeId(projectId);
    const known = this.known.get(id) ?? (await this.load(id));
    if (!known || known.userId !== userId) throw new NotFoundError('PROJECT_NOT_FOUND', `project ${projectId} not found`);
    return known.generation;
  }

  /** This process wrote to the project: its next read must not wait for the notice. */
  forget(projectId: string): void {
    this.epoch++;
    this.known.delete(normalizeId(projectId));
  }

  private async load(projectId: string): Promise<Known | undefined> {
    const epoch = this.epoch;
    const project = await this.projects.findById(projectId);
    if (!project) return undefined;
    const known = { userId: project.userId, generation: project.feedbackGeneration };
    if (this.notices.listening && epoch === this.epoch) this.known.set(projectId, known);
    return known;
  }
}
