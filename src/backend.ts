/**
 * The one interface the runtime core needs from an FFI: open a library, find an address, and make the
 * wake callback. `deno.ts` and `bun.ts` implement it; nothing else touches `Deno.*` or `bun:ffi`.
 *
 * @example
 * ```ts
 * import { backend } from "./backend.ts";
 * backend.name; // "deno" or "bun"
 * ```
 * @module
 */

/** Native parameter and result types used by the ts2go ABI. */
export type NativeType = "u32" | "f64" | "buffer" | "pointer" | "void";

/** A native function's signature. */
export interface NativeSignature {
  parameters: readonly NativeType[];
  result: NativeType;
}

/** A native argument as the backends accept it. */
export type NativeArg = number | Uint8Array | unknown;

/** A bound native function. */
export type NativeFunction = (...args: NativeArg[]) => number | void;

/** The wake callback: its native pointer and control over whether it keeps the process alive. */
export interface WakeCallback {
  /** What to pass for a `"pointer"` parameter. */
  readonly pointer: unknown;
  /** True when a call from another thread blocks that thread until JS has run it (Deno). */
  readonly blocksCaller: boolean;
  /** Keep the event loop alive (calls are in flight). */
  ref(): void;
  /** Let the process exit (nothing in flight). */
  unref(): void;
}

/** An FFI backend. */
export interface Backend {
  readonly name: "deno" | "bun";
  /** Opens `path` and binds `symbols`; throws the runtime's own error when that fails. */
  open(path: string, symbols: Record<string, NativeSignature>): Record<string, NativeFunction>;
  /** Address of a view's first element (the view must not be empty). */
  addressOf(view: ArrayBufferView): number;
  /** A thread-safe, argument-less callback; it is never closed (Go may call it until exit). */
  wakeCallback(onWake: () => void): WakeCallback;
  /** Runs `fn` when the process is about to exit (natural end of the program or an exit call). */
  onExit(fn: () => void): void;
}

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

/**
 * The backend of the runtime this code runs on.
 *
 * @example
 * ```ts
 * import { backend } from "./backend.ts";
 * const lib = backend.open("./lib.so", { ts2go_abi_version: { parameters: [], result: "u32" } });
 * ```
 */
export const backend: Backend = isDeno
  ? (await import("./deno.ts")).denoBackend
  : (await import("./bun.ts")).bunBackend;
