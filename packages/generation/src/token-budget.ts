import { LlmCallsRepository, type Database } from '@insights/db';

export interface BudgetStatus {
  limit: number;
  spent: number;
  remaining: number;
  /** When the daily window restarts (next UTC midnight). */
  resetsAt: Date;
}

/** Whose spend a budget counts: a project's, or a user's over all their scopes. */
export type BudgetSubject = 'project' | 'user';

/** A daily LLM token budget, counted from the call ledger (prompt + completion). */
export type BudgetListener = (id: string, status: BudgetStatus) => void;

const dayStartOf = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

export class TokenBudget {
  readonly ledger: LlmCallsRepository;
  private readonly listeners = new Set<BudgetListener>();

  constructor(
    db: Database,
    private readonly dailyLimit: number,
    readonly subject: BudgetSubject = 'project',
  ) {
    this.ledger = new LlmCallsRepository(db);
  }

  get enabled(): boolean {
    return this.dailyLimit > 0;
  }

  /** Told of every status read (metrics follow the spend without reading it again). */
  onStatus(listener: BudgetListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `id` is a project's id or a user's, as `subject` says. */
  async status(id: string, now = new Date()): Promise<BudgetStatus> {
    return this.statusOf(id, this.enabled ? await this.spentSince(id, dayStartOf(now)) : 0, now);
  }

  /** The status for a spend read elsewhere (both budgets of a scope are read in one statement). */
  statusOf(id: string, spent: number, now = new Date()): BudgetStatus {
    const dayStart = dayStartOf(now);
    const status = {
      limit: this.dailyLimit,
      spent,
      remaining: this.enabled ? Math.max(0, this.dailyLimit - spent) : Number.POSITIVE_INFINITY,
      resetsAt: new Date(dayStart.getTime() + 86_400_000),
    };
    for (const listener of this.listeners) listener(id, status);
    return status;
  }

  /** Both budgets of a scope from one ledger read: the project's (when it has one and a limit) and the user's. */
  static async forScope(
    project: TokenBudget,
    user: TokenBudget,
    scope: { userId: string; projectId: string | null },
    now = new Date(),
  ): Promise<[BudgetStatus | undefined, BudgetStatus]> {
    const projectId = scope.projectId && project.enabled ? scope.projectId : null;
    if (!projectId && !user.enabled) return [undefined, user.statusOf(scope.userId, 0, now)];
    const spent = await user.ledger.scopeTokensSince(scope.userId, projectId, dayStartOf(now));
    return [projectId ? project.statusOf(projectId, spent.project, now) : undefined, user.statusOf(scope.userId, user.enabled ? spent.user : 0, now)];
  }

  private spentSince(id: string, since: Date): Promise<number> {
    return this.subject === 'user' ? this.ledger.userTokensSince(id, since) : this.ledger.tokensSince(id, since);
  }
}
