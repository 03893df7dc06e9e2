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

export class TokenBudget {
  private readonly ledger: LlmCallsRepository;
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
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const spent = this.enabled ? await this.spentSince(id, dayStart) : 0;
    const status = {
      limit: this.dailyLimit,
      spent,
      remaining: this.enabled ? Math.max(0, this.dailyLimit - spent) : Number.POSITIVE_INFINITY,
      resetsAt: new Date(dayStart.getTime() + 86_400_000),
    };
    for (const listener of this.listeners) listener(id, status);
    return status;
  }

  private spentSince(id: string, since: Date): Promise<number> {
    return this.subject === 'user' ? this.ledger.userTokensSince(id, since) : this.ledger.tokensSince(id, since);
  }
}
