/**
 * The Deno FFI backend (`Deno.dlopen`, a `nonblocking` wait for completions).
 *
 * @example
 * ```ts
 * import { denoBackend } from "./deno.ts";
 * denoBackend.name; // "deno"
 * ```
 * @module
 */

import type { Backend, NativeFunction, NativeSignature, NativeType, NativeWaker } from "./backend.ts";

// The part of Deno's FFI used here, typed locally so that type-checking ts2go needs no Deno types
// (Bun users run tsc with bun-types, where the namespace `Deno` does not exist).
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
  readonly internal: symbol;
}
const Deno = (globalThis as unknown as { Deno: DenoFfi }).Deno;

// `ts2go_address(buffer) f64` of the first library opened: an FFI fast call that returns a view's
// address costs about a fifth of `Deno.UnsafePointer.of` + `value`.
let fastAddress: ((view: ArrayBufferView) => number) | null = null;

/** What ts2go_wait returns once its waker is closed (its thread is going away). */
const WAIT_CLOSED = 0xffffffff;
/** Host ids ts2go_wait reports at most per return (TS2GO_READY_CAP in go/wake.go). */
const READY_CAP = 256;

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

/**
 * Keeps one `ts2go_wait` pending on Deno's blocking pool (one thread of it per JS thread and
 * library): it returns when Go has posted ready hosts, JS handles them and waits again. Without a
 * way to unref the pending call, it is only kept while ref'ed, so an idle client lets the process
 * exit (then a Go → TS call made while no call is awaited waits for the next one).
 */
function openWaitWaker(
  lib: Record<string, NativeFunction>,
  onReady: (ids: Uint32Array, n: number) => void,
): NativeWaker {
  const id = lib.ts2go_waker_open(0) as number;
  if (id === 0xffffffff) throw new Error("ts2go: Go could not open a waker (out of memory?)");
  const waiter = lib.ts2go_waker_waiter(id);
  const ids = new Uint32Array(Deno.UnsafePointerView.getArrayBuffer(waiter, READY_CAP * 4));
  const wait = lib.ts2go_wait as unknown as (w: unknown) => Promise<number>;
  let refs = false;
  let pending: Promise<number> | null = null;
  const arm = () => {
    if (pending || (!opPromises && !refs)) return;
    const p = pending = wait(waiter);
    if (!refs) opPromises?.unrefOpPromise(p);
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
  return {
    id,
    ref() {
      refs = true;
      if (pending) opPromises?.refOpPromise(pending);
      else arm();
    },
    unref() {
      refs = false;
      if (pending) opPromises?.unrefOpPromise(pending);
    },
  };
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
    ts2go_waker_waiter: { parameters: ["u32"], result: "pointer" },
    ts2go_wait: { parameters: ["pointer"], result: "u32", nonblocking: true },
  },
  open(path: string, symbols: Record<string, NativeSignature>): Record<string, NativeFunction> {
    const defs: Record<string, { parameters: NativeType[]; result: NativeType; nonblocking: boolean }> = {};
    for (const [name, sig] of Object.entries(symbols)) {
      defs[name] = { parameters: [...sig.parameters], result: sig.result, nonblocking: sig.nonblocking ?? false };
    }
    const bound = Deno.dlopen(path, defs).symbols as unknown as Record<string, NativeFunction>;
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
  openWaker: openWaitWaker,
};
