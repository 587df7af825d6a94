/**
 * CPU time of this process split by thread (Linux `/proc/self/task/<tid>/schedstat`, nanoseconds):
 * the JS thread (the main thread, whose id is the process id), Go's threads, and the rest.
 *
 * Go's threads are told apart by name: Go names none of its threads, so each inherits the name of
 * the thread that created it, the JS runtime's main thread ("deno", "bun"); the runtimes name their
 * own threads (V8 and tokio workers, Deno's blocking pool, JSC's helpers, Bun's pool). The rest is
 * the process total (`process.cpuUsage`, which also counts threads that have exited) minus both.
 * Elsewhere than Linux every figure is NaN.
 *
 * @example
 * ```ts
 * import { threadCpu } from "./thread_cpu.ts";
 * const before = threadCpu();
 * // … a workload …
 * const after = threadCpu();
 * console.log((after.go - before.go) / 1000, "µs in Go's threads");
 * ```
 * @module
 */

import process from "node:process";
import { readdirSync, readFileSync } from "node:fs";

/** Cumulative CPU time in µs: the JS thread, Go's threads, everything else. */
export interface ThreadCpu {
  js: number;
  go: number;
  rest: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined; // the thread exited meanwhile
  }
}

/**
 * This process's CPU time so far, by thread kind (see the module's header).
 *
 * @example
 * ```ts
 * import { threadCpu } from "./thread_cpu.ts";
 * threadCpu().js >= 0; // true on Linux
 * ```
 */
export function threadCpu(): ThreadCpu {
  const u = process.cpuUsage();
  const total = u.user + u.system;
  const main = String(process.pid);
  const mainName = read(`/proc/self/task/${main}/comm`)?.trim();
  if (mainName === undefined) return { js: NaN, go: NaN, rest: NaN };
  let js = 0, go = 0;
  for (const tid of readdirSync("/proc/self/task")) {
    const ns = Number(read(`/proc/self/task/${tid}/schedstat`)?.split(" ")[0] ?? 0);
    if (tid === main) js = ns / 1000;
    else if (read(`/proc/self/task/${tid}/comm`)?.trim() === mainName) go += ns / 1000;
  }
  return { js, go, rest: Math.max(0, total - js - go) };
}

/**
 * The CPU spent between two readings, per call, in µs.
 *
 * @example
 * ```ts
 * import { threadCpu, perCall } from "./thread_cpu.ts";
 * const t0 = threadCpu();
 * perCall(t0, threadCpu(), 1000).go >= 0; // true
 * ```
 */
export function perCall(before: ThreadCpu, after: ThreadCpu, calls: number): ThreadCpu {
  return {
    js: (after.js - before.js) / calls,
    go: (after.go - before.go) / calls,
    rest: (after.rest - before.rest) / calls,
  };
}
