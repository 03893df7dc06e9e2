/**
 * Runs at most `size` tasks at once. `submit` waits for a free slot, which is the back-pressure
 * that keeps streamed feedback from piling up in memory. The first failure is kept, reported to
 * `onFailure` (to abort the others) and rethrown once the tasks in flight have settled.
 */
export class TaskPool {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly size: number,
    private readonly onFailure: (error: unknown) => void = () => {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`concurrency must be a positive integer, got ${size}`);
  }

  async submit(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.size && !this.failure) await Promise.race(this.running);
    if (this.failure) return this.drain();
    const run: Promise<void> = task()
      .catch((error: unknown) => this.fail(error))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
    if (this.failure) throw this.failure.error;
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = { error };
    this.onFailure(error);
  }
}
