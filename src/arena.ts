/**
 * A pool of argument buffers by power-of-two size class, each with its address looked up once.
 *
 * Buffers are `new ArrayBuffer(n)`: V8 and JSC never move those, unlike Bun's small in-heap typed
 * arrays. A buffer handed to Go stays referenced by the call table until its call completes.
 *
 * @example
 * ```ts
 * import { ArenaPool } from "./arena.ts";
 * const pool = new ArenaPool(() => 0x1000);
 * const w = pool.take(100); // a 128-byte buffer
 * pool.give(w);
 * ```
 * @module
 */

import { ArgWriter } from "./writer.ts";

const MIN_CLASS = 6; // 64 bytes
const MAX_POOLED_CLASS = 20; // 1 MiB; larger buffers are not kept
const MAX_PER_CLASS = 4096;

/**
 * Argument buffers for reuse.
 *
 * @example
 * ```ts
 * import { ArenaPool } from "./arena.ts";
 * const pool = new ArenaPool(() => 0x1000);
 * pool.take(10).u8.length; // 64
 * ```
 */
export class ArenaPool {
  private readonly free: ArgWriter[][] = [];
  private readonly addressOf: (view: ArrayBufferView) => number;

  /**
   * @param addressOf how the runtime finds a buffer's address.
   * @param copyViews whether writers copy typed arrays (see ArgWriter).
   */
  constructor(addressOf: (view: ArrayBufferView) => number, private readonly copyViews = false) {
    this.addressOf = addressOf;
    for (let c = 0; c <= MAX_POOLED_CLASS; c++) this.free.push([]);
  }

  /** A writer over a buffer of at least `size` bytes. */
  take(size: number): ArgWriter {
    const cls = sizeClass(size);
    const w = cls <= MAX_POOLED_CLASS ? this.free[cls].pop() : undefined;
    if (w) return w;
    const buffer = new ArrayBuffer(cls <= MAX_POOLED_CLASS ? 1 << cls : size);
    return new ArgWriter(buffer, this.addressOf(new Uint8Array(buffer)), this.addressOf, this.copyViews);
  }

  /** Returns a writer for reuse; drops its references to the caller's strings and typed arrays. */
  give(w: ArgWriter): void {
    w.release();
    const cls = sizeClass(w.u8.length);
    if (cls <= MAX_POOLED_CLASS && (1 << cls) === w.u8.length && this.free[cls].length < MAX_PER_CLASS) {
      this.free[cls].push(w);
    }
  }
}

function sizeClass(size: number): number {
  return Math.max(MIN_CLASS, 32 - Math.clz32(Math.max(size, 1) - 1));
}
