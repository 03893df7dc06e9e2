/** Why a running job was stopped from outside: by its owner, or by the worker shutting down. */
export type InterruptReason = 'cancelled' | 'shutdown';

export class JobInterrupted extends Error {
  constructor(readonly reason: string) {
    super(`job interrupted: ${reason}`);
    this.name = 'JobInterrupted';
  }
}

/** What a handler gets beside the job: the attempt number and a signal that stops its work. */
export class JobContext {
  private readonly controller = new AbortController();
  readonly signal: AbortSignal;

  constructor(
    readonly attempt: number,
    readonly maxAttempts: number,
    bullSignal?: AbortSignal,
  ) {
    this.signal = bullSignal ? AbortSignal.any([bullSignal, this.controller.signal]) : this.controller.signal;
  }

  interrupt(reason: InterruptReason): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  get interruptedBy(): InterruptReason | undefined {
    const reason = this.signal.aborted ? this.signal.reason : undefined;
    return reason === 'cancelled' || reason === 'shutdown' ? reason : undefined;
  }

  get isLastAttempt(): boolean {
    return this.attempt >= this.maxAttempts;
  }
}
