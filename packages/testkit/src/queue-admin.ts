import { Queue, type ConnectionOptions } from 'bullmq';
import {
  BULL_QUEUE_TOKEN,
  closeQueueConnection,
  INSIGHTS_QUEUE,
  queueConnection,
  queuePrefix,
  type InsightsQueueSettings,
  type JobName,
} from '@insights/queue';

/** A Nest application or testing module: anything that resolves providers. */
interface ProviderSource {
  get(token: string, options: { strict: boolean }): unknown;
}

/** A finished job with BullMQ's own timings. */
export interface FinishedJob {
  id: string;
  processedOn?: number;
  finishedOn?: number;
}

/**
 * What tests and benchmarks do to the insights queue and the apps never do: stop and empty it,
 * drop a job as if Redis had lost it, and look at what is running or done.
 */
export class QueueAdmin {
  private constructor(
    private readonly queue: Queue,
    private readonly release: () => Promise<void>,
  ) {}

  /** On a connection of its own, which `close()` closes. */
  static open(settings: InsightsQueueSettings): QueueAdmin {
    const connection = queueConnection({ url: settings.redisUrl, clusterNodes: settings.clusterNodes }, settings.role);
    const queue = new Queue(INSIGHTS_QUEUE, { connection: connection as ConnectionOptions, prefix: queuePrefix(settings.keyPrefix) });
    queue.on('error', () => undefined);
    return new QueueAdmin(queue, async () => {
      await queue.close().catch(() => undefined);
      await closeQueueConnection(connection);
    });
  }

  /** The queue of a running Nest application, which closes it itself. */
  static of(app: ProviderSource): QueueAdmin {
    return new QueueAdmin(app.get(BULL_QUEUE_TOKEN, { strict: false }) as Queue, () => Promise.resolve());
  }

  /** Stops handing out jobs to every worker; `resume` is the reverse. */
  pause(): Promise<void> {
    return this.queue.pause();
  }

  resume(): Promise<void> {
    return this.queue.resume();
  }

  /** Empties the queue, schedules included. */
  obliterate(): Promise<void> {
    return this.queue.obliterate({ force: true });
  }

  /** Removes a job and its dedup key as if Redis had lost them (fault drills). */
  async forget(jobId: string, dedupId?: string): Promise<void> {
    await (await this.queue.getJob(jobId))?.remove();
    if (dedupId) await this.queue.removeDeduplicationKey(dedupId);
  }

  /** Completed jobs of a name still kept in Redis. */
  async completed(name: string): Promise<FinishedJob[]> {
    const jobs = await this.queue.getJobs(['completed'], 0, -1);
    return jobs.filter((job) => job.name === name).map((job) => ({ id: job.id!, processedOn: job.processedOn, finishedOn: job.finishedOn }));
  }

  /** Ids of the jobs of a name being processed right now. */
  async activeIds(name: JobName): Promise<string[]> {
    return (await this.queue.getActive()).filter((job) => job.name === name).map((job) => job.id!);
  }

  /** The queue's job schedulers as BullMQ lists them: id, job name, cron pattern or interval. */
  async schedulers(): Promise<{ id: string; name: string; pattern?: string | null; every?: number | null; tz?: string | null }[]> {
    const schedulers = await this.queue.getJobSchedulers(0, -1);
    return schedulers.map((s) => ({ id: s.key, name: s.name, pattern: s.pattern, every: s.every, tz: s.tz }));
  }

  scheduleCount(): Promise<number> {
    return this.queue.getJobSchedulersCount();
  }

  close(): Promise<void> {
    return this.release();
  }
}
