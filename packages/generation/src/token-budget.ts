import { LlmCallsRepository, type Database } from '@insights/db';

export interface BudgetStatus {
  limit: number;
  spent: number;
  remaining: number;
  /** When the daily window restarts (next UTC midnight). */
  resetsAt: Date;
}

/** A project's daily LLM token budget, counted from the call ledger (prompt + completion). */
export class TokenBudget {
  private readonly ledger: LlmCallsRepository;

  constructor(
    db: Database,
    private readonly dailyLimit: number,
  ) {
    this.ledger = new LlmCallsRepository(db);
  }

  get enabled(): boolean {
    return this.dailyLimit > 0;
  }

  async status(projectId: string, now = new Date()): Promise<BudgetStatus> {
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const spent = this.enabled ? await this.ledger.tokensSince(projectId, dayStart) : 0;
    return {
      limit: this.dailyLimit,
      spent,
      remaining: this.enabled ? Math.max(0, this.dailyLimit - spent) : Number.POSITIVE_INFINITY,
      resetsAt: new Date(dayStart.getTime() + 86_400_000),
    };
  }
}
