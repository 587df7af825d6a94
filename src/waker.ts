/**
 * This thread's waker in each library (see go/wake.go): Go reports through it which clients (hosts)
 * have results ready, and each of those drains. The clients of one library on one thread share it;
 * it keeps the event loop alive while any of them waits for a result, and tells the backend when
 * many results are awaited.
 *
 * @example
 * ```ts
 * import { wakerFor } from "./waker.ts";
 * declare const lib: import("./backend.ts").NativeLibrary;
 * const waker = wakerFor("./lib.so", lib);
 * waker.ref(); waker.unref();
 * ```
 * @module
 */

import { backend, type NativeLibrary, type NativeWaker } from "./backend.ts";

/**
 * Calls awaited on this thread from which the waker counts as busy, and down to which it counts as
 * idle again (see {@link NativeWaker.busy}).
 */
const BUSY_FROM = 16, IDLE_UNTIL = 2;

/** What a waker asks of a client it reports ready. */
export interface Drainable {
  /** Takes the client's ready frames. */
  drain(): void;
}

/**
 * One library's waker on this thread, with the clients it serves.
 *
 * @example
 * ```ts
 * import { wakerFor } from "./waker.ts";
 * declare const lib: import("./backend.ts").NativeLibrary;
 * wakerFor("./lib.so", lib).add(0, { drain() {} });
 * ```
 */
export class Waker {
  private readonly native: NativeWaker;
  private readonly hosts = new Map<number, Drainable>();
  private awaited = 0;

  /** @param lib the library's symbols, with the backend's waker symbols. */
  constructor(lib: NativeLibrary) {
    this.native = backend.openWaker(lib, (ids, n) => {
      for (let i = 0; i < n; i++) this.hosts.get(ids[i]!)?.drain();
    });
  }

  /** The id `ts2go_host_open` takes. */
  get id(): number {
    return this.native.id;
  }

  /** Reports host `id` ready to `client`. */
  add(id: number, client: Drainable): void {
    this.hosts.set(id, client);
  }

  /** Stops reporting host `id`. */
  remove(id: number): void {
    this.hosts.delete(id);
  }

  /** A client waits for one more result: keep the event loop alive. */
  ref(): void {
    if (this.awaited++ === 0) this.native.ref();
    if (this.awaited === BUSY_FROM) this.native.busy(true);
  }

  /** A client waits for one result less (balanced with {@link ref}). */
  unref(): void {
    if (--this.awaited === 0) this.native.unref();
    if (this.awaited === IDLE_UNTIL) this.native.busy(false);
  }
}

// Module state is per thread (each Worker loads its own copy), so this map is this thread's.
const wakers = new Map<string, Waker>();

/**
 * This thread's waker in the library at `path`, opened on first use.
 *
 * @example
 * ```ts
 * import { wakerFor } from "./waker.ts";
 * declare const lib: import("./backend.ts").NativeLibrary;
 * wakerFor("./lib.so", lib) === wakerFor("./lib.so", lib); // true
 * ```
 */
export function wakerFor(path: string, lib: NativeLibrary): Waker {
  let waker = wakers.get(path);
  if (!waker) wakers.set(path, waker = new Waker(lib));
  return waker;
}
