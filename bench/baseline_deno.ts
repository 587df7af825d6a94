/**
 * The baselines' Deno FFI binding (`Deno.dlopen`, `Deno.UnsafeCallback.threadSafe`).
 * @module
 */
import type { NativeBaseline } from "./baseline.ts";

// Never closed: a goroutine may call it until the process exits (a closed Deno callback leaves its C
// pointer dangling).
const live: unknown[] = [];

/** Binds bench/go/baseline.go's exports; `onComplete` is the naive design's per-completion callback. */
export function openNative(path: string, onComplete: (slot: number, value: number | bigint) => void): NativeBaseline {
  const lib = Deno.dlopen(
    path,
    {
      bench_go_version: { parameters: ["buffer", "u32"], result: "u32" },
      bench_gomaxprocs: { parameters: [], result: "u32" },
      bench_go_seed_ceiling: { parameters: ["u32", "u32"], result: "f64" },
      bench_go_metrics_mark: { parameters: [], result: "void" },
      bench_go_metrics: { parameters: ["buffer", "u32"], result: "u32" },
      bench_raw_ping: { parameters: ["u64"], result: "u64" },
      bench_raw_sum: { parameters: ["buffer", "u64"], result: "u64" },
      bench_json_count_users: { parameters: ["buffer", "u32"], result: "u32" },
      bench_json_sum_bytes: { parameters: ["buffer", "u32"], result: "u64" },
      bench_naive_set_callback: { parameters: ["function"], result: "void" },
      bench_naive_echo: { parameters: ["u32", "u64"], result: "void" },
      bench_naive_seed: { parameters: ["u32", "buffer", "u32"], result: "void" },
    } as const,
  );
  const s = lib.symbols;
  const cb = Deno.UnsafeCallback.threadSafe({ parameters: ["u32", "u64"], result: "void" } as const, onComplete);
  cb.unref();
  live.push(cb, lib);
  s.bench_naive_set_callback(cb.pointer);
  return {
    goVersion() {
      const buf = new Uint8Array(64);
      return new TextDecoder().decode(buf.subarray(0, s.bench_go_version(buf, buf.length)));
    },
    gomaxprocs: () => s.bench_gomaxprocs(),
    goSeedCeiling: (inFlight, ms) => s.bench_go_seed_ceiling(inFlight, ms),
    goMetricsMark: () => s.bench_go_metrics_mark(),
    goMetrics() {
      const buf = new Uint8Array(4096);
      return JSON.parse(new TextDecoder().decode(buf.subarray(0, s.bench_go_metrics(buf, buf.length))));
    },
    rawPing: (n) => BigInt(s.bench_raw_ping(n)),
    rawSum: (data) => BigInt(s.bench_raw_sum(data as Uint8Array<ArrayBuffer>, BigInt(data.length))),
    jsonCountUsers: (json) => s.bench_json_count_users(json as Uint8Array<ArrayBuffer>, json.length),
    jsonSumBytes: (json) => BigInt(s.bench_json_sum_bytes(json as Uint8Array<ArrayBuffer>, json.length)),
    naiveEcho: (slot, n) => s.bench_naive_echo(slot, n),
    naiveSeed: (slot, packed) => s.bench_naive_seed(slot, packed as Uint8Array<ArrayBuffer>, packed.length),
    ref: () => cb.ref(),
    unref: () => cb.unref(),
  };
}
