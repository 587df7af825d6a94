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
  open(path: string, symbols: Record<string, NativeSignature>): Record<string, NativeFunction>;
  /** Address of a view's first element (the view must not be empty). */
  addressOf(view: ArrayBufferView): number;
  /** An `ArrayBuffer` over `size` bytes of native memory at `addr`, which JS does not own or free. */
  external(addr: number, size: number): ArrayBuffer;
  /** Opens this thread's waker in a library whose symbols are `lib`; throws when Go refuses it. */
  openWaker(lib: Record<string, NativeFunction>, onReady: ReadyHandler): NativeWaker;
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
