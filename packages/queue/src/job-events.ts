import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { QueueEvents, type ConnectionOptions, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeQueueConnection, queueConnection } from './connection.js';
import { INSIGHTS_QUEUE, queuePrefix } from './names.js';
import { QUEUE_SETTINGS, type InsightsQueueSettings } from './settings.js';

/**
 * What a job did, as BullMQ wrote it to the queue's event stream in Redis: every API process
 * reads the same stream, so a client connected to any of them sees a job any worker runs.
 * `id` is the stream entry id (`<ms>-<seq>`), ordered, usable as an SSE event id.
 */
export type JobEvent =
  { id: string; jobId: string; type: 'progress'; data: unknown } | { id: string; jobId: string; type: 'settled'; event: 'completed' | 'failed' | 'removed' };

export type JobEventListener = (event: JobEvent) => void;

const SETTLING = new Set(['completed', 'failed', 'removed']);

/** Stream ids compare as (milliseconds, sequence) pairs, not as strings. */
export function compareEventIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am !== bm ? am - bm : as - bs;
}

export const isEventId = (value: string) => /^\d{1,15}-\d{1,10}$/.test(value);

function toJobEvent(id: string, fields: Record<string, string>): JobEvent | undefined {
  if (!fields.jobId) return undefined;
  if (fields.event === 'progress') {
    let data: unknown = fields.data;
    try {
      data = JSON.parse(fields.data);
    } catch {
      // A bare number or string progress stays as it came.
    }
    return { id, jobId: fields.jobId, type: 'progress', data };
  }
  if (SETTLING.has(fields.event)) return { id, jobId: fields.jobId, type: 'settled', event: fields.event as 'completed' };
  return undefined;
}

const pairsToFields = (pairs: string[]) => Object.fromEntries(pairs.flatMap((_, i) => (i % 2 ? [] : [[pairs[i], pairs[i + 1]]])));

/**
 * One blocking reader of the event stream per process (BullMQ's QueueEvents, started on the
 * first subscription), fanned out to the subscribers of each job; plus reads of the stream's
 * history so a reconnecting client gets what it missed.
 */
@Injectable()
export class JobEventsFeed implements OnModuleDestroy {
  private reader?: Promise<QueueEvents>;
  private readonly listeners = new Map<string, Set<JobEventListener>>();
  private readonly streamKey: string;
  private readonly connections: ReturnType<typeof queueConnection>[] = [];

  constructor(
    @InjectQueue(INSIGHTS_QUEUE) private readonly queue: Queue,
    @Inject(QUEUE_SETTINGS) private readonly settings: InsightsQueueSettings,
  ) {
    this.streamKey = queue.toKey('events');
  }

  async subscribe(jobId: string, listener: JobEventListener): Promise<() => void> {
    await this.start();
    const set = this.listeners.get(jobId) ?? new Set();
    set.add(listener);
    this.listeners.set(jobId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(jobId) === set) this.listeners.delete(jobId);
    };
  }

  /** The newest entry id in the stream now ('0-0' when it is empty). */
  async head(): Promise<string> {
    const [newest] = (await (await this.redis()).xrevrange(this.streamKey, '+', '-', 'COUNT', 1)) as [string, string[]][];
    return newest?.[0] ?? '0-0';
  }

  /**
   * The job's events after `afterId`, oldest first; undefined when the stream no longer reaches
   * back that far (BullMQ trims it) or more than `limit` entries would have to be read.
   */
  async since(jobId: string, afterId: string, limit = 5_000): Promise<JobEvent[] | undefined> {
    const redis = await this.redis();
    const [oldest] = (await redis.xrange(this.streamKey, '-', '+', 'COUNT', 1)) as [string, string[]][];
    if (oldest && compareEventIds(oldest[0], afterId) > 0) return undefined;
    const entries = (await redis.xrange(this.streamKey, `(${afterId}`, '+', 'COUNT', limit + 1)) as [string, string[]][];
    if (entries.length > limit) return undefined;
    return entries.map(([id, pairs]) => toJobEvent(id, pairsToFields(pairs))).filter((e): e is JobEvent => e?.jobId === jobId);
  }

  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  private start(): Promise<QueueEvents> {
    if (!this.reader) {
      this.reader = this.open();
      this.reader.catch(() => (this.reader = undefined));
    }
    return this.reader;
  }

  private async open(): Promise<QueueEvents> {
    const from = await this.head();
    // A reader of its own: XREAD BLOCK holds its connection, which must also ride out a Redis
    // restart instead of failing fast as the API's producer connection does. It starts at the
    // head read just now, so nothing between that read and its first XREAD is skipped.
    // On a cluster BullMQ reads through a duplicate of the instance it is given, so that one
    // need not connect (lazyConnect); it is closed with the reader all the same.
    const connection = queueConnection({ url: this.settings.redisUrl, clusterNodes: this.settings.clusterNodes }, 'worker', { lazyConnect: true });
    const reader = new QueueEvents(INSIGHTS_QUEUE, {
      connection: connection as ConnectionOptions,
      prefix: queuePrefix(this.settings.keyPrefix),
      lastEventId: from,
    });
    this.connections.push(connection);
    reader.on('error', () => undefined);
    reader.on('progress', ({ jobId, data }, id) => this.emit({ id, jobId, type: 'progress', data }));
    for (const event of ['completed', 'failed', 'removed'] as const) {
      reader.on(event, ({ jobId }: { jobId: string }, id: string) => this.emit({ id, jobId, type: 'settled', event }));
    }
    await reader.waitUntilReady();
    return reader;
  }

  private emit(event: JobEvent): void {
    for (const listener of this.listeners.get(event.jobId) ?? []) listener(event);
  }

  private async redis(): Promise<Redis> {
    return (await this.queue.getBackend().client) as unknown as Redis;
  }

  async onModuleDestroy(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    await (await reader?.catch(() => undefined))?.close();
    await Promise.all(this.connections.splice(0).map(closeQueueConnection));
  }
}
