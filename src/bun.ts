/**
 * The Bun FFI backend (`bun:ffi` `dlopen`, `ptr`, `toArrayBuffer`; a socket for completions).
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

import type { Backend, NativeFunction, NativeSignature, NativeType, NativeWaker } from "./backend.ts";

interface BunFfi {
  dlopen(path: string, symbols: Record<string, { args: string[]; returns: string }>): {
    symbols: Record<string, NativeFunction>;
  };
  ptr(view: ArrayBufferView): number;
  toArrayBuffer(addr: number, offset: number, size: number): ArrayBuffer;
}

/** The part of a Bun socket the waker uses. */
interface BunSocket {
  ref(): void;
  unref(): void;
}

interface BunConnect {
  connect(options: {
    fd: number;
    socket: {
      data(socket: BunSocket, chunk: Uint8Array): void;
      error?(socket: BunSocket, error: Error): void;
    };
  }): Promise<BunSocket>;
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

/**
 * Reads the ids Go writes to the JS end of the waker's socket pair (4 bytes each, little-endian);
 * Bun's event loop watches it, so nothing runs on a Go thread and nothing waits when idle.
 */
function openSocketWaker(
  lib: Record<string, NativeFunction>,
  onReady: (ids: Uint32Array, n: number) => void,
): NativeWaker {
  const id = lib.ts2go_waker_open(1) as number;
  if (id === 0xffffffff) throw new Error("ts2go: Go could not open a waker (no socket pair?)");
  const fd = lib.ts2go_waker_fd(id) as number;
  let ids = new Uint32Array(64);
  let carry = new Uint8Array(4);
  let carried = 0;
  let refs = false;
  let socket: BunSocket | null = null;
  const data = (chunk: Uint8Array) => {
    const total = carried + chunk.length;
    if (ids.length < total >>> 2) ids = new Uint32Array(total);
    let n = 0, at = 0;
    if (carried > 0) {
      at = Math.min(4 - carried, chunk.length);
      carry.set(chunk.subarray(0, at), carried);
      carried += at;
      if (carried < 4) return;
      ids[n++] = new DataView(carry.buffer).getUint32(0, true);
      carried = 0;
    }
    const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.length);
    for (; at + 4 <= chunk.length; at += 4) ids[n++] = dv.getUint32(at, true);
    if (at < chunk.length) {
      carry = new Uint8Array(4);
      carry.set(chunk.subarray(at));
      carried = chunk.length - at;
    }
    onReady(ids, n);
  };
  bun.connect({ fd, socket: { data: (_s, chunk) => data(chunk) } }).then((s) => {
    socket = s;
    if (!refs) s.unref();
  });
  return {
    id,
    ref() {
      refs = true;
      socket?.ref();
    },
    unref() {
      refs = false;
      socket?.unref();
    },
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
  open(path: string, symbols: Record<string, NativeSignature>): Record<string, NativeFunction> {
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
  openWaker: openSocketWaker,
};
