/**
 * The Deno FFI backend (`Deno.dlopen`, `Deno.UnsafeCallback.threadSafe`).
 *
 * @example
 * ```ts
 * import { denoBackend } from "./deno.ts";
 * denoBackend.name; // "deno"
 * ```
 * @module
 */

import type { Backend, NativeFunction, NativeSignature, WakeCallback } from "./backend.ts";

// Callbacks are never closed: a goroutine may still call one until the process exits, and a closed
// Deno callback leaves its C pointer dangling (`UnsafeCallback.close` frees the trampoline), and a
// goroutine calling it then segfaulted every time in tests.
const liveCallbacks: Deno.UnsafeCallback[] = [];

// `ts2go_address(buffer) f64` of the first library opened: an FFI fast call that returns a view's
// address costs about a fifth of `Deno.UnsafePointer.of` + `value`.
let fastAddress: ((view: ArrayBufferView) => number) | null = null;

/**
 * The backend used when running under Deno.
 *
 * @example
 * ```ts
 * import { denoBackend } from "./deno.ts";
 * const wake = denoBackend.wakeCallback(() => {});
 * wake.unref();
 * ```
 */
export const denoBackend: Backend = {
  name: "deno",
  open(path: string, symbols: Record<string, NativeSignature>): Record<string, NativeFunction> {
    const defs: Record<string, Deno.ForeignFunction> = {};
    for (const [name, sig] of Object.entries(symbols)) {
      defs[name] = { parameters: [...sig.parameters], result: sig.result } as Deno.ForeignFunction;
    }
    const bound = Deno.dlopen(path, defs).symbols as unknown as Record<string, NativeFunction>;
    if (!fastAddress && bound.ts2go_address) fastAddress = bound.ts2go_address as (v: ArrayBufferView) => number;
    return bound;
  },
  addressOf(view: ArrayBufferView): number {
    if (fastAddress) return fastAddress(view);
    return Number(Deno.UnsafePointer.value(Deno.UnsafePointer.of(view as Uint8Array<ArrayBuffer>)));
  },
  wakeCallback(onWake: () => void): WakeCallback {
    const cb = Deno.UnsafeCallback.threadSafe({ parameters: [], result: "void" } as const, onWake);
    cb.unref();
    liveCallbacks.push(cb);
    return { pointer: cb.pointer, blocksCaller: true, ref: () => cb.ref(), unref: () => cb.unref() };
  },
  onExit(fn: () => void): void {
    globalThis.addEventListener("unload", fn);
  },
};
