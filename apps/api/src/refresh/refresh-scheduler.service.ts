import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RedisClient } from '@insights/queue';
import type { AppConfig } from '@insights/config';
import { ProjectsRepository, type InsightsFilters } from '@insights/db';
import { SpendPolicy, SpendRefused } from '@insights/generation';
import { APP_CONFIG } from '@insights/platform';
import { InsightsQueue, JOB_NAMES } from '@insights/queue';
import { REDIS } from '../redis/redis.module.js';

/** At most this many recently read scopes of one project are refreshed. */
const MAX_SCOPES = 5;
/**
 * A process renews a scope's read mark at most this often: the window is hours long, and a
 * cached read (the hot path) should not pay a Redis write each time.
 */
const MARK_EVERY_MS = 60_000;
const MAX_REMEMBERED_MARKS = 10_000;

/**
 * Automatic regeneration: reads leave a mark per project and scope (filters) in Redis; new
 * feedback in a project with marks inside the read window schedules a debounced, low-priority
 * refresh of those scopes. A project nobody reads costs nothing.
 */
@Injectable()
export class RefreshScheduler {
  private readonly logger = new Logger(RefreshScheduler.name);
  private readonly settings: AppConfig['autoRefresh'];
  private readonly prefix: string;
  /** When this process last wrote each mark (project and filters), epoch ms. */
  private readonly marked = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly queue: InsightsQueue,
    private readonly projects: ProjectsRepository,
    private readonly spend: SpendPolicy,
  ) {
    this.settings = config.autoRefresh;
    this.prefix = `${config.redis.keyPrefix}:reads:`;
  }

  /** Someone read this project's insights for these filters (fire and forget: a read never waits). */
  noteRead(projectId: string | null, filters: InsightsFilters): void {
    if (!this.settings.enabled || !projectId) return;
    const key = this.prefix + projectId;
    const field = JSON.stringify(filters);
    const now = Date.now();
    const mark = `${projectId} ${field}`;
    if (now - (this.marked.get(mark) ?? 0) < Math.min(MARK_EVERY_MS, this.settings.readWindowMs / 2)) return;
    if (this.marked.size >= MAX_REMEMBERED_MARKS) this.marked.clear();
    this.marked.set(mark, now);
    this.redis
      .multi()
      .hset(key, field, now)
      .pexpire(key, this.settings.readWindowMs)
      .exec()
      .catch(() => undefined);
  }

  /** New feedback landed in this project: refresh the scopes read lately, if any. */
  async feedbackWritten(projectId: string): Promise<void> {
    if (!this.settings.enabled) return;
    try {
      const marks = await this.redis.hgetall(this.prefix + projectId);
      const since = Date.now() - this.settings.readWindowMs;
      const scopes = Object.entries(marks)
        .filter(([, at]) => Number(at) >= since)
        .sort((a, b) => Number(b[1]) - Number(a[1]))
        .slice(0, MAX_SCOPES)
        .map(([filters]) => JSON.parse(filters) as InsightsFilters);
      if (scopes.length === 0 || !(await this.affordable(projectId))) return;
      await this.queue.enqueue(JOB_NAMES.refresh, { projectId, scopes }, { debounceMs: this.settings.debounceMs, maxWaitMs: this.settings.maxWaitMs });
    } catch (error) {
      // The write itself succeeded; a refresh that could not be scheduled waits for the next read.
      this.logger.warn(`project ${projectId}: refresh not scheduled (${(error as Error).message})`);
    }
  }

  /**
   * Widget writes are public: a project (or its owner) whose daily budget is spent schedules
   * nothing, so they cannot keep queueing refreshes the worker would only refuse. The worker
   * asks the same policy again, with the job rate, before it queues a generation.
   */
  private async affordable(projectId: string): Promise<boolean> {
    const project = await this.projects.findById(projectId);
    if (!project) return false;
    try {
      await this.spend.checkBudgets({ userId: project.userId, projectId });
      return true;
    } catch (error) {
      if (error instanceof SpendRefused) return false;
      throw error;
    }
  }
}
