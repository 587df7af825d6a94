/**
 * The consumer side of a stream method (`AsyncIterable<T>` in the schema): a buffer of decoded items
 * and the credits that make Go's `send` wait once `window` items sit unread here.
 *
 * @example
 * ```ts
 * import { CallStream } from "./stream.ts";
 * const s = new CallStream<number>(64, { start() {}, stop() {}, ack() {} });
 * s.push(1); s.finish(null);
 * for await (const n of s) console.log(n); // 1
 * ```
 * @module
 */

/** What a stream needs from its connection. */
export interface StreamControl {
  /** Starts the Go method (on the first `next()`). */
  start(): void;
  /** Cancels the Go method's ctx (the consumer stopped early). */
  stop(): void;
  /** Gives Go `n` credits back. */
  ack(n: number): void;
}

type Waiter<T> = { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void };

/**
 * An async iterator over the items a Go stream method sends.
 *
 * @example
 * ```ts
 * import { CallStream } from "./stream.ts";
 * const s = new CallStream<string>(8, { start() {}, stop() {}, ack() {} });
 * s.push("a");
 * await s.next(); // { value: "a", done: false }
 * ```
 */
export class CallStream<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private head = 0;
  private waiter: Waiter<T> | null = null;
  private started = false;
  private ended = false;
  private stopped = false;
  private failure: unknown = null;
  private unacked = 0;
  private readonly ackEvery: number;

  /**
   * @param window how many items may wait unread before Go's `send` blocks.
   * @param control the connection's side of the stream.
   */
  constructor(readonly window: number, private readonly control: StreamControl) {
    this.ackEvery = Math.max(1, window >> 1);
  }

  /** Adds an item from Go. */
  push(item: T): void {
    if (this.stopped) return;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = null;
      this.consumed();
      waiter.resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  /** Ends the stream: normally (`error` null) or with an error the iterator throws. */
  finish(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (error !== null && !this.stopped) this.failure = error;
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = null;
    if (this.failure !== null) waiter.reject(this.takeFailure());
    else waiter.resolve({ value: undefined, done: true });
  }

  /** The next item; starts the Go method on the first call. */
  next(): Promise<IteratorResult<T>> {
    if (!this.started) {
      this.started = true;
      try {
        this.control.start();
      } catch (e) {
        this.ended = this.stopped = true;
        return Promise.reject(e);
      }
    }
    if (this.head < this.items.length) {
      const value = this.items[this.head++]!;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      }
      this.consumed();
      return Promise.resolve({ value, done: false });
    }
    if (this.failure !== null) return Promise.reject(this.takeFailure());
    if (this.ended || this.stopped) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** Stops early (a `break` out of `for await`): cancels the Go method and drops unread items. */
  return(): Promise<IteratorResult<T>> {
    this.stop(null);
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Stops with an error that the pending and next `next()` reject with (an abort). */
  fail(error: unknown): void {
    if (this.ended || this.stopped) return;
    this.failure = error;
    this.stop(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private stop(error: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.items = [];
    this.head = 0;
    if (this.started && !this.ended) this.control.stop();
    const waiter = this.waiter;
    this.waiter = null;
    if (!waiter) return;
    if (error !== null) waiter.reject(this.takeFailure());
    else waiter.resolve({ value: undefined, done: true });
  }

  private takeFailure(): unknown {
    const e = this.failure;
    this.failure = null;
    return e;
  }

  private consumed(): void {
    if (++this.unacked >= this.ackEvery && !this.ended) {
      this.control.ack(this.unacked);
      this.unacked = 0;
    }
  }
}
