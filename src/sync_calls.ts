/**
 * Sync calls: their arguments are written into the client's buffer (a call made while it holds another
 * call's arguments gets one of its own), Go writes the result frame into the client's out buffer (or,
 * while a result is decoded from it, into one of the call's own), and the result is decoded. The
 * generated method writes its arguments itself, between {@link SyncCalls.writer} and
 * {@link SyncCalls.call}: writing through a function made per call cost `ping` 5-15 % more CPU time.
 *
 * @example
 * ```ts
 * import { SyncCalls } from "./sync_calls.ts";
 * declare const line: import("./sync_calls.ts").SyncLine, ping: import("./backend.ts").NativeFunction;
 * const sync = new SyncCalls(line, 1, () => {}, () => 0x1000);
 * const w = sync.writer(8, "n");
 * w.dv.setBigUint64(0, 1n, true);
 * sync.call(ping, w, (r) => r.dv.getBigUint64(r.base, true));
 * ```
 * @module
 */

import { type ArgWriter, round8 } from "./writer.ts";
import { type MeasureArgs, measureArgs, SyncBuffers, type WriteArgs, writeArgs } from "./packing.ts";
import { finishStrings } from "./strings.ts";
import { FrameBuffer, readFailure, type ResultReader } from "./reader.ts";
import type { NativeFunction } from "./backend.ts";
import { ArenaPool } from "./arena.ts";
import { ClientClosedError } from "./errors.ts";
import { atParam, atResult, InputError, resumeNesting, startNesting } from "./input.ts";
import { FRAME_HEADER, STATUS_OK } from "./protocol.ts";

const INITIAL_OUT = 64 * 1024;
/** A result frame up to this size keeps its buffer as the client's out buffer. */
const KEPT_OUT = 16 * 1024 * 1024;

/** What sync calls need from their client. */
export interface SyncLine {
  /** The service's name, for errors. */
  readonly service: string;
  /** Starts the async calls queued before this one. */
  flush(): void;
}

/**
 * One client's sync calls.
 *
 * @example
 * ```ts
 * import { SyncCalls } from "./sync_calls.ts";
 * declare const line: import("./sync_calls.ts").SyncLine;
 * const sync = new SyncCalls(line, 1, () => {}, () => 0x1000);
 * ```
 */
export class SyncCalls {
  /** Set when the client closes (code run while arguments are packed may close it). */
  closed = false;
  private readonly buffers: SyncBuffers;
  private out = new FrameBuffer(INITIAL_OUT);
  // Whether a result is being decoded from `out` (a call made meanwhile needs a buffer of its own).
  private outLent = false;

  /**
   * @param line the client.
   * @param host the client's Go host.
   * @param take copies the payload of a result that did not fit the out buffer (`ts2go_take`).
   * @param addressOf the runtime's way to find a buffer's address.
   */
  constructor(
    private readonly line: SyncLine,
    private readonly host: number,
    private readonly take: (into: Uint8Array, size: number) => void,
    addressOf: (view: ArrayBufferView) => number,
  ) {
    this.buffers = new SyncBuffers(new ArenaPool(addressOf));
  }

  /**
   * The client's buffer (or, while it holds another call's arguments, one of its own) for a call's
   * arguments, with all of its bytes as room: generated methods write into it at once, without
   * measuring (every write is bounds-checked), then pass it to {@link call}, or, when writing failed,
   * to {@link retry}. `first` names the first parameter for errors.
   */
  writer(rootSize: number, first: string): ArgWriter {
    if (this.closed) throw new ClientClosedError(this.line.service);
    const w = this.buffers.take(rootSize);
    w.param = w.first = first;
    w.nesting = startNesting();
    return w;
  }

  /**
   * After writing into `w` failed with `e`: when the arguments (`args`) did not fit or a value is bad,
   * measures them (which names a bad value by its place) and writes them again into a buffer of that
   * size, which it returns for {@link call}. A value's own exception (a getter that throws) is thrown
   * as it is.
   */
  retry<A extends unknown[]>(
    w: ArgWriter,
    e: unknown,
    measure: MeasureArgs<A>,
    write: WriteArgs<A>,
    args: A,
  ): ArgWriter {
    if (!(e instanceof InputError || e instanceof RangeError)) throw this.failed(w, e);
    const first = w.first;
    try {
      w = this.buffers.grow(w, w.root, round8(w.root) + measureArgs(measure, first, args));
      writeArgs(w, write, first, args);
      finishStrings(w);
      return w;
    } catch (e) {
      throw this.failed(w, e);
    }
  }

  /** Gives back `w` after writing into it failed with `e`, and returns `e` named by its parameter, to throw. */
  failed(w: ArgWriter, e: unknown): unknown {
    this.buffers.give(w);
    resumeNesting(w.nesting);
    return atParam(e, w.param);
  }

  /** A buffer reset for a root Ref of `rootSize` and `total` bytes as measured, for {@link call}. */
  measuredWriter(rootSize: number, total: number): ArgWriter {
    if (this.closed) throw new ClientClosedError(this.line.service);
    const w = this.buffers.take(rootSize, total);
    w.nesting = startNesting();
    return w;
  }

  /** Calls `fn` with the arguments in `w` (from {@link writer}), gives `w` back, and decodes the result. */
  call<T>(fn: NativeFunction, w: ArgWriter, decode: (r: ResultReader) => T): T {
    // Code run while a result is decoded (a patched Map.prototype.set…) may make a call: it must not
    // overwrite that result.
    resumeNesting(w.nesting);
    try {
      finishStrings(w);
      if (this.closed) throw new ClientClosedError(this.line.service);
    } catch (e) {
      this.buffers.give(w);
      throw e;
    }
    this.line.flush(); // async calls made before this one start first
    const lend = !this.outLent;
    let out = lend ? this.out : new FrameBuffer(INITIAL_OUT);
    // Outside any try: V8 calls the native function directly (a fast API call) only so.
    fn(this.host, w.u8, out.u8, out.u8.length);
    this.buffers.give(w);
    const status = out.reader.dv.getUint32(4, true);
    const size = out.reader.dv.getUint32(8, true);
    if (FRAME_HEADER + size > out.u8.length) {
      // The result did not fit; Go kept it. Copy it into a buffer of the right size.
      out = new FrameBuffer(FRAME_HEADER + size);
      this.take(out.u8.subarray(FRAME_HEADER), size);
      if (lend && size <= KEPT_OUT) this.out = out;
    }
    if (status !== STATUS_OK) throw readFailure(status, out.reader);
    this.outLent ||= lend;
    const outer = startNesting();
    try {
      return decode(out.reader);
    } catch (e) {
      throw atResult(e);
    } finally {
      if (lend) this.outLent = false;
      resumeNesting(outer);
    }
  }
}
