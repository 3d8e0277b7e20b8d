/**
 * Group commit for a consumer: jobs that arrive while a batch is being
 * written wait and go together into the next one, so a burst of N events
 * costs a few transactions instead of N (each with its own statements, its own
 * commit and its own WAL flush). Nothing waits on a timer: a job that finds
 * the consumer idle starts a batch of one at once.
 *
 * A batch is all or nothing. If it fails, each of its items is tried again on
 * its own, so one bad event fails only its own job (which BullMQ then retries
 * and, in the end, keeps as a dead letter) and never holds back the others.
 */
export class GroupCommit<T, R> {
  private readonly waiting: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;
  /** For /health: how the batches came out. */
  readonly stats = { batches: 0, items: 0, largest: 0, retriedAlone: 0 };

  constructor(
    /** Writes the items in one transaction; returns one result per item, in order. */
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly options: { maxBatch: number; parallel: number } = { maxBatch: 64, parallel: 1 },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.options.parallel && this.waiting.length) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.next();
      });
    }
  }

  private async run(batch: typeof this.waiting): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    try {
      const results = await this.write(batch.map((b) => b.item));
      if (results.length !== batch.length) throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1) return batch[0].reject(e);
      this.stats.retriedAlone += batch.length;
      for (const b of batch) await this.write([b.item]).then(([r]) => b.resolve(r), b.reject);
    }
  }
}
