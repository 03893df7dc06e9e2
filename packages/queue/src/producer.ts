import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { INSIGHTS_QUEUE, queuePrefix, type JobName } from './names.js';
import { JOB_PAYLOADS, type JobPayloads } from './payloads.js';
import { generateJobOptions } from './options.js';
import { cancelChannel } from './cancel.js';

export type JobState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'completed' | 'failed' | 'waiting-children' | 'unknown';

/**
 * What the API may do to the queue: add type-checked jobs, look them up, remove waiting ones
 * and ask workers to stop active ones. It never processes anything.
 */
export class InsightsProducer {
  readonly queue: Queue;

  constructor(
    private readonly connection: Redis,
    readonly keyPrefix: string,
    /** Close the connection with the producer (it was made for it alone). */
    private readonly ownsConnection = false,
  ) {
    this.queue = new Queue(INSIGHTS_QUEUE, { connection, prefix: queuePrefix(keyPrefix) });
    this.queue.on('error', () => undefined);
  }

  /**
   * Adds a job unless an identical one (same dedup id) is in flight; returns the id of the job
   * that will do the work, which is the existing one after deduplication.
   */
  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    identity: { jobId: string; dedupId: string; trigger: 'interactive' | 'background' },
  ): Promise<string> {
    const data = JOB_PAYLOADS[name].parse(payload);
    const job = await this.queue.add(name, data, generateJobOptions(identity.jobId, identity.dedupId, identity.trigger));
    return job.id!;
  }

  inFlight(dedupId: string): Promise<string | null> {
    return this.queue.getDeduplicationJobId(dedupId);
  }

  async state(jobId: string): Promise<JobState> {
    return (await this.queue.getJobState(jobId)) as JobState;
  }

  /** Removes a job that has not started; false when it is active (or already gone). */
  async removeIfWaiting(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return false;
    // remove() throws if a worker locked the job in the meantime: then it is active.
    return job.remove().then(
      () => true,
      () => false,
    );
  }

  /** Frees the dedup id if this job still holds it, so the next identical request starts afresh. */
  async releaseDedup(jobId: string): Promise<void> {
    const job = await this.queue.getJob(jobId);
    await job?.removeDeduplicationKey();
  }

  /** Tells every worker to abort the job if it is running it. */
  async requestCancel(jobId: string): Promise<void> {
    await this.connection.publish(cancelChannel(this.keyPrefix), jobId);
  }

  /** Runs `listener` whenever the connection becomes ready, after a reconnect included. */
  onReady(listener: () => void): void {
    this.connection.on('ready', listener);
  }

  async close(): Promise<void> {
    await this.queue.close();
    if (this.ownsConnection) this.connection.disconnect();
  }
}
