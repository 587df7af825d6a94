/**
 * The baselines' Bun FFI binding (`bun:ffi` `dlopen`, threadsafe `JSCallback`). `bun:ffi` is imported
 * by a computed specifier so that Deno's type checker never resolves it.
 * @module
 */
import type { NativeBaseline } from "./baseline.ts";

type Fn = (...args: unknown[]) => unknown;
interface BunFfi {
  dlopen(path: string, symbols: Record<string, { args: string[]; returns: string }>): { symbols: Record<string, Fn> };
  JSCallback: new (fn: Fn, def: { args: string[]; returns: string; threadsafe: boolean }) => { ptr: number };
}

const specifier = "bun:ffi";
const ffi = (await import(specifier)) as BunFfi;

// Never closed, as in src/bun.ts.
const live: unknown[] = [];

/** Binds bench/go/baseline.go's exports; `onComplete` is the naive design's per-completion callback. */
export function openNative(path: string, onComplete: (slot: number, value: number | bigint) => void): NativeBaseline {
  const s = ffi.dlopen(path, {
    bench_go_version: { args: ["buffer", "u32"], returns: "u32" },
    bench_gomaxprocs: { args: [], returns: "u32" },
    bench_go_seed_ceiling: { args: ["u32", "u32"], returns: "f64" },
    bench_go_metrics_mark: { args: [], returns: "void" },
    bench_go_metrics: { args: ["buffer", "u32"], returns: "u32" },
    bench_raw_ping: { args: ["u64"], returns: "u64" },
    bench_raw_sum: { args: ["buffer", "u64"], returns: "u64" },
    bench_json_count_users: { args: ["buffer", "u32"], returns: "u32" },
    bench_json_sum_bytes: { args: ["buffer", "u32"], returns: "u64" },
    bench_naive_set_callback: { args: ["ptr"], returns: "void" },
    bench_naive_echo: { args: ["u32", "u64"], returns: "void" },
    bench_naive_seed: { args: ["u32", "buffer", "u32"], returns: "void" },
  }).symbols;
  // Threadsafe JSCallbacks must return void: Bun posts the call to the JS thread and returns at once, so
  // a result would be an uninitialised register. Go does not wait for JS.
  const cb = new ffi.JSCallback(onComplete as Fn, { args: ["u32", "u64"], returns: "void", threadsafe: true });
  // A threadsafe JSCallback does not keep Bun alive; an interval handle ref'ed while calls are in flight does.
  const keepAlive = setInterval(() => {}, 2 ** 30) as unknown as { ref(): void; unref(): void };
  keepAlive.unref();
  live.push(cb);
  s.bench_naive_set_callback(cb.ptr);
  return {
    goVersion() {
      const buf = new Uint8Array(new ArrayBuffer(64));
      return new TextDecoder().decode(buf.subarray(0, s.bench_go_version(buf, buf.length) as number));
    },
    gomaxprocs: () => s.bench_gomaxprocs() as number,
    goSeedCeiling: (inFlight, ms) => s.bench_go_seed_ceiling(inFlight, ms) as number,
    goMetricsMark: () => void s.bench_go_metrics_mark(),
    goMetrics() {
      const buf = new Uint8Array(new ArrayBuffer(4096));
      return JSON.parse(new TextDecoder().decode(buf.subarray(0, s.bench_go_metrics(buf, buf.length) as number)));
    },
    rawPing: (n) => BigInt(s.bench_raw_ping(n) as bigint),
    rawSum: (data) => BigInt(s.bench_raw_sum(data, data.length) as bigint),
    jsonCountUsers: (json) => s.bench_json_count_users(json, json.length) as number,
    jsonSumBytes: (json) => BigInt(s.bench_json_sum_bytes(json, json.length) as bigint),
    naiveEcho: (slot, n) => void s.bench_naive_echo(slot, n),
    naiveSeed: (slot, packed) => void s.bench_naive_seed(slot, packed, packed.length),
    ref: () => keepAlive.ref(),
    unref: () => keepAlive.unref(),
  };
}
