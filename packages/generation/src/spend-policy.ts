import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClient } from '@insights/queue';
import { TokenBudget, type BudgetStatus } from './token-budget.js';

/** Who would pay for a piece of LLM work: the user, and the project unless it spans all of them. */
export interface SpendScope {
  userId: string;
  projectId: string | null;
}

export type SpendRefusalKind = 'job_rate' | 'project_budget' | 'user_budget';

/** Work the policy will not admit now; `retryAfterSeconds` says when it would. */
export class SpendRefused extends Error {
  override readonly name = 'SpendRefused';

  constructor(
    readonly kind: SpendRefusalKind,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export interface SpendPolicyOptions {
  redis: RedisClient;
  keyPrefix: string;
  jobsPerMinutePerUser: number;
  projectBudget: TokenBudget;
  userBudget: TokenBudget;
}

const secondsUntil = (at: Date) => Math.max(1, Math.ceil((at.getTime() - Date.now()) / 1000));

/**
 * The one rule every path that can start LLM work asks first (new jobs, reads that queue one,
 * batch children, the legacy endpoint, automatic refreshes): a per-user rate of new jobs, and
 * daily token budgets per project and per user. The all-projects scope has no project, so it
 * draws on the user's budget alone. Budgets are read from the call ledger, so every process
 * sees the same spend; the rate lives in Redis for the same reason.
 */
export class SpendPolicy {
  private readonly rate: RateLimiterRedis;
  private readonly projectBudget: TokenBudget;
  private readonly userBudget: TokenBudget;

  constructor(options: SpendPolicyOptions) {
    this.rate = new RateLimiterRedis({
      storeClient: options.redis,
      keyPrefix: `${options.keyPrefix}:ratelimit:jobs`,
      points: options.jobsPerMinutePerUser,
      duration: 60,
    });
    this.projectBudget = options.projectBudget;
    this.userBudget = options.userBudget;
  }

  /** Budgets, then `jobs` points of the job rate: what a path pays before it queues new jobs. */
  async admit(scope: SpendScope, jobs = 1): Promise<void> {
    await this.checkBudgets(scope);
    await this.takeJobs(scope.userId, jobs);
  }

  /** Refuses when the project's or the user's daily budget is spent. */
  async checkBudgets(scope: SpendScope): Promise<void> {
    const [project, user] = await this.budgets(scope);
    if (project && project.remaining <= 0) throw this.overBudget('project_budget', 'the project', project);
    if (user.remaining <= 0) throw this.overBudget('user_budget', 'this account (all projects together)', user);
  }

  /** Tokens one run may still spend: the smaller of what is left of both budgets (Infinity: no budget). */
  async remainingTokens(scope: SpendScope): Promise<number> {
    const [project, user] = await this.budgets(scope);
    return Math.min(project?.remaining ?? Number.POSITIVE_INFINITY, user.remaining);
  }

  /** Points of the per-user job rate, all or none: a refusal takes nothing. */
  async takeJobs(userId: string, jobs = 1): Promise<void> {
    if (jobs <= 0) return;
    try {
      await this.rate.consume(userId, jobs);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // The limiter counted the refused points; a refused request must not eat the next minute's.
      await this.rate.reward(userId, jobs).catch(() => undefined);
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new SpendRefused('job_rate', `too many new insight jobs; try again in ${seconds} s`, seconds);
    }
  }

  /** Gives points back (the job was not created after all: an identical one won a race). */
  async returnJobs(userId: string, jobs = 1): Promise<void> {
    if (jobs > 0) await this.rate.reward(userId, jobs);
  }

  private budgets(scope: SpendScope): Promise<[BudgetStatus | undefined, BudgetStatus]> {
    return TokenBudget.forScope(this.projectBudget, this.userBudget, scope);
  }

  private overBudget(kind: SpendRefusalKind, whose: string, status: BudgetStatus): SpendRefused {
    return new SpendRefused(
      kind,
      `${whose} spent its daily budget of ${status.limit} LLM tokens; it resets at ${status.resetsAt.toISOString()}`,
      secondsUntil(status.resetsAt),
    );
  }
}
