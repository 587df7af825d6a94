/**
 * Workload 1, the seed's benchmark: `seed` with 1,000 calls in flight, each sleeping 10 ms in Go,
 * against Go alone, the HTTP sidecar and the naive callback.
 *
 * @example
 * ```ts
 * import { seed } from "./seed.ts";
 * const w1 = seed(); // a Workload: await w1.first!(bench); await w1.run(bench);
 * ```
 * @module
 */

import { cpuMicros, loopMedian, type LoopResult } from "../harness.ts";
import { requestJson } from "../baseline.ts";
import { httpPost } from "../external.ts";
import { demoRequest } from "../inputs.ts";
import { bySplit, fmtInt, fmtUs, fmtX, goSide, type Report } from "../report.ts";
import { RUST2GO } from "../rust2go.ts";
import type { Bench, Workload } from "./workload.ts";

/** Go alone: 1,000 goroutines sleeping 10 ms in a loop, no JS; the run with the median rate. */
function goAlone(b: Bench): LoopResult {
  const ceilings: LoopResult[] = [];
  for (let r = 0; r < b.nRuns; r++) {
    b.base.native.goMetricsMark();
    const c0 = cpuMicros();
    const t0 = performance.now();
    const rate = b.base.native.goSeedCeiling(1000, b.long);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuMicros() - c0;
    const calls = rate * seconds;
    ceilings.push({
      calls,
      seconds,
      rate,
      cpuPerCall: cpu / calls,
      cpuPerCallWithChild: cpu / calls,
      go: b.base.native.goMetrics(),
    });
  }
  ceilings.sort((a, b) => a.rate - b.rate);
  return ceilings[(ceilings.length - 1) >> 1];
}

/**
 * Workload 1.
 * @example `const w1 = seed();`
 */
export function seed(): Workload {
  let ts: LoopResult;
  return {
    id: "w1",
    sidecar: true,
    async first(b) {
      b.progress("w1 seed: ts2go");
      ts = await loopMedian(b.nRuns, 1000, () => b.api.seed(demoRequest), 200_000, b.long);
    },
    async run(b) {
      b.progress("w1 seed: Go alone");
      const alone = goAlone(b);
      b.progress("w1 seed: HTTP sidecar");
      const url = `${b.sidecar!.url}/seed`;
      const post = () => httpPost(url, requestJson(demoRequest));
      const http = await loopMedian(b.nRuns, 1000, post, 200_000, b.long, b.sidecar!.pid);
      b.progress("w1 seed: naive callback");
      const naive = await loopMedian(b.nRuns, 1000, () => b.base.naiveSeed(demoRequest), 200_000, b.long);
      Object.assign(b.report.raw, {
        w1_ts2go_rate: ts.rate,
        w1_ts2go_cpu_us: ts.cpuPerCall,
        w1_go_ceiling_rate: alone.rate,
        w1_go_ceiling_cpu_us: alone.cpuPerCall,
        w1_naive_rate: naive.rate,
        w1_naive_cpu_us: naive.cpuPerCall,
        w1_http_rate: http.rate,
        w1_http_cpu_us: http.cpuPerCallWithChild,
      });
      rows(b.report, ts, alone, http, naive);
    },
  };
}

function rows(report: Report, ts: LoopResult, alone: LoopResult, http: LoopResult, naive: LoopResult): void {
  const ceiling = alone.rate;
  report.row(
    "1",
    "seed (1,000 in flight, Go sleeps 10 ms): ts2go calls/s",
    fmtInt(ts.rate),
    "≥ 95,000",
    ts.rate >= 95_000,
  );
  report.row(
    "1",
    "seed: ts2go process CPU per call (user+sys ÷ calls)",
    fmtUs(ts.cpuPerCall),
    "≤ 5 µs",
    ts.cpuPerCall <= 5,
  );
  report.row("1", "seed: ts2go CPU per call by thread: JS thread / Go / rest", bySplit(ts.split));
  report.row("1", "seed: ts2go, Go side (per call; Go scheduler)", goSide(ts));
  report.row("1", "seed: Go alone (1,000 goroutines sleeping 10 ms in a loop, no JS): calls/s", fmtInt(ceiling));
  report.row("1", "seed: Go alone: process CPU per call", fmtUs(alone.cpuPerCall));
  report.row("1", "seed: Go alone, Go side (per call; Go scheduler)", goSide(alone));
  report.row("5c", "seed: naive (one thread-safe callback per completion) calls/s", fmtInt(naive.rate));
  report.row("5c", "seed: naive process CPU per call", fmtUs(naive.cpuPerCall));
  report.row("5c", "seed: naive, Go side (per call; Go scheduler)", goSide(naive));
  report.row("5a", "seed: HTTP sidecar (keep-alive fetch, JSON) calls/s", fmtInt(http.rate));
  report.row("5a", "seed: HTTP CPU per call (client + sidecar process)", fmtUs(http.cpuPerCallWithChild));
  report.ratio(
    "1",
    "seed ts2go ÷ physical limit (100,000 calls/s)",
    `${(ts.rate / 1000).toFixed(1)} %`,
    "≥ 95 %",
    ts.rate >= 95_000,
  );
  report.ratio(
    "1",
    "seed ts2go ÷ Go alone (calls/s)",
    `${(100 * ts.rate / ceiling).toFixed(1)} %`,
    "≥ 90 %",
    ts.rate / ceiling >= 0.9,
  );
  report.ratio(
    "R",
    "seed: ts2go ÷ rust2go (CPU per call)",
    fmtX(ts.cpuPerCall / RUST2GO.seedCpuUs),
    "≤ 1.3 ×",
    ts.cpuPerCall / RUST2GO.seedCpuUs <= 1.3,
  );
  report.ratio(
    "1",
    "seed ts2go ÷ HTTP sidecar (calls/s)",
    fmtX(ts.rate / http.rate),
    "≥ 5 ×",
    ts.rate / http.rate >= 5,
  );
  report.ratio("1", "seed ts2go ÷ naive callback (calls/s)", fmtX(ts.rate / naive.rate));
  report.ratio("1", "seed naive ÷ ts2go (CPU per call)", fmtX(naive.cpuPerCall / ts.cpuPerCall));
}
