/**
 * Workload 4, marshalling: a sync request of 1,000 users (ts2go, a hand-written packer, JSON over
 * FFI, the HTTP sidecar), and 1 MiB / 16 MiB `Uint8Array`s passed in (sum and length).
 *
 * @example
 * ```ts
 * import { marshalling } from "./marshalling.ts";
 * await marshalling.run(bench);
 * ```
 * @module
 */

import { median, timeSync } from "../harness.ts";
import { bytesJson, requestJson } from "../baseline.ts";
import { httpPost } from "../external.ts";
import { bigRequest, bytes, check, jsSum } from "../inputs.ts";
import { fmtMs, fmtUs, fmtX } from "../report.ts";
import type { Bench, Workload } from "./workload.ts";

/** Workload 4. @example `await marshalling.run(bench);` */
export const marshalling: Workload = {
  id: "w4",
  sidecar: true,
  async run(b) {
    b.progress("w4 1,000 users: ts2go, hand-written packer, JSON over FFI, HTTP");
    await users(b);
    b.progress("w4 1 MiB / 16 MiB Uint8Array");
    await byteArrays(b);
  },
};

async function users({ api, hand, base, sidecar, quick, report }: Bench): Promise<void> {
  const minMs = quick ? 100 : 1000;
  const ts = timeSync(() => api.count_users(bigRequest), 5, minMs, 1_000_000) / 1000;
  const handCall = timeSync(() => hand.call(bigRequest), 5, minMs, 1_000_000) / 1000;
  const handPack = timeSync(() => hand.pack(bigRequest), 5, minMs, 1_000_000) / 1000;
  const json = timeSync(() => base.jsonCountUsers(bigRequest), 5, minMs, 100_000) / 1000;
  const url = `${sidecar!.url}/count_users`;
  const httpTimes: number[] = [];
  for (let r = 0; r < 6; r++) {
    const t0 = performance.now();
    let k = 0;
    while (k < 20_000 && performance.now() - t0 < minMs / 2) {
      await httpPost(url, requestJson(bigRequest));
      k++;
    }
    if (r > 0) httpTimes.push(((performance.now() - t0) * 1000) / k);
  }
  const http = median(httpTimes);
  Object.assign(report.raw, {
    w4_users_ts2go_us: ts,
    w4_users_hand_us: handCall,
    w4_users_hand_pack_us: handPack,
    w4_users_json_us: json,
    w4_users_http_us: http,
  });
  report.row("4", "1,000-user request (sync, returns the count): ts2go", fmtUs(ts));
  report.row("4", "1,000-user: hand-written packer, same call and Go side (bench/hand_packer.ts)", fmtUs(handCall));
  report.row("4", "1,000-user: hand-written packer alone (JS only, no call)", fmtUs(handPack));
  report.row("5b", "1,000-user request: JSON over FFI", fmtUs(json));
  report.row("5a", "1,000-user request: HTTP sidecar (1 in flight)", fmtUs(http));
  report.ratio("4", "1,000-user: JSON over FFI ÷ ts2go (time)", fmtX(json / ts), "≥ 10 ×", json / ts >= 10);
  report.ratio("4", "1,000-user: HTTP sidecar ÷ ts2go (time)", fmtX(http / ts), "≥ 50 ×", http / ts >= 50);
  report.ratio("4", "1,000-user: HTTP sidecar ÷ hand-written packer (the most any packer gets)", fmtX(http / handCall));
}

async function byteArrays({ api, base, sidecar, quick, report }: Bench): Promise<void> {
  const minMs = quick ? 100 : 1000;
  const sizes = [1 << 20, 16 << 20];
  const fig: Record<string, number[]> = { sum: [], len: [], raw: [], json: [], http: [] };
  for (const size of sizes) {
    const b = bytes(size);
    const want = jsSum(b);
    check(`sum_bytes ${size}`, api.sum_bytes(b), want);
    check(`bytes_len ${size}`, api.bytes_len(b), BigInt(size));
    check(`raw sum ${size}`, base.native.rawSum(b), want);
    check(`json sum ${size}`, base.jsonSumBytes(b), want);
    const big = size > 1 << 20;
    fig.sum.push(timeSync(() => api.sum_bytes(b), 5, minMs / 2, big ? 2000 : 20_000) / 1000);
    fig.len.push(timeSync(() => api.bytes_len(b), 5, minMs / 4, 1_000_000) / 1000);
    fig.raw.push(timeSync(() => base.native.rawSum(b), 5, minMs / 2, big ? 2000 : 20_000) / 1000);
    fig.json.push(timeSync(() => base.jsonSumBytes(b), 3, minMs / 2, big ? 20 : 200) / 1000);
    const httpUrl = `${sidecar!.url}/sum_bytes`;
    const hs: number[] = [];
    for (let r = 0; r < (big ? 6 : 11); r++) {
      const t0 = performance.now();
      const got = await httpPost(httpUrl, bytesJson(b));
      if (r > 0) hs.push((performance.now() - t0) * 1000);
      if (BigInt(got.sum as number) !== want) throw new Error("http sum mismatch");
    }
    fig.http.push(median(hs));
  }
  Object.assign(report.raw, {
    w4_sum1_ts2go_us: fig.sum[0],
    w4_sum16_ts2go_us: fig.sum[1],
    w4_len1_ts2go_us: fig.len[0],
    w4_len16_ts2go_us: fig.len[1],
    w4_sum1_plainffi_us: fig.raw[0],
    w4_sum16_plainffi_us: fig.raw[1],
    w4_sum1_json_us: fig.json[0],
    w4_sum16_json_us: fig.json[1],
    w4_sum1_http_us: fig.http[0],
    w4_sum16_http_us: fig.http[1],
  });
  report.row("4", "1 MiB Uint8Array → sum (sync): ts2go", fmtUs(fig.sum[0]));
  report.row("4", "16 MiB Uint8Array → sum (sync): ts2go", fmtUs(fig.sum[1]));
  report.row(
    "4",
    "1 MiB / 16 MiB → sum: plain FFI call (pointer, length), same Go sum",
    `${fmtUs(fig.raw[0])} / ${fmtUs(fig.raw[1])}`,
  );
  report.row(
    "4",
    "1 MiB / 16 MiB → length only (cost of passing the bytes in): ts2go",
    `${fmtUs(fig.len[0])} / ${fmtUs(fig.len[1])}`,
  );
  report.row(
    "5b",
    "1 MiB / 16 MiB → sum: JSON over FFI (base64)",
    `${fmtMs(fig.json[0] / 1000)} / ${fmtMs(fig.json[1] / 1000)}`,
  );
  report.row(
    "5a",
    "1 MiB / 16 MiB → sum: HTTP sidecar (base64 JSON)",
    `${fmtMs(fig.http[0] / 1000)} / ${fmtMs(fig.http[1] / 1000)}`,
  );
  report.ratio(
    "4",
    "16 MiB ÷ 1 MiB, bytes passed in (length only): ts2go time",
    fmtX(fig.len[1] / fig.len[0]),
    "≤ 2 ×",
    fig.len[1] / fig.len[0] <= 2,
  );
  report.ratio(
    "4",
    "16 MiB ÷ 1 MiB, sum (Go reads 16 × the bytes): ts2go time",
    fmtX(fig.sum[1] / fig.sum[0]),
    "≤ 2 × (literal)",
    fig.sum[1] / fig.sum[0] <= 2,
  );
  report.ratio("4", "16 MiB sum: ts2go − plain FFI (overhead above the Go sum)", fmtUs(fig.sum[1] - fig.raw[1]));
  report.ratio(
    "4",
    "16 MiB sum: JSON over FFI ÷ ts2go; HTTP ÷ ts2go",
    `${fmtX(fig.json[1] / fig.sum[1])}; ${fmtX(fig.http[1] / fig.sum[1])}`,
  );
}
