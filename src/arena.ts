/**
 * A pool of argument buffers by power-of-two size class, each with its address looked up once.
 *
 * Buffers come from an {@link ArgMemory}: by default `new ArrayBuffer(n)` (V8 and JSC never move
 * those, unlike Bun's small in-heap typed arrays); for async and stream calls, native memory Go
 * allocated, which stays valid while a Go method reads it even if this JS thread goes away. A buffer
 * handed to Go stays referenced by the call table until its call completes.
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

/**
 * Where a pool's buffers come from.
 *
 * @example
 * ```ts
 * import type { ArgMemory } from "./arena.ts";
 * const js: ArgMemory = { allocate: (n) => ({ buffer: new ArrayBuffer(n), addr: 0x1000 }), free: () => {} };
 * ```
 */
export interface ArgMemory {
  /** A buffer of `size` bytes and its address. */
  allocate(size: number): { buffer: ArrayBuffer; addr: number };
  /** Gives back a buffer the pool drops (`addr` from {@link allocate}). */
  free(addr: number): void;
}

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
  private readonly memory: ArgMemory;

  /**
   * @param addressOf how the runtime finds a buffer's address.
   * @param copyViews whether writers copy typed arrays (see ArgWriter).
   * @param memory where buffers come from (default: `new ArrayBuffer`).
   */
  constructor(addressOf: (view: ArrayBufferView) => number, private readonly copyViews = false, memory?: ArgMemory) {
    this.addressOf = addressOf;
    this.memory = memory ?? {
      allocate: (size) => {
        const buffer = new ArrayBuffer(size);
        return { buffer, addr: addressOf(new Uint8Array(buffer)) };
      },
      free: () => {},
    };
    for (let c = 0; c <= MAX_POOLED_CLASS; c++) this.free.push([]);
  }

  /** A writer over a buffer of at least `size` bytes. */
  take(size: number): ArgWriter {
    const cls = sizeClass(size);
    const pooled = cls <= MAX_POOLED_CLASS ? this.free[cls]!.pop() : undefined;
    if (pooled) return pooled;
    const { buffer, addr } = this.memory.allocate(cls <= MAX_POOLED_CLASS ? 1 << cls : size);
    const w = new ArgWriter(buffer, addr, this.addressOf, this.copyViews);
    if (this.copyViews) w.copies = this.takeCopy;
    return w;
  }

  private readonly takeCopy = (bytes: number) => this.take(bytes);

  /** Returns a writer for reuse, with the buffers of its copies; drops its references to the caller's strings. */
  give(w: ArgWriter): void {
    for (const copy of w.keep ?? []) this.give(copy);
    w.release();
    const cls = sizeClass(w.u8.length);
    if (cls <= MAX_POOLED_CLASS && (1 << cls) === w.u8.length && this.free[cls]!.length < MAX_PER_CLASS) {
      this.free[cls]!.push(w);
    } else {
      this.memory.free(w.addr);
    }
  }
}

function sizeClass(size: number): number {
  return Math.max(MIN_CLASS, 32 - Math.clz32(Math.max(size, 1) - 1));
}
