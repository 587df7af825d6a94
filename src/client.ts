/**
 * One loaded service: the library's native functions, the call table of async calls in flight, the
 * completion drain, and the buffers.
 *
 * Async path: the generated method packs its arguments into a pooled {@link ArgWriter}, takes a slot,
 * and calls the Go export, which returns at once. When goroutines finish, Go queues result frames and
 * reports the client ready to this thread's {@link Waker} once per batch; {@link Connection.drain}
 * copies every ready frame into one JS buffer with a single FFI call, decodes each and settles its
 * Promise.
 *
 * @example
 * ```ts
 * import { Connection } from "./client.ts";
 * const c = Connection.open("./lib.so", "TestCall", 0x1234abcd, { ping: "sync" });
 * c.close();
 * ```
 * @module
 */

import { type ArgWriter, putAddr, round8 } from "./writer.ts";
import { type MeasureArgs, packArgs, type WriteArgs } from "./packing.ts";
import { SyncCalls } from "./sync_calls.ts";
import { finishStrings } from "./strings.ts";
import { FrameBuffer, readFailure, type ResultReader } from "./reader.ts";
import { backend, boundFunction, type NativeFunction, type NativeLibrary } from "./backend.ts";
import { type Waker, wakerFor } from "./waker.ts";
import { type MethodKinds, openServiceLibrary } from "./library.ts";
import { ClientClosedError, LibraryError } from "./errors.ts";
import { atResult, strictByDefault } from "./input.ts";
import { FRAME_HEADER, GROW_SLOT, STATUS_HOST_CALL, STATUS_ITEM, STATUS_OK } from "./protocol.ts";
import { CallStream } from "./stream.ts";
import { type HostMethod, HostServer } from "./host_calls.ts";
import { ArenaPool } from "./arena.ts";

/**
 * Options every async method accepts as its last argument.
 *
 * @example
 * ```ts
 * import type { CallOptions } from "./client.ts";
 * const opts: CallOptions = { signal: AbortSignal.timeout(1000) };
 * ```
 */
export interface CallOptions {
  /**
   * Aborting rejects the call at once with `signal.reason` and cancels the Go method's `ctx`. The
   * argument memory stays valid until the Go method has returned; an already-aborted signal never
   * reaches Go.
   */
  signal?: AbortSignal;
}

/**
 * Options of a stream method (one returning `AsyncIterable<T>` in the schema).
 *
 * @example
 * ```ts
 * import type { StreamOptions } from "./client.ts";
 * const opts: StreamOptions = { window: 256 };
 * ```
 */
export interface StreamOptions extends CallOptions {
  /** How many items may wait unread in JS before Go's `send` blocks (default 64). */
  window?: number;
}

/**
 * Options of a generated `load…()` function.
 *
 * @example
 * ```ts
 * import type { LoadOptions } from "./client.ts";
 * const opts: LoadOptions = { strict: true };
 * ```
 */
export interface LoadOptions {
  /**
   * Refuse, with a TypeError naming the path, a struct's own enumerable key that is not one of its
   * fields: a misspelled optional field (`ttlMs` for `ttl_ms`) is otherwise silently absent. Default:
   * true when the environment has `TS2GO_STRICT=1` (for tests), else false.
   */
  strict?: boolean;
}

/** Reads a method's result from a payload. */
export type ResultDecoder<T> = (r: ResultReader) => T;

const DEFAULT_WINDOW = 64;
/** Bytes of one queued call: `{ code u32, slot u32, args u64, arg u32, 0 u32 }` (ts2goSubmission). */
const SUBMISSION_SIZE = 24;
/** Queued calls that are submitted at once, without waiting for the turn's end. */
const SUBMISSION_BATCH = 64;

const INITIAL_DRAIN = 256 * 1024;

/**
 * A loaded service client's engine; generated clients wrap one.
 *
 * @example
 * ```ts
 * import { Connection } from "./client.ts";
 * const c = Connection.open("./lib.so", "TestCall", 0x1234abcd, { ping: "sync" });
 * const ping = c.native("ping");
 * ```
 */
export class Connection {
  readonly service: string;
  private readonly lib: NativeLibrary;
  private readonly host: number;
  private readonly waker: Waker;
  private readonly pool: ArenaPool;
  /** This client's sync calls: generated methods write their arguments between `sync.writer` and `sync.call`. */
  readonly sync: SyncCalls;
  private readonly takeAsync = (rootSize: number, total: number) => this.asyncArgsWriter(rootSize, total);
  private readonly giveAsync = (w: ArgWriter) => this.discard(w);
  private readonly usualDrainBuffer = new FrameBuffer(INITIAL_DRAIN);
  private drainBuffer = this.usualDrainBuffer;
  // The call table: parallel arrays indexed by slot, reused through a free list.
  private readonly writers: (ArgWriter | null)[] = [];
  private readonly decoders: (ResultDecoder<unknown> | null)[] = [];
  // null once the call's Promise has settled (aborted or closed) while Go still runs it.
  private readonly resolvers: (((v: unknown) => void) | null)[] = [];
  private readonly rejecters: (((e: unknown) => void) | null)[] = [];
  private readonly unsubscribers: ((() => void) | null)[] = [];
  private readonly streams: (CallStream<unknown> | null)[] = [];
  private readonly hostServer: HostServer;
  private readonly freeSlots: number[] = [];
  // Async and stream calls made in one turn, started together (see submit()).
  private readonly queue = new FrameBuffer(SUBMISSION_SIZE * SUBMISSION_BATCH);
  private queued = 0;
  private readonly flushQueued = () => this.flush();
  // Slots a caller still waits for: only those keep the process alive (through the waker), so an
  // aborted call whose Go method ignores ctx does not.
  private readonly awaitedSlots: boolean[] = [];
  private closed = false;
  private draining = false;

  private constructor(
    service: string,
    lib: NativeLibrary,
    waker: Waker,
    readonly strict: boolean,
  ) {
    this.service = service;
    this.lib = lib;
    this.waker = waker;
    const host = this.host = lib.ts2go_host_open(waker.id) as number;
    if (host === 0xffffffff) throw new LibraryError(`ts2go: Go refused a client of ${service} (no waker)`);
    waker.add(host, this);
    // Async arguments live in memory Go allocated: a Go method may read them after this thread is gone.
    this.pool = new ArenaPool(backend.addressOf, true, {
      allocate: (size) => {
        const addr = lib.ts2go_alloc(host, size) as number;
        if (addr === 0) throw new RangeError(`ts2go: Go could not allocate ${size} bytes for arguments`);
        return { buffer: backend.external(addr, size), addr };
      },
      free: (addr) => lib.ts2go_free(host, addr),
    });
    const take = (into: Uint8Array, size: number) => lib.ts2go_take(host, into, size);
    this.sync = new SyncCalls(this, host, take, backend.addressOf);
    this.hostServer = new HostServer({
      take: (rootSize, total) => this.pool.take(total).resetTo(rootSize, total),
      give: (w) => this.pool.give(w),
      reply: (call, status, w) => this.lib.ts2go_host_reply(this.host, call, status, w.u8),
      open: () => !this.closed,
      strict,
    });
  }

  /**
   * Loads `path`, checks it is a ts2go library built from the same schema, and opens a host in it.
   *
   * @param path the shared library (from `buildGo`).
   * @param service the service name in the schema.
   * @param fingerprint the schema fingerprint the generated TS was made with.
   * @param methods each method's name and kind.
   * @param options see {@link LoadOptions}.
   */
  static open(
    path: string,
    service: string,
    fingerprint: number,
    methods: MethodKinds,
    options: LoadOptions = {},
  ): Connection {
    const strict = options.strict ?? strictByDefault();
    const lib = openServiceLibrary(path, service, fingerprint, methods);
    return new Connection(service, lib, wakerFor(path, lib), strict);
  }

  /** The native function of a method. */
  native(method: string): NativeFunction {
    return boundFunction(this.lib, `ts2go_${this.service}_${method}`);
  }

  /**
   * Packs an async call's arguments into a buffer of their measured size (see `packArgs`) and starts
   * the call; every failure rejects the Promise.
   *
   * @param code the method's wire code.
   * @param rootSize the size of the method's args Ref.
   * @param first the first parameter's name (`measure` and `write` set the others').
   * @param measure checks the arguments and returns their heap bytes; null when they have none.
   * @param write writes the arguments; null when there are none.
   * @param args the arguments.
   * @param decode reads the result.
   * @param options the caller's options.
   */
  invokeAsync<A extends unknown[], T>(
    code: number,
    rootSize: number,
    first: string,
    measure: MeasureArgs<A> | null,
    write: WriteArgs<A> | null,
    args: A,
    decode: ResultDecoder<T>,
    options?: CallOptions,
  ): Promise<T> {
    let w: ArgWriter;
    try {
      w = packArgs(rootSize, first, measure, write, args, this.strict, this.takeAsync, this.giveAsync);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.callAsync(code, w, decode, options);
  }

  /** Packs a stream call's arguments (see {@link invokeAsync}) and prepares the stream; a bad value throws. */
  invokeStream<A extends unknown[], T>(
    code: number,
    rootSize: number,
    first: string,
    measure: MeasureArgs<A> | null,
    write: WriteArgs<A> | null,
    args: A,
    decode: ResultDecoder<T>,
    options?: StreamOptions,
  ): CallStream<T> {
    const w = packArgs(rootSize, first, measure, write, args, this.strict, this.takeAsync, this.giveAsync);
    return this.callStream(code, w, decode, options);
  }

  /** A pooled writer for an async call; it stays with the call until its result arrives. */
  asyncArgsWriter(rootSize: number, total: number): ArgWriter {
    if (this.closed) throw new ClientClosedError(this.service);
    const w = this.pool.take(total);
    w.reset(rootSize, total);
    return w;
  }

  /** Gives back an async call's writer that will not be sent (its arguments failed to pack). */
  discard(w: ArgWriter): void {
    this.pool.give(w);
  }

  /** Starts an async call whose arguments are in `w`; the Promise settles when Go finishes. */
  callAsync<T>(code: number, w: ArgWriter, decode: ResultDecoder<T>, options?: CallOptions): Promise<T> {
    const signal = options?.signal;
    try {
      finishStrings(w);
      signal?.throwIfAborted();
    } catch (e) {
      this.pool.give(w);
      return Promise.reject(e);
    }
    const slot = this.takeSlot(w, decode);
    const promise = new Promise<T>((resolve, reject) => {
      this.resolvers[slot] = resolve as (v: unknown) => void;
      this.rejecters[slot] = reject;
    });
    this.submit(code, slot, w.addr, signal ? 1 : 0);
    if (signal) this.watch(slot, signal, () => this.abort(slot, signal.reason));
    return promise;
  }

  /**
   * Prepares a stream call whose arguments are in `w`; the Go method starts on the first `next()`.
   * Items are decoded with `decode`.
   */
  callStream<T>(code: number, w: ArgWriter, decode: ResultDecoder<T>, options?: StreamOptions): CallStream<T> {
    const window = Math.max(1, Math.min(options?.window ?? DEFAULT_WINDOW, 0xffffffff));
    const signal = options?.signal;
    finishStrings(w);
    let slot = -1;
    const stream: CallStream<T> = new CallStream<T>(window, {
      start: () => {
        if (this.closed) throw new ClientClosedError(this.service);
        signal?.throwIfAborted();
        slot = this.takeSlot(w, decode);
        this.streams[slot] = stream as CallStream<unknown>;
        this.submit(code, slot, w.addr, window);
        if (signal) this.watch(slot, signal, () => stream.fail(signal.reason));
      },
      stop: () => {
        this.release(slot);
        this.cancel(slot);
      },
      ack: (n) => this.lib.ts2go_stream_ack(this.host, slot, n),
    });
    return stream;
  }

  /**
   * Serves a Host service: Go calls to it run `methods` (keyed by wire code) on this client.
   *
   * @param serviceCode the service's wire code.
   * @param methods each method's code and handler.
   */
  provide(serviceCode: number, methods: Record<number, HostMethod>): void {
    if (this.closed) throw new ClientClosedError(this.service);
    for (const [code, method] of Object.entries(methods)) this.hostServer.add(Number(code), method);
    this.lib.ts2go_host_provide(this.host, serviceCode);
  }

  /** Runs `onAbort` when `signal` aborts, until the slot settles (see settle()). */
  private watch(slot: number, signal: AbortSignal, onAbort: () => void): void {
    signal.addEventListener("abort", onAbort, { once: true });
    this.unsubscribers[slot] = () => signal.removeEventListener("abort", onAbort);
  }

  private takeSlot(w: ArgWriter, decode: ResultDecoder<unknown>): number {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.writers.length;
    this.writers[slot] = w;
    this.decoders[slot] = decode;
    this.unsubscribers[slot] = null;
    this.streams[slot] = null;
    this.awaitedSlots[slot] = true;
    this.waker.ref();
    return slot;
  }

  /** Nobody waits for this slot's result any more (settled, aborted or closed). */
  private release(slot: number): void {
    if (!this.awaitedSlots[slot]) return;
    this.awaitedSlots[slot] = false;
    this.waker.unref();
  }

  /** Rejects an in-flight call now and cancels its Go context; its slot is freed when Go finishes. */
  private abort(slot: number, reason: unknown): void {
    const reject = this.rejecters[slot];
    if (!reject) return;
    this.settle(slot);
    this.release(slot);
    reject(reason);
    this.cancel(slot);
  }

  /** Cancels a call's Go context; submits queued calls first, so that Go knows the slot. */
  private cancel(slot: number): void {
    this.flush();
    this.lib.ts2go_cancel(this.host, slot);
  }

  /** Queues an async or stream call for the next {@link flush} (at the latest, this turn's end). */
  private submit(code: number, slot: number, addr: number, arg: number): void {
    const dv = this.queue.reader.dv;
    const at = this.queued * SUBMISSION_SIZE;
    dv.setUint32(at, code, true);
    dv.setUint32(at + 4, slot, true);
    putAddr(dv, at + 8, addr);
    dv.setUint32(at + 16, arg, true);
    if (++this.queued === SUBMISSION_BATCH) this.flush();
    else if (this.queued === 1) queueMicrotask(this.flushQueued);
  }

  /** Starts every queued call with one FFI call. */
  flush(): void {
    if (this.queued === 0) return;
    const n = this.queued;
    this.queued = 0;
    this.lib.ts2go_submit(this.host, this.queue.u8, n);
  }

  private settle(slot: number): void {
    this.resolvers[slot] = null;
    this.rejecters[slot] = null;
    this.unsubscribers[slot]?.();
    this.unsubscribers[slot] = null;
  }

  /** Drains every finished call (the waker runs this when Go reports this client ready). */
  drain(): void {
    // Not again from inside a drain (what a settled call or a Host method runs): the drain buffer
    // is in use, and the outer drain goes on until Go has no frames left.
    if (this.draining) return;
    this.draining = true;
    try {
      this.drainFrames();
    } finally {
      this.draining = false;
    }
  }

  private drainFrames(): void {
    while (!this.closed) {
      const buf = this.drainBuffer;
      const n = this.lib.ts2go_drain(this.host, buf.u8, buf.u8.length) as number;
      if (n === 0) return;
      const dv = buf.reader.dv;
      let grow = 0;
      for (let at = 0; at < n;) {
        const slot = dv.getUint32(at, true);
        const len = dv.getUint32(at + 8, true);
        if (slot === GROW_SLOT) {
          grow = FRAME_HEADER + len;
          break;
        }
        if (this.closed) return; // a Host method closed the client: its later frames are dropped
        buf.reader.base = at + FRAME_HEADER;
        const status = dv.getUint32(at + 4, true);
        if (status === STATUS_ITEM) this.pushItem(slot, buf.reader);
        else if (status === STATUS_HOST_CALL) this.hostServer.serve(slot, dv.getUint32(at + 12, true), buf.reader);
        else this.complete(slot, status, buf.reader);
        at += FRAME_HEADER + len;
      }
      // A frame larger than the buffer gets a buffer of its own for one drain; then back to the usual.
      this.drainBuffer = grow > 0 ? new FrameBuffer(round8(grow)) : this.usualDrainBuffer;
    }
  }

  /**
   * Gives a stream its next item. An item that cannot be decoded (a value Go should not have sent, or
   * too deep for the stack) ends the stream with that error after the items before it, and cancels
   * the Go method; it must not escape the drain, which serves every call of the client.
   */
  private pushItem(slot: number, r: ResultReader): void {
    const stream = this.streams[slot];
    if (!stream) return;
    let item: unknown;
    try {
      item = this.decoders[slot]!(r);
    } catch (e) {
      stream.finish(atResult(e, "item"));
      // Items Go sent after it are dropped; its last frame finds no stream (see complete()).
      this.streams[slot] = null;
      this.cancel(slot);
      return;
    }
    stream.push(item);
  }

  private complete(slot: number, status: number, r: ResultReader): void {
    const decode = this.decoders[slot]!;
    const resolve = this.resolvers[slot];
    const reject = this.rejecters[slot];
    const stream = this.streams[slot];
    this.settle(slot);
    this.streams[slot] = null;
    this.pool.give(this.writers[slot]!);
    this.writers[slot] = null;
    this.decoders[slot] = null;
    this.freeSlots.push(slot);
    this.release(slot);
    if (stream) {
      stream.finish(status === STATUS_OK ? null : readFailure(status, r));
      return;
    }
    if (!resolve || !reject) return; // already settled by abort() or close()
    if (status !== STATUS_OK) {
      reject(readFailure(status, r));
      return;
    }
    let value: unknown;
    try {
      value = decode(r);
    } catch (e) {
      reject(atResult(e));
      return;
    }
    resolve(value);
  }

  /**
   * Closes the client: calls in flight reject with {@link ClientClosedError} now and their Go `ctx`
   * is cancelled; Go frees their argument memory once their methods have returned; later calls
   * throw. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = this.sync.closed = true;
    const error = new ClientClosedError(this.service);
    for (let slot = 0; slot < this.writers.length; slot++) {
      if (this.streams[slot]) this.streams[slot]!.fail(error);
      else if (this.rejecters[slot]) this.rejecters[slot]!(error);
      this.settle(slot);
      this.release(slot);
      this.writers[slot] = null;
    }
    this.waker.remove(this.host);
    this.lib.ts2go_host_close(this.host);
  }
}
