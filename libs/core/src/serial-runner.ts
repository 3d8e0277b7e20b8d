/**
 * Runs a task one at a time, however often it is triggered: a trigger while it runs asks for exactly one more run
 * after it (the later run sees everything the triggers were about), never a queue of them. The outbox relay's drain,
 * the rollup compactor and each live screen's summary are driven this way.
 */
export class SerialRunner {
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<unknown>,
    /** A failed run is reported here; the next trigger runs the task again. */
    private readonly onError: (error: unknown) => void,
    /** Called when a run ends with no run asked for meanwhile. */
    private readonly onIdle?: () => void,
  ) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.task()
      .then(
        () => undefined,
        (e: unknown) => this.onError(e),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.trigger();
        } else this.onIdle?.();
      });
  }

  /** No run starts after this; resolves when the one in progress (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
