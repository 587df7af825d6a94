/**
 * The Bun FFI backend (`bun:ffi` `dlopen`, `ptr`, threadsafe `JSCallback`).
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

import type { Backend, NativeFunction, NativeSignature, NativeType, WakeCallback } from "./backend.ts";

interface BunFfi {
  dlopen(path: string, symbols: Record<string, { args: string[]; returns: string }>): {
    symbols: Record<string, NativeFunction>;
  };
  ptr(view: ArrayBufferView): number;
  JSCallback: new (
    fn: () => void,
    def: { args: string[]; returns: string; threadsafe: boolean },
  ) => { ptr: number };
}

const specifier = "bun:ffi";
const ffi = (await import(specifier)) as BunFfi;

const BUN_TYPE: Record<NativeType, string> = {
  u32: "u32",
  f64: "f64",
  // The numeric FFIType.buffer is rejected by Bun 1.4.5; the string works.
  buffer: "buffer",
  pointer: "ptr",
  void: "void",
};

// Never closed, for the same reason as on Deno: Go may call it until the process exits.
const liveCallbacks: unknown[] = [];

/**
 * The backend used when running under Bun.
 *
 * @example
 * ```ts
 * import { bunBackend } from "./bun.ts";
 * const wake = bunBackend.wakeCallback(() => {});
 * wake.ref(); wake.unref();
 * ```
 */
export const bunBackend: Backend = {
  name: "bun",
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
  wakeCallback(onWake: () => void): WakeCallback {
    const cb = new ffi.JSCallback(onWake, { args: [], returns: "void", threadsafe: true });
    liveCallbacks.push(cb);
    // A threadsafe JSCallback does not keep Bun alive; an interval handle, ref'ed while calls are in
    // flight, does.
    const keepAlive = setInterval(() => {}, 2 ** 30) as unknown as { ref(): void; unref(): void };
    keepAlive.unref();
    return { pointer: cb.ptr, blocksCaller: false, ref: () => keepAlive.ref(), unref: () => keepAlive.unref() };
  },
  onExit(fn: () => void): void {
    process.on("exit", fn);
  },
};
