import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import { ProjectChangeListener, type ProjectChangeEvents } from '@insights/db';
import { APP_CONFIG } from '@insights/platform';
import { normalizeId } from '../common/normalize-id.js';

/**
 * This process's one LISTEN connection for project notices (migrations 0003 and 0007), shared
 * by what is built on them: the owner/generation memo, the purge of deleted projects, readiness,
 * the completed jobs' answers held in memory (dropped when the project's taxonomy changes).
 * Ids are handed on in their one spelling, whatever the trigger sent.
 */
@Injectable()
export class ProjectNotices implements OnModuleInit, OnApplicationShutdown {
  private readonly subscribers: Partial<ProjectChangeEvents>[] = [];
  private readonly listener: ProjectChangeListener;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.listener = new ProjectChangeListener(config.database.url, {
      changed: (projectId) => this.subscribers.forEach((s) => s.changed?.(normalizeId(projectId))),
      deleted: (projectId) => this.subscribers.forEach((s) => s.deleted?.(normalizeId(projectId))),
      taxonomy: (projectId) => this.subscribers.forEach((s) => s.taxonomy?.(normalizeId(projectId))),
      reset: (listening) => this.subscribers.forEach((s) => s.reset?.(listening)),
    });
  }

  /** False while the connection is down or being re-established: notices may be missed. */
  get listening(): boolean {
    return this.listener.listening;
  }

  subscribe(events: Partial<ProjectChangeEvents>): void {
    this.subscribers.push(events);
  }

  onModuleInit(): void {
    this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }
}
