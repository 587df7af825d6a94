/**
 * The Bun FFI backend (`bun:ffi` `dlopen`, `ptr`, `toArrayBuffer`; results announced by a threadsafe
 * `JSCallback` on the main thread, by a socket on Workers).
 *
 * `bun:ffi` is imported by a computed specifier so that Deno's type checker never resolves it.
 *
 * @example
 * ```ts
 * import { bunBackend } from "./bun.ts";
 * bunBackend.name; // "bun"
 * ```
 * @module
 */

import process from "node:process";
import {
  type Backend,
  boundFunction,
  type NativeLibrary,
  type NativeSignature,
  type NativeType,
  type NativeWaker,
  type ReadyHandler,
} from "./backend.ts";

interface BunFfi {
  dlopen(path: string, symbols: Record<string, { args: string[]; returns: string }>): {
    symbols: NativeLibrary;
  };
  ptr(view: ArrayBufferView): number;
  toArrayBuffer(addr: number, offset: number, size: number): ArrayBuffer;
  JSCallback: new (
    fn: () => void,
    def: { args: string[]; returns: string; threadsafe: boolean },
  ) => { ptr: number };
}

/** What the waker uses of a Bun socket or an interval handle: whether it keeps Bun alive. */
interface BunSocket {
  ref(): void;
  unref(): void;
}

interface BunConnect {
  connect(options: { fd: number; socket: { data(): void } }): Promise<BunSocket>;
}

const specifier = "bun:ffi";
const ffi = (await import(specifier)) as BunFfi;
const bun = (globalThis as unknown as { Bun: BunConnect }).Bun;

const BUN_TYPE: Record<NativeType, string> = {
  u32: "u32",
  i32: "i32",
  f64: "f64",
  // The numeric FFIType.buffer is rejected by Bun 1.4.5; the string works.
  buffer: "buffer",
  pointer: "ptr",
  void: "void",
};

/** Host ids ts2go_ready reports at most at a time (TS2GO_READY_CAP in go/waiter.go). */
const READY_CAP = 256;
/** Doorbells of ts2go_waker_open (go/wake.go). */
const BELL_SOCKET = 1, BELL_CALLBACK = 2;

// Callbacks are never closed: Go may call one until the process exits.
const liveCallbacks: unknown[] = [];
const isMainThread = (globalThis as unknown as { Bun: { isMainThread: boolean } }).Bun.isMainThread;
// The main thread's wakers, closed at exit so that Go stops calling their callbacks.
const mainWakers: { lib: NativeLibrary; id: number }[] = [];
if (isMainThread) {
  process.on("exit", () => {
    for (const w of mainWakers) w.lib.ts2go_waker_close(w.id);
  });
}

/**
 * Opens this thread's waker. Its doorbell is, on the main thread, a threadsafe `JSCallback` (it only
 * queues a call for the JS thread, and the main thread goes away only with the process); on a
 * Worker, whose thread can go away at any time, a byte on a socket pair whose other end Bun's event
 * loop reads, so that Go never calls into it. Either way JS then takes the ready list with
 * `ts2go_ready`. Neither keeps Bun alive by itself: an interval handle (callback) or the socket is
 * ref'ed while a client waits for a result.
 */
function openWaker(lib: NativeLibrary, onReady: ReadyHandler): NativeWaker {
  const ring = () => {
    for (let n = ready(); n > 0; n = ready()) onReady(ids, n);
  };
  let callback: { ptr: number } | null = null;
  if (isMainThread) {
    callback = new ffi.JSCallback(ring, { args: [], returns: "void", threadsafe: true });
    liveCallbacks.push(callback);
  }
  const id = lib.ts2go_waker_open(isMainThread ? BELL_CALLBACK : BELL_SOCKET, callback?.ptr ?? null) as number;
  if (id === 0xffffffff) throw new Error("ts2go: Go could not open a waker (no socket pair on this system?)");
  const waiter = lib.ts2go_waker_waiter(id) as number;
  const ids = new Uint32Array(ffi.toArrayBuffer(waiter, 0, READY_CAP * 4));
  const ready = () => lib.ts2go_ready(waiter) as number;
  let refs = false;
  let handle: BunSocket | null = null;
  if (callback) {
    handle = setInterval(() => {}, 2 ** 30) as unknown as BunSocket;
    handle.unref();
    mainWakers.push({ lib, id });
  } else {
    bun.connect({ fd: boundFunction(lib, "ts2go_waker_fd")(id) as number, socket: { data: ring } }).then((s) => {
      handle = s;
      if (!refs) s.unref();
    });
  }
  return {
    id,
    ref() {
      refs = true;
      handle?.ref();
    },
    unref() {
      refs = false;
      handle?.unref();
    },
    busy() {},
  };
}

/**
 * The backend used when running under Bun.
 *
 * @example
 * ```ts
 * import { bunBackend } from "./bun.ts";
 * bunBackend.addressOf(new Uint8Array(new ArrayBuffer(8))) > 0; // true
 * ```
 */
export const bunBackend: Backend = {
  name: "bun",
  wakerSymbols: {
    ts2go_waker_fd: { parameters: ["u32"], result: "i32" },
  },
  open(path: string, symbols: Record<string, NativeSignature>): NativeLibrary {
    const defs: Record<string, { args: string[]; returns: string }> = {};
    for (const [name, sig] of Object.entries(symbols)) {
      defs[name] = { args: sig.parameters.map((t) => BUN_TYPE[t]), returns: BUN_TYPE[sig.result] };
    }
    return ffi.dlopen(path, defs).symbols;
  },
  addressOf(view: ArrayBufferView): number {
    // Small typed arrays live in JSC's GC heap and move on first `.buffer` access; touching it first
    // moves the data out once, to memory that stays put while the view is reachable.
    void view.buffer;
    return ffi.ptr(view);
  },
  external(addr: number, size: number): ArrayBuffer {
    return ffi.toArrayBuffer(addr, 0, size);
  },
  openWaker,
};
