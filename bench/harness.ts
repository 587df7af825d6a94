/**
 * How the benchmark measures: closed loops of async calls (calls/s and CPU per call), latencies of
 * calls made one at a time, the time of a sync call, and the CPU time of processes and the machine.
 *
 * @example
 * ```ts
 * import { loopMedian, timeSync } from "./harness.ts";
 * const r = await loopMedian(3, 1000, () => Promise.resolve(), 100_000, 1500);
 * console.log(r.rate, "calls/s,", r.cpuPerCall, "µs CPU per call");
 * timeSync((i) => i * 2, 5, 100, 1_000_000); // ns per call
 * ```
 * @module
 */

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import process from "node:process";
import type { NativeBaseline } from "./baseline.ts";
import { perCall, type ThreadCpu, threadCpu } from "./thread_cpu.ts";

/** The median of `xs`. @example `median([3, 1, 2]) // 2` */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The `p` quantile (0..1) of sorted numbers. @example `percentile([1, 2, 3], 0.5) // 2` */
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];

/** This process's CPU time (user + sys, all threads) in µs. @example `const t0 = cpuMicros();` */
export const cpuMicros = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

let clockTicks = 0;
function ticksPerSecond(): number {
  if (!clockTicks) clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return clockTicks;
}

/** CPU time of another process in µs (Linux /proc), or NaN. @example `childCpuMicros(sidecar.pid)` */
export function childCpuMicros(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const ticks = ticksPerSecond();
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) / ticks) * 1e6; // utime, stime
  } catch {
    return NaN;
  }
}

/**
 * Busy CPU time of the whole machine and of this process (with its waited-for children), in µs.
 * @example `const t0 = cpuTotals(); // undefined where /proc is missing`
 */
export function cpuTotals(): { machine: number; self: number } | undefined {
  try {
    const ticks = ticksPerSecond();
    const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const machine = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const self = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime stime cutime cstime
    return { machine: (machine / ticks) * 1e6, self: (self / ticks) * 1e6 };
  } catch {
    return undefined;
  }
}

/** What a closed loop measured. */
export interface LoopResult {
  calls: number;
  seconds: number;
  /** calls per second */
  rate: number;
  /** process CPU (user + sys, all threads) per call, µs */
  cpuPerCall: number;
  /** the same including another process (the sidecar), µs */
  cpuPerCallWithChild: number;
  /** Go runtime metrics over the run (see bench_go_metrics), when probed */
  go?: Record<string, number>;
  /** CPU per call by thread (bench/thread_cpu.ts), µs */
  split?: ThreadCpu;
}

/** The Go runtime's view of the run, set by main() once the library is loaded. */
let probe: NativeBaseline | undefined;

/**
 * Makes every closed loop record the Go runtime's metrics through `native` (bench/go/baseline.go).
 * @example `probeGo(new Baseline(lib).native);`
 */
export function probeGo(native: NativeBaseline): void {
  probe = native;
}

/**
 * Keeps `inFlight` calls going (each worker starts a new call when its last one settles) until
 * `maxCalls` have started or `maxMs` have passed; returns calls/s and CPU per call.
 * @example `await closedLoop(1000, () => api.echo(1n), 100_000, 1500);`
 */
export async function closedLoop(
  inFlight: number,
  call: (i: number) => Promise<unknown>,
  maxCalls: number,
  maxMs: number,
  childPid?: number,
): Promise<LoopResult> {
  let started = 0;
  let finished = 0;
  let stop = false;
  const child0 = childCpuMicros(childPid);
  probe?.goMetricsMark();
  const cpu0 = cpuMicros();
  const threads0 = threadCpu();
  const t0 = performance.now();
  const deadline = t0 + maxMs;
  const worker = async () => {
    while (!stop) {
      if (started >= maxCalls) {
        stop = true;
        break;
      }
      await call(started++);
      if ((++finished & 255) === 0 && performance.now() > deadline) stop = true;
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < inFlight; i++) workers.push(worker());
  await Promise.all(workers);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuMicros() - cpu0;
  const split = perCall(threads0, threadCpu(), finished);
  const child = childCpuMicros(childPid) - child0;
  const go = probe?.goMetrics();
  return {
    go,
    split,
    calls: finished,
    seconds,
    rate: finished / seconds,
    cpuPerCall: cpu / finished,
    cpuPerCallWithChild: (cpu + child) / finished,
  };
}

/**
 * Warm-up, then `n` closed-loop runs; the run with the median rate.
 * @example `await loopMedian(3, 1000, () => api.seed(demoRequest), 200_000, 1500);`
 */
export async function loopMedian(
  n: number,
  inFlight: number,
  call: (i: number) => Promise<unknown>,
  maxCalls: number,
  maxMs: number,
  childPid?: number,
): Promise<LoopResult> {
  await closedLoop(inFlight, call, Math.ceil(maxCalls / 4), maxMs / 4, childPid);
  const results: LoopResult[] = [];
  for (let i = 0; i < n; i++) results.push(await closedLoop(inFlight, call, maxCalls, maxMs, childPid));
  results.sort((a, b) => a.rate - b.rate);
  return results[(results.length - 1) >> 1];
}

/**
 * Latencies of `n` calls made one after the other, in µs, sorted.
 * @example `percentile(await sequentialLatencies(() => api.echo(1n), 50_000), 0.5)`
 */
export async function sequentialLatencies(call: (i: number) => Promise<unknown>, n: number): Promise<number[]> {
  for (let i = 0; i < Math.min(n, 5000); i++) await call(i); // warm-up
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(i);
    out[i] = (performance.now() - t) * 1000;
  }
  return out.sort((a, b) => a - b);
}

/**
 * Time per call of a synchronous function, in ns: each run repeats it until `minMs` have passed (at
 * most `maxIter` times); the median of `n` runs after a warm-up run.
 * @example `timeSync((i) => api.ping(BigInt(i)), 5, 500, 2_000_000)`
 */
export function timeSync(fn: (i: number) => unknown, n: number, minMs: number, maxIter: number): number {
  const once = () => {
    const t0 = performance.now();
    let i = 0;
    let t = t0;
    // Check the clock every `step` calls so that it costs nothing next to fast calls.
    const step = 64;
    while (i < maxIter && t - t0 < minMs) {
      for (let k = 0; k < step && i < maxIter; k++) fn(i++);
      t = performance.now();
    }
    return ((t - t0) * 1e6) / i;
  };
  once();
  const out: number[] = [];
  for (let r = 0; r < n; r++) out.push(once());
  return median(out);
}
