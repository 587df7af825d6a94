/**
 * The hand-written baselines' JS side (none of it is ts2go): the plain FFI exports of
 * bench/go/baseline.go, JSON over FFI, and the naive async design with one thread-safe callback call
 * per completion. The runtime-specific part (Deno.* or bun:ffi) is in baseline_deno.ts /
 * baseline_bun.ts, loaded by runtime detection as src/backend.ts does.
 * @module
 */

/** The raw exports of bench/go/baseline.go, bound by one runtime's FFI. */
export interface NativeBaseline {
  goVersion(): string;
  gomaxprocs(): number;
  /** Workload 1 in Go alone: calls/s of `inFlight` goroutines sleeping 10 ms in a loop for `ms`. */
  goSeedCeiling(inFlight: number, ms: number): number;
  /** Starts a Go runtime metrics interval; goMetrics() reports the change since. */
  goMetricsMark(): void;
  goMetrics(): Record<string, number>;
  rawPing(n: bigint): bigint;
  rawSum(data: Uint8Array): bigint;
  jsonCountUsers(json: Uint8Array): number;
  jsonSumBytes(json: Uint8Array): bigint;
  /** Starts the naive echo; the callback later gets (slot, n + 1). */
  naiveEcho(slot: number, n: bigint): void;
  /** Starts the naive seed call; Go reads `packed` until the callback for `slot` has run. */
  naiveSeed(slot: number, packed: Uint8Array): void;
  /** Keep the event loop alive while naive calls are in flight. */
  ref(): void;
  unref(): void;
}

/** What baseline_deno.ts and baseline_bun.ts export. */
export interface NativeModule {
  openNative(path: string, onComplete: (slot: number, value: number | bigint) => void): NativeBaseline;
}

/** A user of the demo request. */
export interface User {
  name: string;
  age: number;
}

/** The demo's DemoComplicatedRequest. */
export interface Request {
  users: User[];
  balabala: Uint8Array;
}

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const native: NativeModule = isDeno ? await import("./baseline_deno.ts") : await import("./baseline_bun.ts");

const encoder = new TextEncoder();

/** Base64 as encoding/json writes and reads []byte. */
export function toBase64(data: Uint8Array): string {
  return (data as Uint8Array & { toBase64(): string }).toBase64();
}

/** The demo request as JSON (what the JSON-over-FFI and HTTP baselines send). */
export function requestJson(req: Request): string {
  return JSON.stringify({ users: req.users, balabala: toBase64(req.balabala) });
}

/** `{"data": base64}` (what the JSON-over-FFI and HTTP baselines send for bytes). */
export function bytesJson(data: Uint8Array): string {
  return JSON.stringify({ data: toBase64(data) });
}

/** The baselines, bound to the bench library. */
export class Baseline {
  readonly native: NativeBaseline;
  // The naive design's call table: one resolver and one request buffer per slot, slots reused.
  private readonly resolvers: ((v: bigint) => void)[] = [];
  private readonly buffers: (Uint8Array | null)[] = [];
  private readonly free: number[] = [];
  private inFlight = 0;

  constructor(path: string) {
    this.native = native.openNative(path, (slot, value) => this.complete(slot, value));
  }

  private complete(slot: number, value: number | bigint): void {
    const resolve = this.resolvers[slot];
    this.free.push(slot);
    if (--this.inFlight === 0) this.native.unref();
    resolve(typeof value === "bigint" ? value : BigInt(value));
  }

  private start(): [number, Promise<bigint>] {
    const slot = this.free.length > 0 ? this.free.pop()! : this.resolvers.length;
    const p = new Promise<bigint>((resolve) => {
      this.resolvers[slot] = resolve;
    });
    if (this.inFlight++ === 0) this.native.ref();
    return [slot, p];
  }

  /** Workload 2, naive: one goroutine and one thread-safe callback call per call. */
  naiveEcho(n: bigint): Promise<bigint> {
    const [slot, p] = this.start();
    this.native.naiveEcho(slot, n);
    return p;
  }

  /** Workload 1, naive: the request packed by hand into the slot's buffer; 1n when all are adults. */
  naiveSeed(req: Request): Promise<bigint> {
    const [slot, p] = this.start();
    // Size bound: 4 + per user (4 + 3 bytes per UTF-16 unit + 1) + 4 + bytes.
    let size = 8 + req.balabala.length;
    for (const u of req.users) size += 5 + u.name.length * 3;
    let buf = this.buffers[slot];
    if (!buf || buf.length < size) {
      // new ArrayBuffer: never moved by the GC, unlike Bun's small in-heap typed arrays.
      buf = this.buffers[slot] = new Uint8Array(new ArrayBuffer(Math.max(256, size)));
    }
    const dv = new DataView(buf.buffer);
    dv.setUint32(0, req.users.length, true);
    let at = 4;
    for (const u of req.users) {
      const written = encoder.encodeInto(u.name, buf.subarray(at + 4)).written;
      dv.setUint32(at, written, true);
      buf[at + 4 + written] = u.age;
      at += 5 + written;
    }
    dv.setUint32(at, req.balabala.length, true);
    buf.set(req.balabala, at + 4);
    this.native.naiveSeed(slot, buf);
    return p;
  }

  /** Workload 4, JSON over FFI: JSON.stringify, UTF-8, one sync call, encoding/json in Go. */
  jsonCountUsers(req: Request): number {
    return this.native.jsonCountUsers(encoder.encode(requestJson(req)));
  }

  /** Workload 4, JSON over FFI, for bytes: base64 in a JSON object. */
  jsonSumBytes(data: Uint8Array): bigint {
    return this.native.jsonSumBytes(encoder.encode(bytesJson(data)));
  }
}
