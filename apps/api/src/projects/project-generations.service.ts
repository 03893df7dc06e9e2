import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { AppConfig } from '@insights/config';
import { ProjectChangeListener, ProjectsRepository } from '@insights/db';
import { APP_CONFIG } from '@insights/platform';
import { NotFoundError } from '../common/app-error.js';

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
 * generation older than the last committed write by more than the notice's delivery time.
 */
@Injectable()
export class ProjectGenerations implements OnModuleInit, OnApplicationShutdown {
  private readonly known = new LRUCache<string, Known>({ max: MAX_PROJECTS });
  private readonly listener: ProjectChangeListener;
  private listening = false;
  /** Moves on every notice: a lookup that started before one must not store what it read. */
  private epoch = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly projects: ProjectsRepository,
  ) {
    this.listener = new ProjectChangeListener(config.database.url, {
      changed: (projectId) => this.forget(projectId),
      reset: (listening) => {
        this.listening = listening;
        this.epoch++;
        this.known.clear();
      },
    });
  }

  onModuleInit(): void {
    this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  /** The caller's project's feedback generation; unknown ids and other users' ids are the same 404. */
  async generationOf(userId: string, projectId: string): Promise<number> {
    const known = this.known.get(projectId) ?? (await this.load(projectId));
    if (!known || known.userId !== userId) throw new NotFoundError('PROJECT_NOT_FOUND', `project ${projectId} not found`);
    return known.generation;
  }

  /** This process wrote to the project: its next read must not wait for the notice. */
  forget(projectId: string): void {
    this.epoch++;
    this.known.delete(projectId);
  }

  private async load(projectId: string): Promise<Known | undefined> {
    const epoch = this.epoch;
    const project = await this.projects.findById(projectId);
    if (!project) return undefined;
    const known = { userId: project.userId, generation: project.feedbackGeneration };
    if (this.listening && epoch === this.epoch) this.known.set(projectId, known);
    return known;
  }
}
