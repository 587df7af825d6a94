/**
 * The one interface the runtime core needs from an FFI: open a library, find an address, view native
 * memory, and open the waker through which Go tells this thread which clients have results.
 * `deno.ts` and `bun.ts` implement it; nothing else touches `Deno.*` or `bun:ffi`.
 *
 * @example
 * ```ts
 * import { backend } from "./backend.ts";
 * backend.name; // "deno" or "bun"
 * ```
 * @module
 */

/** Native parameter and result types used by the ts2go ABI. */
export type NativeType = "u32" | "i32" | "f64" | "buffer" | "pointer" | "void";

/** A native function's signature. */
export interface NativeSignature {
  parameters: readonly NativeType[];
  result: NativeType;
  /** Deno only: run the call on Deno's blocking pool and return a Promise. */
  nonblocking?: boolean;
}

/** A native argument as the backends accept it. */
export type NativeArg = number | Uint8Array | unknown;

/** A bound native function. */
export type NativeFunction = (...args: NativeArg[]) => number | void;

/** The runtime's own entry points (go/), bound in every library. */
export type RuntimeSymbol =
  | "ts2go_abi_version"
  | "ts2go_waker_open"
  | "ts2go_waker_waiter"
  | "ts2go_waker_close"
  | "ts2go_waker_hold"
  | "ts2go_ready"
  | "ts2go_host_open"
  | "ts2go_alloc"
  | "ts2go_free"
  | "ts2go_host_close"
  | "ts2go_drain"
  | "ts2go_take"
  | "ts2go_fix_signals"
  | "ts2go_cancel"
  | "ts2go_host_provide"
  | "ts2go_host_reply"
  | "ts2go_stream_ack"
  | "ts2go_address"
  | "ts2go_submit";

/**
 * The functions bound from one library. The runtime's symbols are always there; any other name (a
 * service's sync method, a backend's waker symbol) may not be, so reading one gives `| undefined`
 * whatever the compiler options (`noUncheckedIndexedAccess` among them).
 *
 * @example
 * ```ts
 * import type { NativeLibrary } from "./backend.ts";
 * declare const lib: NativeLibrary;
 * const abi = lib.ts2go_abi_version() as number;
 * const ping = lib["ts2go_TestCall_ping"]; // NativeFunction | undefined
 * ```
 */
export type NativeLibrary =
  & { readonly [S in RuntimeSymbol]: NativeFunction }
  & { readonly [name: string]: NativeFunction | undefined };

/**
 * The function `name` of `lib`, which was asked of {@link Backend.open} (opening fails when a symbol is
 * missing, so a miss here is a bug in ts2go, not in the library).
 *
 * @example
 * ```ts
 * import { boundFunction, type NativeLibrary } from "./backend.ts";
 * declare const lib: NativeLibrary;
 * const ping = boundFunction(lib, "ts2go_TestCall_ping");
 * ```
 */
export function boundFunction(lib: NativeLibrary, name: string): NativeFunction {
  const f = lib[name];
  if (f === undefined) throw new Error(`ts2go: ${name} was not bound (a bug in ts2go)`);
  return f;
}

/** Handles the ids of hosts with frames ready (`ids` is valid during the call only). */
export type ReadyHandler = (ids: Uint32Array, n: number) => void;

/**
 * This thread's waker in one library (go/wake.go): Go reports to it the ids of the clients (hosts)
 * that have frames ready.
 */
export interface NativeWaker {
  /** The waker's id in the library (`ts2go_host_open` takes it). */
  readonly id: number;
  /** Keep the event loop alive (a client waits for a result). */
  ref(): void;
  /** Let the process exit (no client waits); ready hosts are still reported while it runs. */
  unref(): void;
  /** Many results are awaited (true) or few again (false): the backend may change how it is told. */
  busy(busy: boolean): void;
}

/** An FFI backend. */
export interface Backend {
  readonly name: "deno" | "bun";
  /** The native functions the backend's waker needs, bound with the runtime's own. */
  readonly wakerSymbols: Record<string, NativeSignature>;
  /** Opens `path` and binds `symbols`; throws the runtime's own error when that fails. */
  open(path: string, symbols: Record<string, NativeSignature>): NativeLibrary;
  /** Address of a view's first element (the view must not be empty). */
  addressOf(view: ArrayBufferView): number;
  /** An `ArrayBuffer` over `size` bytes of native memory at `addr`, which JS does not own or free. */
  external(addr: number, size: number): ArrayBuffer;
  /** Opens this thread's waker in a library whose symbols are `lib`; throws when Go refuses it. */
  openWaker(lib: NativeLibrary, onReady: ReadyHandler): NativeWaker;
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
