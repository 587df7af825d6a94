/**
 * Workload 6, memory: RSS after 10,000 and after 1,000,000 async `echo_str` calls with a 4 KiB
 * string, 1,000 in flight, measured in a fresh child process (`--memory-child`) so that RSS is not
 * the earlier workloads'.
 *
 * @example
 * ```ts
 * import { memory } from "./memory.ts";
 * await memory.run(bench); // runs bench/main.ts --memory-child and reads its MEMORY line
 * ```
 * @module
 */

import { spawnSync } from "node:child_process";
import process from "node:process";
import type { BenchCallClient } from "../schema.gen.ts";
import { closedLoop } from "../harness.ts";
import { check } from "../inputs.ts";
import { fmtInt, fmtMB } from "../report.ts";
import type { Workload } from "./workload.ts";

/** What the child measured: RSS in bytes, and the calls made. */
export interface MemoryFigures {
  rssStart: number;
  rss10k: number;
  rss1M: number;
  seconds: number;
  calls: number;
}

/**
 * The child's part: the calls and the RSS after them (`quick`: 100,000 calls in all).
 * @example `console.log(`MEMORY ${JSON.stringify(await memoryFigures(api, false))}`);`
 */
export async function memoryFigures(api: BenchCallClient, quick: boolean): Promise<MemoryFigures> {
  // A 4 KiB ASCII string argument.
  const s = Array.from({ length: 4096 }, (_, i) => String.fromCharCode(97 + (i % 26))).join("");
  check("echo_str", await api.echo_str(1n, s), 4097n);
  const rssStart = process.memoryUsage().rss;
  const a = await closedLoop(1000, () => api.echo_str(1n, s), 10_000, 60_000);
  const rss10k = process.memoryUsage().rss;
  const total = quick ? 100_000 : 1_000_000;
  const b = await closedLoop(1000, () => api.echo_str(1n, s), total - a.calls, 300_000);
  const rss1M = process.memoryUsage().rss;
  return { rssStart, rss10k, rss1M, seconds: a.seconds + b.seconds, calls: a.calls + b.calls };
}

/** Workload 6. @example `await memory.run(bench);` */
export const memory: Workload = {
  id: "w6",
  last: true,
  async run({ quick, report, progress, selfCommand }) {
    progress("w6 memory: 10k then 1M async echo_str calls with a 4 KiB string (child process)");
    const [cmd, cmdArgs] = selfCommand(["--memory-child", "--no-gen", ...(quick ? ["--quick"] : [])]);
    const r = spawnSync(cmd, cmdArgs, {
      encoding: "utf8",
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 600_000,
    });
    const line = r.stdout.split("\n").find((l) => l.startsWith("MEMORY "));
    if (!line) throw new Error(`memory child failed (status ${r.status}):\n${r.stdout}`);
    const m = JSON.parse(line.slice(7)) as MemoryFigures;
    const grow = m.rss1M - m.rss10k;
    Object.assign(report.raw, {
      w6_rss_10k: m.rss10k,
      w6_rss_1m: m.rss1M,
      w6_calls: m.calls,
      w6_rate: m.calls / m.seconds,
    });
    report.row("6", "RSS after 10k async echo_str calls (4 KiB string, 1,000 in flight)", fmtMB(m.rss10k));
    report.row(
      "6",
      `RSS after ${fmtInt(m.calls)} calls (${fmtInt(m.calls / m.seconds)} calls/s)`,
      fmtMB(m.rss1M),
      "≤ RSS(10k) + 50 MB",
      grow <= 50e6,
    );
    report.ratio(
      "6",
      `RSS growth from 10k to ${fmtInt(m.calls)} calls`,
      `${(grow / 1e6).toFixed(1)} MB`,
      "≤ 50 MB",
      grow <= 50e6,
    );
  },
};
