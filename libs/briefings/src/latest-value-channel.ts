/**
 * An async iterator that holds only the newest value: a screen that falls
 * behind skips to the latest summary instead of replaying every intermediate
 * one. `return()` (the client unsubscribed or disconnected) calls `onClose`.
 */
export class LatestValueChannel<T> implements AsyncIterableIterator<T> {
  private pending: { value: T } | null = null;
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  get isClosed(): boolean {
    return this.closed;
  }

  push(value: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
    } else {
      this.pending = { value };
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.pending) {
      const { value } = this.pending;
      this.pending = null;
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = null;
    this.onClose();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
