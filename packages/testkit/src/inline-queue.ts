import {
  askJobOptions,
  batchChildOptions,
  batchJobOptions,
  generateJobOptions,
  InsightsQueue,
  JOB_NAMES,
  JOB_PAYLOADS,
  notifyJobOptions,
  refreshJobOptions,
  assignJobOptions,
  themeAlertJobId,
  themeAlertJobOptions,
  type BatchInsightsPayload,
  type CancelOutcome,
  type DigestSchedule,
  type EnqueuedJobName,
  type EnqueueOptions,
  type EnqueuePayloads,
  type JobName,
  type JobSize,
  type JobState,
  type QueuedJob,
} from '@insights/queue';

/** The options of a job that the inline queue honours: those BullMQ's retries and order read. */
export interface InlineJobOptions {
  attempts?: number;
  backoff?: { type: string; delay?: number; jitter?: number } | number;
  priority?: number;
  ignoreDependencyOnFailure?: boolean;
}

/**
 * A job as a processor sees it: the fields of BullMQ's `Job` the insights processor reads, so a
 * test hands it over (`job as unknown as Job`) to the same code a worker runs.
 */
export interface InlineJob {
  readonly id: string;
  readonly name: JobName;
  readonly data: unknown;
  readonly opts: InlineJobOptions;
  readonly timestamp: number;
  attemptsMade: number;
  failedReason?: string;
  /** Moving a job back is immediate here: it waits again, its attempts unspent. */
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

/** Runs one attempt of a job; throwing is a failed attempt, as in a BullMQ processor. */
export type InlineHandler = (job: InlineJob, signal: AbortSignal) => Promise<unknown>;

interface Entry {
  job: InlineJob;
  state: JobState;
  dedupId?: string;
  /** A batch parent's children still running or waiting. */
  pendingChildren: Set<string>;
  parentId?: string;
  /** The backoff BullMQ would have waited before each retry; the inline queue does not wait. */
  backoffs: number[];
  controller?: AbortController;
  seq: number;
}

// BullMQ's own error names: these move a job back without failing it, or fail it at once.
const MOVED_BACK = new Set(['bullmq:movedToDelayed', 'bullmq:rateLimitExceeded', 'DelayedError', 'RateLimitError']);
const UNRECOVERABLE = 'UnrecoverableError';
// A processor that keeps moving a job back would spin forever without BullMQ's real delays.
const MAX_MOVES_BACK = 100;

/**
 * `InsightsQueue` in memory, for unit tests without Redis. Jobs get the options the queue
 * config gives them (`queue.config.ts`): a generation's dedup id makes an identical request
 * join the job holding it, a failure notification is queued once per failed job, a refresh
 * replaces the one pending for its project. `drain()` runs the waiting jobs whose name has a
 * handler, in priority order, with the retries BullMQ would make: a thrown error costs an
 * attempt and is retried until the job's attempts are spent, an `UnrecoverableError` fails it at
 * once; backoff delays are recorded, not waited. `cancel` removes a waiting job or aborts the
 * signal of a running one with `cancelled`, as a worker's `cancelJob` does.
 */
export class InlineQueue extends InsightsQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly dedup = new Map<string, string>();
  private readonly handlers = new Map<JobName, InlineHandler>();
  private seq = 0;

  /** Registers the handler that runs jobs named `name`; jobs without one just wait. */
  handle(name: JobName, handler: InlineHandler): this {
    this.handlers.set(name, handler);
    return this;
  }

  async enqueue<N extends EnqueuedJobName>(name: N, payload: EnqueuePayloads[N], options: EnqueueOptions[N]): Promise<string> {
    if (name === JOB_NAMES.generate) {
      const { jobId, dedupId, trigger } = options as EnqueueOptions[typeof JOB_NAMES.generate];
      const holder = this.holderOf(dedupId);
      if (holder) return holder;
      const { size, data } = withoutSize(JOB_PAYLOADS[JOB_NAMES.generate].parse(payload));
      this.add(jobId, JOB_NAMES.generate, data, generateJobOptions(jobId, dedupId, trigger, size), dedupId);
      return jobId;
    }
    if (name === JOB_NAMES.batch) {
      const batch = JOB_PAYLOADS[JOB_NAMES.batch].parse(payload);
      const { children } = options as EnqueueOptions[typeof JOB_NAMES.batch];
      const parent = this.add(batch.batchId, JOB_NAMES.batch, batch, batchJobOptions(batch.batchId));
      for (const child of children) {
        const { size, data } = withoutSize(JOB_PAYLOADS[JOB_NAMES.generate].parse(child.payload));
        this.add(child.payload.jobId, JOB_NAMES.generate, data, batchChildOptions(child.payload.jobId, size)).parentId = batch.batchId;
        parent.pendingChildren.add(child.payload.jobId);
      }
      if (parent.pendingChildren.size > 0) parent.state = 'waiting-children';
      return batch.batchId;
    }
    if (name === JOB_NAMES.notifyFailure) {
      const data = JOB_PAYLOADS[JOB_NAMES.notifyFailure].parse(payload);
      const id = `notify-${data.jobId}`;
      if (!this.entries.has(id))
        this.add(id, JOB_NAMES.notifyFailure, data, notifyJobOptions(data.jobId, (options as EnqueueOptions[typeof JOB_NAMES.notifyFailure]).retryDelayMs));
      return id;
    }
    if (name === JOB_NAMES.assignFeedback) {
      const { projectId } = payload as EnqueuePayloads[typeof JOB_NAMES.assignFeedback];
      const jobOptions = assignJobOptions(projectId, (options as EnqueueOptions[typeof JOB_NAMES.assignFeedback]).debounceMs);
      return this.debounced(JOB_NAMES.assignFeedback, jobOptions, 'assign', (firstRequestedAt) =>
        JOB_PAYLOADS[JOB_NAMES.assignFeedback].parse({ projectId, firstRequestedAt }),
      );
    }
    if (name === JOB_NAMES.ask) {
      const { jobId, dedupId } = options as EnqueueOptions[typeof JOB_NAMES.ask];
      const holder = this.holderOf(dedupId);
      if (holder) return holder;
      this.add(jobId, JOB_NAMES.ask, JOB_PAYLOADS[JOB_NAMES.ask].parse(payload), askJobOptions(jobId, dedupId), dedupId);
      return jobId;
    }
    if (name === JOB_NAMES.themeAlert) {
      const data = JOB_PAYLOADS[JOB_NAMES.themeAlert].parse(payload);
      const id = themeAlertJobId(data);
      if (!this.entries.has(id))
        this.add(id, JOB_NAMES.themeAlert, data, themeAlertJobOptions(id, (options as EnqueueOptions[typeof JOB_NAMES.themeAlert]).retryDelayMs));
      return id;
    }
    const { projectId, scopes } = payload as EnqueuePayloads[typeof JOB_NAMES.refresh];
    const jobOptions = refreshJobOptions(projectId, (options as EnqueueOptions[typeof JOB_NAMES.refresh]).debounceMs);
    return this.debounced(JOB_NAMES.refresh, jobOptions, 'refresh', (firstRequestedAt) =>
      JOB_PAYLOADS[JOB_NAMES.refresh].parse({ projectId, scopes, firstRequestedAt }),
    );
  }

  /**
   * Debounce, as BullMQ's deduplication with ttl, extend and replace: a newer request replaces the
   * pending delayed job, keeping when its window opened; a job already running is joined.
   */
  private debounced(
    name: typeof JOB_NAMES.refresh | typeof JOB_NAMES.assignFeedback,
    jobOptions: InlineJobOptions & { deduplication?: { id: string } },
    idPrefix: string,
    payload: (firstRequestedAt: number) => { firstRequestedAt: number },
  ): string {
    const dedupId = jobOptions.deduplication!.id;
    const pending = this.holderOf(dedupId);
    const pendingEntry = pending ? this.entries.get(pending) : undefined;
    let firstRequestedAt = Date.now();
    if (pendingEntry?.state === 'delayed') {
      firstRequestedAt = (pendingEntry.job.data as { firstRequestedAt: number }).firstRequestedAt;
      this.entries.delete(pending!);
    } else if (pending) {
      return pending;
    }
    const id = `${idPrefix}-${++this.seq}`;
    this.add(id, name, payload(firstRequestedAt), jobOptions, dedupId).state = 'delayed';
    return id;
  }

  /** Digest schedulers by project: kept, not run (a test runs a digest through its handler). */
  readonly digestSchedules = new Map<string, string>();

  async scheduleDigest(projectId: string, pattern: string): Promise<void> {
    this.digestSchedules.set(projectId, pattern);
  }

  async unscheduleDigest(projectId: string): Promise<boolean> {
    return this.digestSchedules.delete(projectId);
  }

  async digestSchedule(projectId: string): Promise<DigestSchedule | undefined> {
    const pattern = this.digestSchedules.get(projectId);
    return pattern ? { pattern, next: null } : undefined;
  }

  async findBatch(batchId: string): Promise<BatchInsightsPayload | undefined> {
    const entry = this.entries.get(batchId);
    return entry?.job.name === JOB_NAMES.batch ? (entry.job.data as BatchInsightsPayload) : undefined;
  }

  async inFlight(dedupId: string): Promise<string | null> {
    return this.holderOf(dedupId) ?? null;
  }

  async state(jobId: string): Promise<JobState> {
    return this.entries.get(jobId)?.state ?? 'unknown';
  }

  async find(jobId: string): Promise<QueuedJob | undefined> {
    const entry = this.entries.get(jobId);
    if (!entry) return undefined;
    const { id, name, attemptsMade, failedReason } = entry.job;
    return { id, name, state: entry.state, attemptsMade, failedReason };
  }

  async cancel(jobId: string): Promise<CancelOutcome> {
    const entry = this.entries.get(jobId);
    if (entry && isWaiting(entry.state)) {
      this.entries.delete(jobId);
      this.release(entry);
      return 'removed';
    }
    if (entry?.state === 'active') entry.controller?.abort('cancelled');
    if (entry) this.release(entry);
    return 'signalled';
  }

  /** Every job the queue holds, in the order they were added (what a test counts). */
  jobs(name?: JobName): (QueuedJob & { data: unknown; backoffs: number[] })[] {
    return [...this.entries.values()]
      .filter((entry) => !name || entry.job.name === name)
      .sort((a, b) => a.seq - b.seq)
      .map((entry) => ({
        id: entry.job.id,
        name: entry.job.name,
        state: entry.state,
        attemptsMade: entry.job.attemptsMade,
        failedReason: entry.job.failedReason,
        data: entry.job.data,
        backoffs: [...entry.backoffs],
      }));
  }

  /**
   * Runs jobs until none with a handler is left waiting, one at a time, each attempt to its end:
   * what a worker of concurrency 1 does, without the delays. Returns how many attempts ran.
   */
  async drain(): Promise<number> {
    let attempts = 0;
    for (let entry = this.next(); entry; entry = this.next()) {
      attempts++;
      await this.attempt(entry);
    }
    return attempts;
  }

  private async attempt(entry: Entry): Promise<void> {
    const handler = this.handlers.get(entry.job.name)!;
    const controller = new AbortController();
    entry.state = 'active';
    entry.controller = controller;
    try {
      await handler(entry.job, controller.signal);
      entry.job.attemptsMade++;
      this.finish(entry, 'completed');
    } catch (error) {
      const name = (error as Error | undefined)?.name ?? '';
      if (MOVED_BACK.has(name)) {
        // Moved back by the processor (a rate limit, no large slot): no attempt spent.
        if (entry.backoffs.length >= MAX_MOVES_BACK) throw new Error(`job ${entry.job.id} was moved back ${MAX_MOVES_BACK} times`);
        entry.backoffs.push(0);
        entry.state = waitingState(entry.job.opts);
        return;
      }
      entry.job.attemptsMade++;
      entry.job.failedReason = error instanceof Error ? error.message : String(error);
      const attempts = entry.job.opts.attempts ?? 1;
      if (name === UNRECOVERABLE || entry.job.attemptsMade >= attempts) {
        this.finish(entry, 'failed');
        return;
      }
      const backoff = backoffMs(entry.job.opts.backoff, entry.job.attemptsMade);
      entry.backoffs.push(backoff);
      entry.state = backoff > 0 ? 'delayed' : waitingState(entry.job.opts);
    } finally {
      entry.controller = undefined;
    }
  }

  private finish(entry: Entry, state: 'completed' | 'failed'): void {
    entry.state = state;
    this.release(entry);
    const parent = entry.parentId ? this.entries.get(entry.parentId) : undefined;
    if (!parent) return;
    // A failed child holds its parent back unless its options say otherwise (a batch's do not).
    if (state === 'failed' && !entry.job.opts.ignoreDependencyOnFailure) return;
    parent.pendingChildren.delete(entry.job.id);
    if (parent.pendingChildren.size === 0 && parent.state === 'waiting-children') parent.state = 'waiting';
  }

  /** The waiting job with a handler that BullMQ would hand out first: lowest priority, then oldest. */
  private next(): Entry | undefined {
    let best: Entry | undefined;
    for (const entry of this.entries.values()) {
      if (!isWaiting(entry.state) || !this.handlers.has(entry.job.name)) continue;
      const rank = entry.job.opts.priority ?? 0;
      if (!best || rank < (best.job.opts.priority ?? 0) || (rank === (best.job.opts.priority ?? 0) && entry.seq < best.seq)) best = entry;
    }
    return best;
  }

  private holderOf(dedupId: string): string | undefined {
    const holder = this.dedup.get(dedupId);
    if (holder && this.entries.has(holder)) return holder;
    this.dedup.delete(dedupId);
    return undefined;
  }

  private release(entry: Entry): void {
    if (entry.dedupId && this.dedup.get(entry.dedupId) === entry.job.id) this.dedup.delete(entry.dedupId);
  }

  private add(id: string, name: JobName, data: unknown, options: InlineJobOptions, dedupId?: string): Entry {
    const entries = this.entries;
    const job: InlineJob = {
      id,
      name,
      data,
      opts: { attempts: options.attempts, backoff: options.backoff, priority: options.priority, ignoreDependencyOnFailure: options.ignoreDependencyOnFailure },
      timestamp: Date.now(),
      attemptsMade: 0,
      async moveToDelayed() {
        const entry = entries.get(id);
        if (entry) entry.state = 'delayed';
      },
    };
    const entry: Entry = { job, state: waitingState(options), dedupId, pendingChildren: new Set(), backoffs: [], seq: ++this.seq };
    this.entries.set(id, entry);
    if (dedupId) this.dedup.set(dedupId, id);
    return entry;
  }
}

const waitingState = (options: InlineJobOptions): JobState => (options.priority ? 'prioritized' : 'waiting');

const isWaiting = (state: JobState): boolean => state === 'waiting' || state === 'prioritized' || state === 'delayed';

/** BullMQ's built-in backoffs before retry `attemptsMade`, without the jitter. */
function backoffMs(backoff: InlineJobOptions['backoff'], attemptsMade: number): number {
  if (backoff === undefined) return 0;
  if (typeof backoff === 'number') return backoff;
  const delay = backoff.delay ?? 0;
  return backoff.type === 'exponential' ? delay * 2 ** (attemptsMade - 1) : delay;
}

/** As the BullMQ queue does: a generation's size class goes into its priority, not its data. */
function withoutSize<T>(payload: T): { size?: JobSize; data: T } {
  if (!payload || typeof payload !== 'object' || !('size' in payload)) return { data: payload };
  const { size, ...data } = payload as T & { size?: JobSize };
  return { size, data: data as T };
}
