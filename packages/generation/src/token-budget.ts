import { LlmCallsRepository, type Database } from '@insights/db';

export interface BudgetStatus {
  limit: number;
  spent: number;
  remaining: number;
  /** When the daily window restarts (next UTC midnight). */
  resetsAt: Date;
}

/** A project's daily LLM token budget, counted from the call ledger (prompt + completion). */
export type BudgetListener = (projectId: string, status: BudgetStatus) => void;

export class TokenBudget {
  private readonly ledger: LlmCallsRepository;
  private readonly listeners = new Set<BudgetListener>();

  constructor(
    db: Database,
    private readonly dailyLimit: number,
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

  async status(projectId: string, now = new Date()): Promise<BudgetStatus> {
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const spent = this.enabled ? await this.ledger.tokensSince(projectId, dayStart) : 0;
    const status = {
      limit: this.dailyLimit,
      spent,
      remaining: this.enabled ? Math.max(0, this.dailyLimit - spent) : Number.POSITIVE_INFINITY,
      resetsAt: new Date(dayStart.getTime() + 86_400_000),
    };
    for (const listener of this.listeners) listener(projectId, status);
    return status;
  }
}
