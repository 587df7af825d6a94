/**
 * The Deno FFI backend (`Deno.dlopen`; results announced by a `nonblocking` wait, or on the main
 * thread by a thread-safe callback while few calls are in flight).
 *
 * @example
 * ```ts
 * import { denoBackend } from "./deno.ts";
 * denoBackend.name; // "deno"
 * ```
 * @module
 */

import type { Backend, NativeLibrary, NativeSignature, NativeType, NativeWaker, ReadyHandler } from "./backend.ts";

// The part of Deno's FFI used here, typed locally so that type-checking ts2go needs no Deno types
// (Bun users run tsc with bun-types, where the namespace `Deno` does not exist).
interface DenoCallback {
  readonly pointer: unknown;
  ref(): unknown;
  unref(): unknown;
}
interface DenoFfi {
  dlopen(
    path: string,
    symbols: Record<string, { parameters: NativeType[]; result: NativeType; nonblocking: boolean }>,
  ): { symbols: Record<string, unknown> };
  UnsafePointer: {
    of(view: ArrayBufferView): unknown;
    value(pointer: unknown): bigint | number;
    create(address: bigint): unknown;
  };
  UnsafePointerView: { getArrayBuffer(pointer: unknown, byteLength: number): ArrayBuffer };
  UnsafeCallback: {
    threadSafe(definition: { parameters: []; result: "void" }, callback: () => void): DenoCallback;
  };
  readonly internal: symbol;
}
const Deno = (globalThis as unknown as { Deno: DenoFfi }).Deno;

// `ts2go_address(buffer) f64` of the first library opened: an FFI fast call that returns a view's
// address costs about a fifth of `Deno.UnsafePointer.of` + `value`.
let fastAddress: ((view: ArrayBufferView) => number) | null = null;

/** What ts2go_wait returns once its waker is closed (its thread is going away). */
const WAIT_CLOSED = 0xffffffff;
/** Host ids ts2go_wait and ts2go_ready report at most at a time (TS2GO_READY_CAP in go/waiter.go). */
const READY_CAP = 256;
/** Doorbells of ts2go_waker_open (go/wake.go). */
const BELL_NONE = 0, BELL_BLOCKING_CALLBACK = 3;

// A pending nonblocking call is an op Promise, which keeps the event loop alive until Deno's own
// internals unref it; there is no public API for that.
interface OpPromises {
  refOpPromise(p: Promise<unknown>): void;
  unrefOpPromise(p: Promise<unknown>): void;
}
const core = (Deno as unknown as Record<symbol, { core?: Partial<OpPromises> } | undefined>)[Deno.internal]?.core;
const opPromises: OpPromises | null = typeof core?.unrefOpPromise === "function" &&
    typeof core.refOpPromise === "function"
  ? core as OpPromises
  : null;

// Callbacks are never closed: Go may call one until the process exits, and `UnsafeCallback.close`
// frees its trampoline under Go.
const liveCallbacks: DenoCallback[] = [];
const isMainThread = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "undefined";

/**
 * A worker's waker: one `ts2go_wait` always pending on Deno's blocking pool (one thread of it per
 * worker and library), ref'ed while a client waits for a result. Without Deno's op-promise unref it
 * is only kept while ref'ed, so that an idle client lets the process exit.
 * The main thread's adds a callback, rung by a dispatcher goroutine while no wait is pending, and
 * keeps a wait pending only while busy.
 */
function openWaker(lib: NativeLibrary, onReady: ReadyHandler): NativeWaker {
  let refs = false;
  let busy = !isMainThread; // whether a wait is kept pending (a worker's always is)
  let pending: Promise<number> | null = null;
  let callback: DenoCallback | null = null;
  if (isMainThread) {
    callback = Deno.UnsafeCallback.threadSafe({ parameters: [], result: "void" }, () => ring());
    callback.unref();
    liveCallbacks.push(callback);
  }
  const id = lib.ts2go_waker_open(
    isMainThread ? BELL_BLOCKING_CALLBACK : BELL_NONE,
    callback?.pointer ?? null,
  ) as number;
  if (id === 0xffffffff) throw new Error("ts2go: Go could not open a waker (out of memory?)");
  const waiter = lib.ts2go_waker_waiter(id);
  // The ready ids, then the word that tells Go a ts2go_wait follows (no need to ring).
  const ids = new Uint32Array(Deno.UnsafePointerView.getArrayBuffer(waiter, READY_CAP * 4 + 4));
  const wait = lib.ts2go_wait as unknown as (w: unknown) => Promise<number>;
  const ready = () => lib.ts2go_ready(waiter) as number;
  // The doorbell rang: take the ready list until it is empty.
  const ring = () => {
    for (let n = ready(); n > 0; n = ready()) onReady(ids, n);
  };
  const arm = () => {
    if (pending || !busy || (!opPromises && !refs)) return;
    const p = pending = wait(waiter);
    if (!refs || callback) opPromises?.unrefOpPromise(p); // the main thread's liveness is the callback's
    p.then((n) => {
      pending = null;
      if (n === WAIT_CLOSED) return;
      try {
        onReady(ids, n);
      } finally {
        arm();
      }
    });
  };
  arm();
  if (callback) mainWakers.push({ lib, id, ring });
  return {
    id,
    ref() {
      refs = true;
      if (callback) callback.ref();
      else if (pending) opPromises?.refOpPromise(pending);
      else arm();
    },
    unref() {
      refs = false;
      if (callback) callback.unref();
      else if (pending) opPromises?.unrefOpPromise(pending);
    },
    // On the main thread, a wait is kept pending only while many calls are in flight: then it costs
    // less than the callback, which holds a Go thread and its P until JS has run it; with few, the
    // callback answers sooner (the wait adds a thread hop). Measured in docs/benchmarks-log.md.
    busy(on) {
      if (!callback) return;
      busy = on;
      ids[READY_CAP] = on ? 1 : 0;
      if (on) arm();
      // Take the ids posted while Go counted on a wait that will not come; later, since this runs
      // inside a drain (a call settled).
      else queueMicrotask(ring);
    },
  };
}

/** A main-thread waker, for the exit hooks: its id, and how JS takes its ready list. */
interface MainWaker {
  lib: NativeLibrary;
  id: number;
  ring(): void;
}
// The main thread's wakers: closed at exit so that Go stops calling their callbacks, and held when an
// uncaught error is about to end the process (see beforeFatal).
const mainWakers: MainWaker[] = [];
/** How many turns (1 ms apart) JS waits at most for a waiting callback call before raising the error again. */
const FATAL_TURNS = 1000;

/** Holds (or lets go) every main-thread waker's callback; true while a call of one still waits for JS. */
function holdMainWakers(on: boolean): boolean {
  let waiting = false;
  for (const w of mainWakers) waiting = (w.lib.ts2go_waker_hold(w.id, on ? 1 : 0) as number) !== 0 || waiting;
  // What Go posted while they were held is taken now.
  if (!on) { for (const w of mainWakers) w.ring(); }
  return waiting;
}

// The error beforeFatal raises again: it ends the process as the first would have.
let raisedAgain: { reason: unknown } | null = null;

/**
 * An uncaught error or unhandled rejection that no listener prevents ends the process without
 * "unload", and Deno then frees the callbacks and fails a Go thread blocked in one (exit 134 or 139:
 * 8 of 40 runs that threw inside a `for await` over a stream). So Go calls no callback from here on
 * (the wakers are held); when a call of one already waits for JS, the process is kept for the turns
 * JS needs to answer it, and then the same error is raised again. A listener after this one that
 * prevents the default keeps the process, as it would have: the wakers are let go.
 */
function beforeFatal(e: Event, reason: unknown, raise: () => void): void {
  if (e.defaultPrevented || raisedAgain?.reason === reason || mainWakers.length === 0) return;
  if (!holdMainWakers(true)) {
    setTimeout(() => holdMainWakers(false)); // runs only if the process lives on
    return;
  }
  e.preventDefault();
  let kept = false;
  Object.defineProperty(e, "preventDefault", { value: () => void (kept = true) });
  let turns = 0;
  const settle = () => {
    if (kept) holdMainWakers(false);
    else if (holdMainWakers(true) && ++turns < FATAL_TURNS) setTimeout(settle, 1);
    else {
      raisedAgain = { reason };
      raise();
    }
  };
  setTimeout(settle);
}

if (isMainThread) {
  const target = globalThis as unknown as EventTarget;
  target.addEventListener("unload", () => {
    for (const w of mainWakers) w.lib.ts2go_waker_close(w.id);
  });
  target.addEventListener("error", (e) => {
    const error = (e as Event & { error: unknown }).error;
    beforeFatal(e, error, () => {
      throw error;
    });
  });
  target.addEventListener("unhandledrejection", (e) => {
    const reason = (e as Event & { reason: unknown }).reason;
    beforeFatal(e, reason, () => void Promise.reject(reason));
  });
}

/**
 * The backend used when running under Deno.
 *
 * @example
 * ```ts
 * import { denoBackend } from "./deno.ts";
 * denoBackend.external(0x1000, 16).byteLength; // 16
 * ```
 */
export const denoBackend: Backend = {
  name: "deno",
  wakerSymbols: {
    ts2go_wait: { parameters: ["pointer"], result: "u32", nonblocking: true },
  },
  open(path: string, symbols: Record<string, NativeSignature>): NativeLibrary {
    const defs: Record<string, { parameters: NativeType[]; result: NativeType; nonblocking: boolean }> = {};
    for (const [name, sig] of Object.entries(symbols)) {
      defs[name] = { parameters: [...sig.parameters], result: sig.result, nonblocking: sig.nonblocking ?? false };
    }
    const bound = Deno.dlopen(path, defs).symbols as unknown as NativeLibrary;
    if (!fastAddress && bound.ts2go_address) fastAddress = bound.ts2go_address as (v: ArrayBufferView) => number;
    return bound;
  },
  addressOf(view: ArrayBufferView): number {
    if (fastAddress) return fastAddress(view);
    return Number(Deno.UnsafePointer.value(Deno.UnsafePointer.of(view)));
  },
  external(addr: number, size: number): ArrayBuffer {
    return Deno.UnsafePointerView.getArrayBuffer(Deno.UnsafePointer.create(BigInt(addr)), size);
  },
  openWaker,
};
