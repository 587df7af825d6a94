/**
 * Packing a call's arguments: what generated methods hand the runtime (a measure and a write
 * function of their parameters, and the parameters), and the buffers of sync calls. The runtime owns every step from
 * taking a buffer to giving it back, so a call made while another is being packed (a getter, a Proxy
 * or an iterator in the arguments calling the client again) gets a buffer of its own.
 *
 * @example
 * ```ts
 * import type { MeasureArgs, WriteArgs } from "./packing.ts";
 * import { measureString, putString } from "./strings.ts";
 * const measure: MeasureArgs<[string]> = (_t, s) => measureString(s);
 * const write: WriteArgs<[string]> = (w, s) => putString(w, 0, s);
 * ```
 * @module
 */

import { type ArgWriter, round8 } from "./writer.ts";
import type { ArenaPool } from "./arena.ts";
import { atParam, resumeNesting, startNesting } from "./input.ts";

/**
 * Which parameter is being packed, so that an error names it: the runtime sets it to the first
 * parameter, the generated functions to each next one. An {@link ArgWriter} is one.
 */
export interface ArgTracker {
  param: string;
}

/**
 * Checks a call's arguments (`args`, the method's parameters) and returns the heap bytes they need
 * after the root Ref; sets `t.param` before each parameter but the first. Generated clients declare
 * one per method, at module level, and pass the parameters: a function made per call would cost each
 * call allocations (`ping` written through one took 5-15 % more CPU time).
 * @example `const m: MeasureArgs<[string]> = (_t, s) => measureString(s)`
 */
export type MeasureArgs<A extends unknown[]> = (t: ArgTracker, ...args: A) => number;

/**
 * Writes a call's arguments into `w` (checking each value again: a getter may change its answer);
 * sets `w.param` before each parameter but the first. @example `const w: WriteArgs<[string]> = (w, s) => putString(w, 0, s)`
 */
export type WriteArgs<A extends unknown[]> = (w: ArgWriter, ...args: A) => void;

/**
 * Measures arguments; a failure is rethrown named by its parameter.
 * @example `const heap = measureArgs((_t, s) => measureString(s), "s", ["hi"])`
 */
export function measureArgs<A extends unknown[]>(measure: MeasureArgs<A> | null, first: string, args: A): number {
  if (measure === null) return 0;
  const t: ArgTracker = { param: first };
  try {
    return measure(t, ...args);
  } catch (e) {
    throw atParam(e, t.param);
  }
}

/**
 * Writes arguments into `w`; a failure is rethrown named by its parameter.
 * @example `writeArgs(w, (w, s) => putString(w, 0, s), "s", ["hi"])`
 */
export function writeArgs<A extends unknown[]>(w: ArgWriter, write: WriteArgs<A> | null, first: string, args: A): void {
  if (write === null) return;
  w.param = first;
  try {
    write(w, ...args);
  } catch (e) {
    throw atParam(e, w.param);
  }
}

/**
 * Packs arguments into a buffer of their measured size: measures, takes the buffer
 * (`take(rootSize, total)`), writes; a failure names its parameter and gives the buffer back. Async
 * and stream calls pack so.
 *
 * @example
 * ```ts
 * import { ArgWriter } from "./writer.ts";
 * import { packArgs } from "./packing.ts";
 * import { measureString, putString } from "./strings.ts";
 * const take = (root: number, total: number) => new ArgWriter(new ArrayBuffer(total), 0x1000, () => 0).resetTo(root, total);
 * packArgs(16, "s", (_t, s: string) => measureString(s), (w, s: string) => putString(w, 0, s), ["hi"], take, () => {});
 * ```
 */
export function packArgs<A extends unknown[]>(
  rootSize: number,
  first: string,
  measure: MeasureArgs<A> | null,
  write: WriteArgs<A> | null,
  args: A,
  take: (rootSize: number, total: number) => ArgWriter,
  give: (w: ArgWriter) => void,
): ArgWriter {
  const outer = startNesting();
  try {
    const w = take(rootSize, round8(rootSize) + measureArgs(measure, first, args));
    try {
      writeArgs(w, write, first, args);
    } catch (e) {
      give(w);
      throw e;
    }
    return w;
  } finally {
    resumeNesting(outer);
  }
}

/**
 * The buffers of one client's sync calls: its own buffer, lent to one call at a time, and, for a sync
 * call made while that one is lent (re-entry from the arguments of another call), buffers of the pool.
 *
 * @example
 * ```ts
 * import { ArenaPool } from "./arena.ts";
 * import { SyncBuffers } from "./packing.ts";
 * const buffers = new SyncBuffers(new ArenaPool(() => 0x1000));
 * const w = buffers.take(16);
 * buffers.give(w);
 * ```
 */
export class SyncBuffers {
  private own: ArgWriter;
  private lent = false;

  /** @param pool where buffers come from (sync calls pass typed arrays in place: no copies). */
  constructor(private readonly pool: ArenaPool) {
    this.own = pool.take(256);
  }

  /**
   * A writer reset for a root Ref of `rootSize` bytes with room for `total` bytes, or, without
   * `total`, with all of its buffer as room (a first attempt without measuring). Give it back with
   * {@link give}.
   */
  take(rootSize: number, total?: number): ArgWriter {
    const room = total ?? rootSize;
    let w: ArgWriter;
    if (this.lent) {
      w = this.pool.take(room);
    } else {
      this.lent = true;
      w = this.own;
      if (w.u8.length < room) w = this.own = this.swap(w, room);
    }
    w.reset(rootSize, total ?? w.u8.length);
    return w;
  }

  /** `w` reset with room for `total` bytes: `w` itself when it has room, else a larger writer in its place. */
  grow(w: ArgWriter, rootSize: number, total: number): ArgWriter {
    if (w.u8.length < total) {
      const larger = this.swap(w, total);
      if (w === this.own) this.own = larger;
      w = larger;
    }
    w.reset(rootSize, total);
    return w;
  }

  /** Gives back a writer from {@link take} or {@link grow}. */
  give(w: ArgWriter): void {
    if (w === this.own) {
      // Its references to the caller's values go at its next reset: dropping them here costs Deno's
      // sync calls with typed arrays ~0.1 µs (CPU time).
      this.lent = false;
    } else {
      this.pool.give(w);
    }
  }

  private swap(w: ArgWriter, total: number): ArgWriter {
    this.pool.give(w);
    return this.pool.take(round8(total));
  }
}
