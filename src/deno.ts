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

import type { Backend, NativeFunction, NativeSignature, NativeType, WakeCallback } from "./backend.ts";

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
    symbols: Record<string, { parameters: NativeType[]; result: NativeType }>,
  ): { symbols: Record<string, unknown> };
  UnsafePointer: { of(view: ArrayBufferView): unknown; value(pointer: unknown): bigint | number };
  UnsafeCallback: {
    threadSafe(definition: { parameters: []; result: "void" }, callback: () => void): DenoCallback;
  };
}
const Deno = (globalThis as unknown as { Deno: DenoFfi }).Deno;

// Callbacks are never closed: a goroutine may still call one until the process exits, and a closed
// Deno callback leaves its C pointer dangling (`UnsafeCallback.close` frees the trampoline), and a
// goroutine calling it then segfaulted every time in tests.
const liveCallbacks: DenoCallback[] = [];

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
    const defs: Record<string, { parameters: NativeType[]; result: NativeType }> = {};
    for (const [name, sig] of Object.entries(symbols)) {
      defs[name] = { parameters: [...sig.parameters], result: sig.result };
    }
    const bound = Deno.dlopen(path, defs).symbols as unknown as Record<string, NativeFunction>;
    if (!fastAddress && bound.ts2go_address) fastAddress = bound.ts2go_address as (v: ArrayBufferView) => number;
    return bound;
  },
  addressOf(view: ArrayBufferView): number {
    if (fastAddress) return fastAddress(view);
    return Number(Deno.UnsafePointer.value(Deno.UnsafePointer.of(view)));
  },
  wakeCallback(onWake: () => void): WakeCallback {
    const cb = Deno.UnsafeCallback.threadSafe({ parameters: [], result: "void" }, onWake);
    cb.unref();
    liveCallbacks.push(cb);
    return { pointer: cb.pointer, blocksCaller: true, ref: () => cb.ref(), unref: () => cb.unref() };
  },
  onExit(fn: () => void): void {
    (globalThis as unknown as EventTarget).addEventListener("unload", fn);
  },
};
