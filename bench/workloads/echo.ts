/**
 * Workload 2, the overhead round trip: `echo` (u64 → u64, async) with 1,000 calls in flight and
 * with one, against the harness alone, the machine's thread wake-up and the naive callback.
 *
 * @example
 * ```ts
 * import { echo } from "./echo.ts";
 * const w2 = echo(); // a Workload: await w2.first!(bench); await w2.run(bench);
 * ```
 * @module
 */

import { execFileSync } from "node:child_process";
import { loopMedian, type LoopResult, percentile, sequentialLatencies } from "../harness.ts";
import { buildCFloor } from "../external.ts";
import { bySplit, fmtInt, fmtUs, fmtX, goSide } from "../report.ts";
import { RUST2GO } from "../rust2go.ts";
import { perCall, type ThreadCpu, threadCpu } from "../thread_cpu.ts";
import type { Bench, Workload } from "./workload.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

/** What ts2go's own runs measured. */
interface Ts2go {
  loop: LoopResult;
  /** Latencies of calls made one at a time, sorted, µs. */
  lat: number[];
  latSplit: ThreadCpu | undefined;
}

/** What the baselines measured. */
interface Baselines {
  harness: LoopResult;
  wake: { cross_cpu_us: number; same_cpu_us: number };
  naive: LoopResult;
  naiveLat: number[];
}

/**
 * Workload 2.
 * @example `const w2 = echo();`
 */
export function echo(): Workload {
  let n = 0n; // the argument of every echo call, ts2go's and the baseline's
  let ts: Ts2go;
  return {
    id: "w2",
    async first(b) {
      b.progress("w2 echo: ts2go");
      const loop = await loopMedian(b.nRuns, 1000, () => b.api.echo(n++), 5_000_000, b.long);
      const threads0 = threadCpu();
      const lat = await sequentialLatencies(() => b.api.echo(n++), b.quick ? 5000 : 50_000);
      ts = { loop, lat, latSplit: perCall(threads0, threadCpu(), lat.length) };
    },
    async run(b) {
      const harness = await loopMedian(b.nRuns, 1000, () => Promise.resolve(), 5_000_000, b.long / 2);
      const wakeOut = execFileSync(buildCFloor(), ["--wake", b.quick ? "5000" : "20000"], { encoding: "utf8" });
      const wake = JSON.parse(wakeOut.trim().split("\n").pop()!) as Baselines["wake"];
      b.progress("w2 echo: naive callback");
      const naive = await loopMedian(b.nRuns, 1000, () => b.base.naiveEcho(n++), 5_000_000, b.long);
      const naiveLat = await sequentialLatencies(() => b.base.naiveEcho(n++), b.quick ? 5000 : 50_000);
      rows(b, ts, { harness, wake, naive, naiveLat });
    },
  };
}

function rows(
  b: Bench,
  { loop: ts, lat: tsLat, latSplit }: Ts2go,
  { harness, wake, naive, naiveLat }: Baselines,
): void {
  const { report } = b;
  Object.assign(report.raw, {
    w2_ts2go_rate: ts.rate,
    w2_ts2go_cpu_us: ts.cpuPerCall,
    w2_ts2go_p50_us: percentile(tsLat, 0.5),
    w2_ts2go_p99_us: percentile(tsLat, 0.99),
    w2_harness_rate: harness.rate,
    w2_futex_cross_cpu_us: wake.cross_cpu_us,
    w2_futex_same_cpu_us: wake.same_cpu_us,
    w2_naive_rate: naive.rate,
    w2_naive_cpu_us: naive.cpuPerCall,
    w2_naive_p50_us: percentile(naiveLat, 0.5),
    w2_naive_p99_us: percentile(naiveLat, 0.99),
  });
  report.row("2", "echo u64→u64, 1,000 in flight: ts2go calls/s", fmtInt(ts.rate), "≥ 945,000", ts.rate >= 945_000);
  report.row("2", "echo, 1,000 in flight: ts2go process CPU per call", fmtUs(ts.cpuPerCall));
  report.row("2", "echo, 1,000 in flight: ts2go CPU per call by thread: JS thread / Go / rest", bySplit(ts.split));
  report.row("2", "echo, 1,000 in flight: ts2go, Go side (per call; Go scheduler)", goSide(ts));
  const p50Target = isDeno ? 6 : 15;
  report.row(
    "2",
    "echo, 1 in flight: ts2go p50 latency",
    fmtUs(percentile(tsLat, 0.5)),
    `≤ ${p50Target} µs`,
    percentile(tsLat, 0.5) <= p50Target,
  );
  report.row("2", "echo, 1 in flight: ts2go p99 latency", fmtUs(percentile(tsLat, 0.99)));
  report.row("2", "echo, 1 in flight: ts2go CPU per call by thread: JS thread / Go / rest", bySplit(latSplit));
  report.row("2", "echo: the harness alone (Promise.resolve() for the call), calls/s", fmtInt(harness.rate));
  report.row(
    "2",
    "machine: two C threads waking each other (futex), round trip, on 2 CPUs / on 1 CPU",
    `${fmtUs(wake.cross_cpu_us)} / ${fmtUs(wake.same_cpu_us)}`,
  );
  report.row("5c", "echo, 1,000 in flight: naive callback calls/s", fmtInt(naive.rate));
  report.row("5c", "echo, 1,000 in flight: naive process CPU per call", fmtUs(naive.cpuPerCall));
  report.row("5c", "echo, 1,000 in flight: naive, Go side (per call; Go scheduler)", goSide(naive));
  report.row(
    "5c",
    "echo, 1 in flight: naive p50 / p99 latency",
    `${fmtUs(percentile(naiveLat, 0.5))} / ${fmtUs(percentile(naiveLat, 0.99))}`,
  );
  report.ratio("2", "echo ts2go ÷ naive callback (calls/s, 1,000 in flight)", fmtX(ts.rate / naive.rate));
  report.ratio(
    "R",
    "echo, 1,000 in flight: ts2go ÷ rust2go (calls/s)",
    fmtX(ts.rate / RUST2GO.echoRate),
    "≥ 0.9 ×",
    ts.rate / RUST2GO.echoRate >= 0.9,
  );
  report.ratio(
    "R",
    "echo, 1 in flight: ts2go ÷ rust2go (p50 latency)",
    fmtX(percentile(tsLat, 0.5) / RUST2GO.echoP50Us),
  );
}
