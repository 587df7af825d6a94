/**
 * rust2go's figures on this VM, the reference the ratios marked R compare with.
 *
 * @example
 * ```ts
 * import { RUST2GO } from "./rust2go.ts";
 * RUST2GO.pingNs; // 69
 * ```
 * @module
 */

import { fmtInt, fmtNs, fmtUs, type Report } from "./report.ts";

/**
 * rust2go's figures on this VM, from issue 17: rust2go 0.4.3 from crates.io (tokio current-thread,
 * its default cgo-in / asm-callback-out path) against this bench's `--only w1,w2,w3` at 5747e9f,
 * 2 vCPUs, Go 1.26.8, 9 alternating rounds, medians. A fixed reference, not measured by this run.
 */
export const RUST2GO = {
  seedRate: 85_086,
  seedCpuUs: 3.79,
  echoRate: 1_050_000,
  echoCpuUs: 1.5,
  echoP50Us: 2.76,
  pingNs: 69,
};

/** Adds the reference figures themselves to the table. @example `rust2goRows(report);` */
export function rust2goRows(report: Report): void {
  report.row(
    "R",
    "rust2go reference (issue 17, fixed; see RUST2GO): seed calls/s, CPU per call",
    `${fmtInt(RUST2GO.seedRate)}, ${fmtUs(RUST2GO.seedCpuUs)}`,
  );
  report.row(
    "R",
    "rust2go reference: echo 1,000 in flight calls/s (CPU per call); 1 in flight p50; sync ping",
    `${fmtInt(RUST2GO.echoRate)} (${fmtUs(RUST2GO.echoCpuUs)}); ${fmtUs(RUST2GO.echoP50Us)}; ${fmtNs(RUST2GO.pingNs)}`,
  );
}
