/** Why a running job was stopped from outside: by its owner, or by the worker shutting down. */
export type InterruptReason = 'cancelled' | 'shutdown';

export class JobInterrupted extends Error {
  constructor(readonly reason: string) {
    super(`job interrupted: ${reason}`);
    this.name = 'JobInterrupted';
  }
}

/**
 * What a handler gets beside its payload: the attempt number and the signal BullMQ aborts
 * when the worker cancels the job (`worker.cancelJob`: a cancellation request or shutdown).
 * A handler that notices a cancellation itself (the job row was cancelled) aborts it too.
 */
export class JobContext {
  private readonly controller = new AbortController();
  readonly signal: AbortSignal;

  constructor(
    readonly attempt: number,
    readonly maxAttempts: number,
    workerSignal?: AbortSignal,
  ) {
    this.signal = workerSignal ? AbortSignal.any([workerSignal, this.controller.signal]) : this.controller.signal;
  }

  interrupt(reason: InterruptReason): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  get interruptedBy(): InterruptReason | undefined {
    const reason: unknown = this.signal.aborted ? this.signal.reason : undefined;
    return reason === 'cancelled' || reason === 'shutdown' ? reason : undefined;
  }

  get isLastAttempt(): boolean {
    return this.attempt >= this.maxAttempts;
  }
}
