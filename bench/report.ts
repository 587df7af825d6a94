/**
 * The benchmark's output: figure and ratio rows (with a target and whether it is met), the raw
 * figures for `--json`, how values are written, and the Markdown the suite prints.
 *
 * @example
 * ```ts
 * import { fmtUs, Report } from "./report.ts";
 * const report = new Report();
 * report.row("3", "sync ping(u64) → u64: ts2go from JS", fmtUs(0.3));
 * console.log(report.markdown(["## Deno", ""]));
 * ```
 * @module
 */

import { execFileSync } from "node:child_process";
import * as path from "node:path";
import process from "node:process";
import type { LoopResult } from "./harness.ts";
import type { ThreadCpu } from "./thread_cpu.ts";

/** One line of a table: the workload's number, what was measured, its value, and its target if any. */
export interface Row {
  id: string;
  figure: string;
  value: string;
  target: string;
  met: boolean | null;
}

/**
 * The rows and raw figures of one run, in the order the workloads add them.
 *
 * @example
 * ```ts
 * import { Report } from "./report.ts";
 * const report = new Report();
 * report.ratio("3", "sync ping ts2go ÷ C cgo floor", "1.06 ×", "≤ 1.25 ×", true);
 * Object.assign(report.raw, { w3_ts2go_ns: 307.6 });
 * ```
 */
export class Report {
  readonly rows: Row[] = [];
  readonly ratios: Row[] = [];
  /** The figures `--json` writes, by name. */
  readonly raw: Record<string, number> = {};

  /** Adds a figure. */
  row(id: string, figure: string, value: string, target = "", met: boolean | null = null): void {
    this.rows.push({ id, figure, value, target, met });
  }

  /** Adds a ratio between figures. */
  ratio(id: string, figure: string, value: string, target = "", met: boolean | null = null): void {
    this.ratios.push({ id, figure, value, target, met });
  }

  /** The run as Markdown: `header` lines, then the figure table and the ratio table. */
  markdown(header: string[]): string {
    return [...header, table("figure", this.rows), "", table("ratio", this.ratios), ""].join("\n");
  }
}

function table(title: string, rs: Row[]): string {
  const mark = (m: boolean | null) => (m === null ? "" : m ? "**yes**" : "no");
  const lines = [`| # | ${title} | value | target | met? |`, "|---|---|---:|---|---|"];
  for (const r of rs) lines.push(`| ${r.id} | ${r.figure} | ${r.value} | ${r.target} | ${mark(r.met)} |`);
  return lines.join("\n");
}

/** An integer with thousands separators. @example `fmtInt(1234.5) // "1,235"` */
export const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
/** Microseconds. @example `fmtUs(2.5) // "2.50 µs"` */
export const fmtUs = (us: number) => (us >= 100 ? `${fmtInt(us)} µs` : `${us.toFixed(2)} µs`);
/** Nanoseconds. @example `fmtNs(69) // "69.0 ns"` */
export const fmtNs = (ns: number) => `${ns.toFixed(1)} ns`;
/** Milliseconds. @example `fmtMs(1.5) // "1.50 ms"` */
export const fmtMs = (ms: number) => `${ms.toFixed(2)} ms`;
/** A factor. @example `fmtX(1.5) // "1.50 ×"` */
export const fmtX = (x: number) => `${x >= 100 ? fmtInt(x) : x.toFixed(2)} ×`;
/** Bytes in MiB. @example `fmtMB(1048576) // "1.0 MiB"` */
export const fmtMB = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;

/** CPU per call by thread: "JS thread / Go / rest". @example `bySplit(r.split) // "1.36 µs / 0.79 µs / 0.81 µs"` */
export const bySplit = (t: ThreadCpu | undefined) =>
  t && Number.isFinite(t.js) ? `${fmtUs(t.js)} / ${fmtUs(t.go)} / ${fmtUs(t.rest)}` : "n/a (Linux only)";

/**
 * "B bytes / O objects / G goroutines per call; sched latency p50 / p99; T threads" from a probed run.
 * @example `goSide(await loopMedian(3, 1000, () => api.echo(1n), 5_000_000, 1500))`
 */
export function goSide(r: LoopResult): string {
  const g = r.go;
  if (!g) return "n/a";
  const per = (k: string) => g[k] / r.calls;
  const us = (k: string) => `${(g[k] * 1e6).toFixed(g[k] < 1e-4 ? 1 : 0)} µs`;
  return `${per("/gc/heap/allocs:bytes").toFixed(0)} B, ${per("/gc/heap/allocs:objects").toFixed(1)} objects, ` +
    `${per("/sched/goroutines-created:goroutines").toFixed(2)} goroutines, ${
      per("/cgo/go-to-c-calls:calls").toFixed(3)
    } Go→C calls per call; ` +
    `run-queue wait p50 ${us("/sched/latencies:seconds p50")} / p99 ${us("/sched/latencies:seconds p99")}; ` +
    `${g["/gc/cycles/total:gc-cycles"]} GCs; ${g["/sched/threads/total:threads"]} threads`;
}

/** `go version` of the Go on PATH, or "" without one. @example `goToolVersion() // "go version go1.26.8 linux/amd64"` */
export function goToolVersion(): string {
  try {
    return execFileSync(process.env.TS2GO_GO ?? "go", ["version"], { encoding: "utf8" }).trim();
  } catch {
    return ""; // no go on PATH: the library's version is printed anyway
  }
}

/**
 * The commit of the repository holding `benchDir`, and whether src/ gen/ go/ have changes, or "".
 * @example `sourceRevision("bench") // "62f10ed"`
 */
export function sourceRevision(benchDir: string): string {
  try {
    const git = (a: string[]) =>
      execFileSync("git", ["-C", path.dirname(benchDir), ...a], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    const dirty = git(["status", "--porcelain", "--", "src", "gen", "go", "mod.ts"]) !== "";
    return `${git(["rev-parse", "--short", "HEAD"])}${dirty ? " + uncommitted changes in src/ gen/ go/" : ""}`;
  } catch {
    // Not a git checkout (e.g. a `git archive` copy): say which commit it is with $TS2GO_COMMIT.
    return process.env.TS2GO_COMMIT ? `${process.env.TS2GO_COMMIT} (copy)` : "";
  }
}
