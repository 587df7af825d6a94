/**
 * Workload 3, the sync call floor: `ping` (u64 → u64, sync) from JS, against a plain FFI call to a
 * bare cgo export, the same exports called from C, and the JS loop alone.
 *
 * @example
 * ```ts
 * import { ping } from "./ping.ts";
 * await ping.run(bench);
 * ```
 * @module
 */

import { execFileSync } from "node:child_process";
import process from "node:process";
import { timeSync } from "../harness.ts";
import { buildCFloor } from "../external.ts";
import { fmtNs, fmtX } from "../report.ts";
import { RUST2GO } from "../rust2go.ts";
import type { Workload } from "./workload.ts";

/** Workload 3. @example `await ping.run(bench);` */
export const ping: Workload = {
  id: "w3",
  async run({ api, base, lib, quick, report, progress }) {
    progress("w3 ping: ts2go, plain FFI, C floor");
    const iters = quick ? 200_000 : 2_000_000;
    let acc = 0n;
    const ts = timeSync((i) => (acc += api.ping(BigInt(i))), 5, quick ? 100 : 500, iters);
    const ffi = timeSync((i) => (acc += base.native.rawPing(BigInt(i))), 5, quick ? 100 : 500, iters);
    // The same loop without the call: what BigInt(i) and the loop cost in JS.
    const empty = timeSync((i) => (acc += BigInt(i)), 5, quick ? 100 : 500, iters);
    const cfloorOut = execFileSync(buildCFloor(), [lib, String(iters), "5"], { encoding: "utf8", env: process.env });
    const c = JSON.parse(cfloorOut.trim().split("\n").pop()!) as { ts2go_ping_ns: number; raw_ping_ns: number };
    Object.assign(report.raw, {
      w3_ts2go_ns: ts,
      w3_plain_ffi_ns: ffi,
      w3_js_loop_ns: empty,
      w3_c_floor_ns: c.ts2go_ping_ns,
      w3_c_raw_ns: c.raw_ping_ns,
    });
    report.row("3", "sync ping(u64) → u64: ts2go from JS", fmtNs(ts));
    report.row("5d", "sync ping: C cgo floor (C loop calling the same export)", fmtNs(c.ts2go_ping_ns));
    report.row("3", "sync: plain FFI call to a bare u64→u64 cgo export, from JS", fmtNs(ffi));
    report.row("3", "sync: bare u64→u64 cgo export from C", fmtNs(c.raw_ping_ns));
    report.row("3", "sync: the JS loop alone (BigInt(i), no call)", fmtNs(empty));
    const floor = ts / c.ts2go_ping_ns;
    report.ratio("3", "sync ping ts2go ÷ C cgo floor", fmtX(floor), "≤ 1.25 ×", floor <= 1.25);
    report.ratio("R", "sync ping: ts2go ÷ rust2go", fmtX(ts / RUST2GO.pingNs));
  },
};
