/**
 * What a workload of the benchmark is (one module each in bench/workloads/, listed in
 * `workloads/mod.ts`) and what it gets from the suite: the loaded clients, the sidecar, how long
 * to run, and the report it adds its rows to.
 *
 * @example
 * ```ts
 * import type { Workload } from "./workload.ts";
 * const w3: Workload = { id: "w3", async run(b) { b.report.row("3", "sync ping", "300 ns"); } };
 * ```
 * @module
 */

import type { BenchCallClient } from "../schema.gen.ts";
import type { Baseline } from "../baseline.ts";
import type { HandPacker } from "../hand_packer.ts";
import type { Sidecar } from "../external.ts";
import type { Report } from "../report.ts";

/** What the suite hands each workload. */
export interface Bench {
  /** The path of the bench library. */
  lib: string;
  /** The generated client. */
  api: BenchCallClient;
  /** The hand-written packer over the same export as `api.count_users`. */
  hand: HandPacker;
  /** The hand-written baselines (plain FFI, naive callback, JSON over FFI) and the Go probe. */
  base: Baseline;
  /** The HTTP sidecar, started when a workload that uses it runs. */
  sidecar?: Sidecar;
  /** `--quick`: shorter runs, for checking the harness. */
  quick: boolean;
  /** Milliseconds per closed-loop run. */
  long: number;
  /** Closed-loop runs of which the median counts. */
  nRuns: number;
  /** Where the rows go. */
  report: Report;
  /** Says on stderr what runs now. */
  progress(what: string): void;
  /** The command that runs bench/main.ts again with the same runtime and `extra` arguments. */
  selfCommand(extra: string[]): [string, string[]];
}

/** One workload of docs/BENCHMARKS.md. */
export interface Workload {
  /** Its name for `--only` (`w1`). */
  id: string;
  /** Whether it needs the HTTP sidecar. */
  sidecar?: boolean;
  /**
   * ts2go's own runs, made before any workload's `run`: the naive baseline leaves ~1,000 idle OS
   * threads in Go, which must not weigh on ts2go's figures.
   */
  first?(b: Bench): Promise<void>;
  /** The rest of its runs, and its rows. */
  run(b: Bench): Promise<void>;
  /** Whether it runs after the others, with the sidecar stopped (it measures a process of its own). */
  last?: boolean;
}
