import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '@insights/config';
import type { InsightsFilters } from '@insights/db';
import { APP_CONFIG } from '@insights/platform';
import { InsightsQueue } from '@insights/queue';
import { REDIS } from '../redis/redis.module.js';

/** At most this many recently read scopes of one project are refreshed. */
const MAX_SCOPES = 5;

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

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly queue: InsightsQueue,
  ) {
    this.settings = config.autoRefresh;
    this.prefix = `${config.redis.keyPrefix}:reads:`;
  }

  /** Someone read this project's insights for these filters (fire and forget: a read never waits). */
  noteRead(projectId: string | null, filters: InsightsFilters): void {
    if (!this.settings.enabled || !projectId) return;
    const key = this.prefix + projectId;
    this.redis
      .multi()
      .hset(key, JSON.stringify(filters), Date.now())
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
      if (scopes.length === 0) return;
      await this.queue.scheduleRefresh(projectId, scopes, this.settings);
    } catch (error) {
      // The write itself succeeded; a refresh that could not be scheduled waits for the next read.
      this.logger.warn(`project ${projectId}: refresh not scheduled (${(error as Error).message})`);
    }
  }
}
