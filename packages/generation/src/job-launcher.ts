import { QUEUED_PROGRESS, type InsightsFilters, type InsightsJobsRepository } from '@insights/db';
import {
  ASSIGN_DEBOUNCE_MS,
  ASSIGN_MAX_WAIT_MS,
  assignDedupId,
  JOB_NAMES,
  newJobId,
  type AskQuestionPayload,
  type BatchInsightsPayload,
  type GenerateInsightsPayload,
  type InsightsQueue,
  type SearchFiltersPayload,
} from '@insights/queue';
import type { JobSizer } from './job-sizer.js';
import { SpendRefused, type SpendPolicy } from './spend-policy.js';

/** One piece of work as job identity names it: whose, which filters, and its keys. */
export interface LaunchScope {
  userId: string;
  projectId: string | null;
  filters: InsightsFilters;
  /** The project's feedback generation, or the sum over the user's projects. */
  generation: number;
  cacheKey: string;
  scopeKey: string;
}

/** The cache reads a launch asks (the two-tier insights cache answers them). */
export interface LaunchCache {
  hotBody(cacheKey: string): Promise<unknown>;
  durableBody(cacheKey: string): Promise<unknown>;
  freshBody(cacheKey: string): Promise<unknown>;
  /** A stored answer to a question, from Redis only. */
  hotAnswer(cacheKey: string): Promise<unknown>;
  /** The same from Postgres (refilling Redis). */
  durableAnswer(cacheKey: string): Promise<unknown>;
}

/** A question as job identity names it: whose, which project and filters, and its cache key. */
export interface AskScope {
  userId: string;
  projectId: string;
  /** As asked, trimmed; the key is made from its normalised form. */
  question: string;
  filters: SearchFiltersPayload;
  /** The project's feedback generation. */
  generation: number;
  /** The ask cache key (JobIdentity.askKey): also the job's dedup id. */
  cacheKey: string;
}

/**
 * How a launch asks the cache: `tiered` Redis, then (after the in-flight lookup, which needs no
 * database round trip) Postgres; `fresh` both tiers at once; `none` not at all (the caller wants
 * a new generation whatever is stored).
 */
export type LaunchCacheMode = 'tiered' | 'fresh' | 'none';

export type LaunchTrigger = GenerateInsightsPayload['trigger'];

export type LaunchOutcome =
  | { outcome: 'cached' }
  /** `lostRace`: an identical request queued its job between the lookup and ours. */
  | { outcome: 'joined'; jobId: string; lostRace: boolean }
  | { outcome: 'queued'; jobId: string }
  | { outcome: 'refused'; refusal: SpendRefused };

export type BatchEntry = BatchInsightsPayload['entries'][number];

export interface JobLauncherDeps {
  queue: InsightsQueue;
  jobs: InsightsJobsRepository;
  cache: LaunchCache;
  spend: SpendPolicy;
  sizer: JobSizer;
}

/**
 * The one order in which a generation starts, for every path that starts one (a request, a
 * batch's children, an automatic refresh, the benchmarks): cache, job in flight, spend policy,
 * size class, job row, queue. Only a new job pays the spend policy; a job that loses the queue's
 * dedup race to an identical one gives its row and its rate point back and joins the winner.
 */
export class JobLauncher {
  constructor(private readonly deps: JobLauncherDeps) {}

  async launch(scope: LaunchScope, trigger: LaunchTrigger, options: { cache?: LaunchCacheMode } = {}): Promise<LaunchOutcome> {
    const mode = options.cache ?? 'tiered';
    if (await this.cachedBefore(scope.cacheKey, mode)) return { outcome: 'cached' };
    const running = await this.inFlight(scope.cacheKey);
    if (running) return { outcome: 'joined', jobId: running, lostRace: false };
    if (mode === 'tiered' && (await this.deps.cache.durableBody(scope.cacheKey)) !== undefined) return { outcome: 'cached' };
    const refusal = await refusalOf(this.deps.spend.admit(scope));
    if (refusal) return { outcome: 'refused', refusal };
    const payload = await this.newJobRow(scope, trigger);
    const { jobId } = payload;
    const actual = await this.deps.queue.enqueue(JOB_NAMES.generate, payload, { jobId, dedupId: scope.cacheKey, trigger }).catch(async (error: unknown) => {
      // Nothing half-written: a row whose job could not be queued goes too.
      await this.deps.jobs.discard(jobId).catch(() => undefined);
      throw error;
    });
    if (actual === jobId) return { outcome: 'queued', jobId };
    // Joining the winner's job is free, so the point comes back.
    await this.deps.jobs.discard(jobId);
    await this.deps.spend.returnJobs(scope.userId);
    return { outcome: 'joined', jobId: actual, lostRace: true };
  }

  /**
   * A question about a project's feedback, in the order of `launch`: a stored answer (Redis,
   * then after the in-flight lookup Postgres), the same question in flight, the spend policy
   * (budgets and the job rate: a question spends tokens as a generation does), the job row
   * (kind `ask`), the queue; a lost dedup race gives the row and the rate point back and joins
   * the winner. `cache: 'none'` asks again whatever is stored.
   */
  async launchAsk(scope: AskScope, options: { cache?: 'tiered' | 'none' } = {}): Promise<LaunchOutcome> {
    const useCache = (options.cache ?? 'tiered') === 'tiered';
    if (useCache && (await this.deps.cache.hotAnswer(scope.cacheKey)) !== undefined) return { outcome: 'cached' };
    const running = await this.inFlight(scope.cacheKey);
    if (running) return { outcome: 'joined', jobId: running, lostRace: false };
    if (useCache && (await this.deps.cache.durableAnswer(scope.cacheKey)) !== undefined) return { outcome: 'cached' };
    const refusal = await refusalOf(this.deps.spend.admit(scope));
    if (refusal) return { outcome: 'refused', refusal };
    const jobId = newJobId();
    const { userId, projectId, filters, cacheKey, question } = scope;
    await this.deps.jobs.create({ id: jobId, kind: 'ask', userId, projectId, filters, dedupKey: cacheKey, progress: 0, progressDetail: QUEUED_PROGRESS });
    const payload: AskQuestionPayload = { jobId, userId, projectId, question, filters, feedbackGeneration: scope.generation, cacheKey };
    const actual = await this.deps.queue.enqueue(JOB_NAMES.ask, payload, { jobId, dedupId: cacheKey }).catch(async (error: unknown) => {
      await this.deps.jobs.discard(jobId).catch(() => undefined);
      throw error;
    });
    if (actual === jobId) return { outcome: 'queued', jobId };
    await this.deps.jobs.discard(jobId);
    await this.deps.spend.returnJobs(userId);
    return { outcome: 'joined', jobId: actual, lostRace: true };
  }

  /**
   * New feedback in a project with a stored project-wide result: one debounced `assign-feedback`
   * job per project (a burst of writes is one job, run at the latest ASSIGN_MAX_WAIT_MS after
   * its first write). It takes no point of the job rate, which counts generations: public widget
   * writes would spend it for the owner. The spend policy is asked when the job runs, with what
   * is left of both budgets as its token cap; a spent budget leaves the assignment to the
   * offline matcher rather than stopping it, since that costs no tokens. `unlessPending`: a read
   * asking for the entries it found unassigned joins a pending job rather than push it back.
   */
  async launchAssignment(projectId: string, options: { unlessPending?: boolean } = {}): Promise<string> {
    const pending = options.unlessPending ? await this.deps.queue.inFlight(assignDedupId(projectId)) : null;
    if (pending) return pending;
    return this.deps.queue.enqueue(JOB_NAMES.assignFeedback, { projectId }, { debounceMs: ASSIGN_DEBOUNCE_MS, maxWaitMs: ASSIGN_MAX_WAIT_MS });
  }

  /**
   * Several scopes of one user as one flow (a background generation per scope, under a parent
   * that finishes when they all have). Each scope is launched in the same order as a single one,
   * but a project over its own budget is skipped rather than refusing the batch, and the job
   * rate is paid for all new children at once, all or none. `cachedJob` names the job that
   * answers a cached scope. Throws (`SpendRefused` among others) with nothing left behind.
   */
  async launchBatch(
    batch: Pick<BatchInsightsPayload, 'batchId' | 'userId' | 'filters'>,
    scopes: LaunchScope[],
    cachedJob: (scope: LaunchScope) => Promise<string>,
  ): Promise<BatchEntry[]> {
    const entries: BatchEntry[] = [];
    const children: { payload: GenerateInsightsPayload; dedupId: string }[] = [];
    try {
      for (const scope of scopes) entries.push(await this.planChild(scope, children, cachedJob));
      await this.deps.spend.takeJobs(batch.userId, children.length);
      await this.deps.queue.enqueue(JOB_NAMES.batch, { ...batch, entries }, { children });
    } catch (error) {
      await Promise.all(children.map(({ payload }) => this.deps.jobs.discard(payload.jobId).catch(() => undefined)));
      throw error;
    }
    return entries;
  }

  /**
   * The job already working on a cache key: the queue's deduplication for single jobs, else an
   * open job row with that key (a batch's child: BullMQ does not deduplicate a flow's children).
   */
  async inFlight(cacheKey: string): Promise<string | null> {
    const deduplicated = await this.deps.queue.inFlight(cacheKey);
    if (deduplicated) return deduplicated;
    const open = await this.deps.jobs.openFor(cacheKey);
    // A row whose queue job is gone (Redis lost it) is the reconciler's to settle, not to join.
    if (!open || ['unknown', 'completed', 'failed'].includes(await this.deps.queue.state(open))) return null;
    return open;
  }

  private async planChild(
    scope: LaunchScope,
    children: { payload: GenerateInsightsPayload; dedupId: string }[],
    cachedJob: (scope: LaunchScope) => Promise<string>,
  ): Promise<BatchEntry> {
    const projectId = scope.projectId!;
    if (await this.cachedBefore(scope.cacheKey, 'fresh')) return { projectId, jobId: await cachedJob(scope), how: 'cached' };
    const running = await this.inFlight(scope.cacheKey);
    if (running) return { projectId, jobId: running, how: 'joined' };
    const refusal = await refusalOf(this.deps.spend.checkBudgets(scope));
    // A project over its own budget is skipped; the user's budget spent refuses the whole batch.
    if (refusal?.kind === 'project_budget') return { projectId, jobId: null, how: 'skipped', reason: refusal.message };
    if (refusal) throw refusal;
    const payload = await this.newJobRow(scope, 'background');
    children.push({ payload, dedupId: scope.cacheKey });
    return { projectId, jobId: payload.jobId, how: 'queued' };
  }

  private async cachedBefore(cacheKey: string, mode: LaunchCacheMode): Promise<boolean> {
    if (mode === 'tiered') return Boolean(await this.deps.cache.hotBody(cacheKey));
    if (mode === 'fresh') return Boolean(await this.deps.cache.freshBody(cacheKey));
    return false;
  }

  /**
   * A new job's row and the payload that queues it, with the scope's size class. The row exists
   * before the job does, so a worker never picks up a job without its row.
   */
  private async newJobRow(scope: LaunchScope, trigger: LaunchTrigger): Promise<GenerateInsightsPayload> {
    const jobId = newJobId();
    const { userId, projectId, filters, cacheKey, scopeKey } = scope;
    const size = await this.deps.sizer.classify(projectId ? { projectId } : { userId }, filters);
    await this.deps.jobs.create({ id: jobId, userId, projectId, filters, dedupKey: cacheKey, progress: 0, progressDetail: QUEUED_PROGRESS });
    return { jobId, userId, projectId, filters, feedbackGeneration: scope.generation, cacheKey, scopeKey, trigger, size };
  }
}

/** The spend policy's refusal as a value; anything else it throws stays thrown. */
async function refusalOf(check: Promise<void>): Promise<SpendRefused | undefined> {
  try {
    await check;
    return undefined;
  } catch (error) {
    if (error instanceof SpendRefused) return error;
    throw error;
  }
}
