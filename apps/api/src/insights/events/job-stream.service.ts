import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '@insights/config';
import { JobViewsRepository } from '@insights/db';
import { APP_CONFIG } from '@insights/platform';
import { compareEventIds, isEventId, JobEventsFeed, type JobEvent } from '@insights/queue';
import type { AuthUser } from '../../auth/auth-user.js';
import { NotFoundError } from '../../common/app-error.js';
import { WithMetaJson } from '../../common/with-meta.js';
import { InsightsJobsService } from '../insights-jobs.service.js';
import { SseConnection } from './sse-connection.js';
import { StreamSlotsService } from './stream-slots.service.js';

const FINAL = new Set(['completed', 'failed', 'cancelled', 'not_found']);
// BullMQ announces a finished job as it moves it; the worker may write the row a moment later.
const SETTLE_RECHECKS_MS = [100, 300, 1_000];
const RECONNECT_MS = 2_000;

/**
 * A job's live events for one client: a `progress` event at each step, then one final event
 * (`completed`, `failed` or `cancelled`, with the job as GET /insights/jobs/:jobId returns it)
 * and the end of the stream. Event ids are positions in the queue's event stream, so a client
 * that reconnects with Last-Event-ID gets what it missed, or the current state when the stream
 * no longer reaches back that far.
 */
@Injectable()
export class JobStreamService implements BeforeApplicationShutdown {
  private readonly heartbeatMs: number;
  private readonly open = new Set<SseConnection>();

  constructor(
    private readonly feed: JobEventsFeed,
    private readonly rows: JobViewsRepository,
    private readonly jobs: InsightsJobsService,
    private readonly slots: StreamSlotsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.heartbeatMs = config.events.heartbeatMs;
  }

  async stream(user: AuthUser, jobId: string, lastEventId: string | undefined, reply: FastifyReply): Promise<void> {
    if (!(await this.rows.findVisible(jobId, user.id))) {
      throw new NotFoundError('JOB_NOT_FOUND', `no job ${jobId} for this caller`);
    }
    const slot = await this.slots.acquire(user.id);
    let unsubscribe: () => void = () => undefined;
    try {
      const run = new JobRun(user.id, jobId, this.jobs);
      unsubscribe = await this.feed.subscribe(jobId, (event) => run.receive(event));
      const head = await this.feed.head();
      const missed = lastEventId && isEventId(lastEventId) ? await this.feed.since(jobId, lastEventId) : undefined;
      const connection = new SseConnection(reply, RECONNECT_MS);
      const heartbeat = setInterval(() => {
        connection.comment('heartbeat');
        void slot.renew().catch(() => undefined);
        // A final event lost to a Redis hiccup is noticed here at the latest.
        run.enqueue(async () => void (await run.settle(undefined)));
      }, this.heartbeatMs);
      this.open.add(connection);
      connection.onClose(() => {
        this.open.delete(connection);
        clearInterval(heartbeat);
        unsubscribe();
        void slot.release().catch(() => undefined);
      });
      run.start(connection, missed ? { replay: missed, after: lastEventId! } : { snapshotAt: head });
    } catch (error) {
      unsubscribe();
      await slot.release().catch(() => undefined);
      throw error;
    }
  }

  /** Open streams would hold the HTTP server's close; clients reconnect to another process. */
  beforeApplicationShutdown(): void {
    for (const connection of [...this.open]) connection.close();
  }

  get openCount(): number {
    return this.open.size;
  }
}

/** The events of one stream, written in order; events that arrive before it starts wait. */
class JobRun {
  private connection?: SseConnection;
  private lastId?: string;
  private readonly early: JobEvent[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly userId: string,
    private readonly jobId: string,
    private readonly jobs: InsightsJobsService,
  ) {}

  receive(event: JobEvent): void {
    if (!this.connection) this.early.push(event);
    else this.enqueue(() => this.handle(event));
  }

  start(connection: SseConnection, from: { replay: JobEvent[]; after: string } | { snapshotAt: string }): void {
    this.connection = connection;
    if ('replay' in from) {
      this.lastId = from.after;
      for (const event of from.replay) this.enqueue(() => this.handle(event));
    } else {
      this.enqueue(() => this.snapshot(from.snapshotAt));
    }
    for (const event of this.early.splice(0)) this.enqueue(() => this.handle(event));
  }

  enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch(() => this.connection?.close());
  }

  private async handle(event: JobEvent): Promise<void> {
    if (!this.connection?.isOpen) return;
    if (this.lastId && compareEventIds(event.id, this.lastId) <= 0) return;
    if (event.type === 'progress') {
      this.lastId = event.id;
      this.connection.send('progress', JSON.stringify({ jobId: this.jobId, status: 'processing', ...(event.data as object) }), event.id);
      return;
    }
    for (const delay of [0, ...SETTLE_RECHECKS_MS]) {
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      if (await this.settle(event.id)) return;
    }
  }

  private async snapshot(headId: string): Promise<void> {
    if (await this.settle(headId)) return;
    const job = (await this.jobs.get(this.userId, this.jobId)) as { status: string; progressDetail: object };
    this.lastId = headId;
    this.connection?.send('progress', JSON.stringify({ jobId: this.jobId, status: job.status, ...job.progressDetail }), headId);
  }

  /**
   * Sends the final event and ends the stream when the job's row says it is over. Found by a
   * heartbeat's check rather than by an event of the stream, it carries no id: the last progress
   * event's id names another event.
   */
  async settle(id: string | undefined): Promise<boolean> {
    if (!this.connection?.isOpen) return true;
    const job = await this.jobs.get(this.userId, this.jobId);
    const json = job instanceof WithMetaJson ? job.dataJson : JSON.stringify(job);
    const status = job instanceof WithMetaJson ? 'completed' : job.status;
    if (!FINAL.has(status)) return false;
    this.connection.send(status, json, id);
    this.connection.close();
    return true;
  }
}
