/**
 * Soak: millions of mixed calls (every type, sync and async, errors, panics, nil results, cancelled
 * calls) at a concurrency that changes every few seconds, while RSS, open file descriptors and the
 * thread count are sampled. Exits 1 if a call returns a wrong value or if a resource keeps growing.
 *
 *   deno run -A bench/soak.ts [--calls N] [--seconds S] [--sample-seconds S] [--warmup-seconds S]
 *   bun bench/soak.ts --calls 200000          (a quick try)
 *
 * "Keeps growing" (checked at the end, on samples taken after the warm-up): the last 3 samples are
 * each higher than the one before, and each is above the first post-warm-up sample by more than the
 * metric's allowance (RSS: 25% + 64 MiB; fds and threads: 20% + 8). Not part of CI.
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { isDeepStrictEqual, parseArgs } from "node:util";
import fc from "fast-check";
import { GoError, GoPanicError } from "../mod.ts";
import { buildProject } from "../scripts/projects.ts";
import { loadEcho } from "../tests/fixtures/types/schema.gen.ts";
import { loadFaults } from "../tests/fixtures/faults/schema.gen.ts";
import { everything, expected } from "../tests/fixtures/types/arbitraries.ts";

const { values: opts } = parseArgs({
  args: (globalThis as { Deno?: { args: string[] } }).Deno?.args ?? process.argv.slice(2),
  options: {
    calls: { type: "string", default: "10000000" },
    seconds: { type: "string", default: "0" },
    "sample-seconds": { type: "string", default: "10" },
    "warmup-seconds": { type: "string", default: "30" },
  },
});
const TOTAL = Number(opts.calls);
const MAX_MS = Number(opts.seconds) * 1000 || Infinity;
const SAMPLE_MS = Number(opts["sample-seconds"]) * 1000;
const WARMUP_MS = Number(opts["warmup-seconds"]) * 1000;

const echo = loadEcho(await buildProject("tests/fixtures/types"));
const faults = loadFaults(await buildProject("tests/fixtures/faults"));

// A pool of random values of the whole type table, each with the value Go must send back.
const pool = fc.sample(everything, 500).map((v) => ({ v, want: expected(v) }));

let started = 0, finished = 0, wrong = 0, inFlight = 0;
const wrongSamples: string[] = [];
function check(ok: boolean, what: () => string): void {
  if (ok) return;
  wrong++;
  if (wrongSamples.length < 10) wrongSamples.push(what());
}
const rand = (n: number) => Math.floor(Math.random() * n);

/** One call of a randomly chosen kind; resolves when it has been checked. */
async function oneCall(tag: number): Promise<void> {
  const r = Math.random();
  if (r < 0.25) {
    const s = `soak ${tag} ü`;
    check((await echo.text_async(s)) === s, () => `text_async ${tag}`);
  } else if (r < 0.4) {
    check((await echo.sleep(rand(3), tag)) === tag, () => `sleep ${tag}`);
  } else if (r < 0.55) {
    // Sync calls of every scalar kind and small containers.
    const n = BigInt(tag);
    check(echo.u64(n) === n && echo.i64(-n) === -n && echo.f64(tag / 3) === tag / 3, () => `scalars ${tag}`);
    check(echo.text(`s${tag}`) === `s${tag}`, () => `text ${tag}`);
    const list = [tag, tag + 1];
    check(isDeepStrictEqual(echo.list(list), list), () => `list ${tag}`);
    const map = new Map([[`k${tag}`, tag]]);
    check(isDeepStrictEqual(echo.map(map), map), () => `map ${tag}`);
  } else if (r < 0.6) {
    const { v, want } = pool[rand(pool.length)];
    const got = r < 0.575 ? echo.everything(v) : await echo.everything_async(v);
    check(isDeepStrictEqual(got, want), () => `everything ${tag}`);
  } else if (r < 0.67) {
    const bytes = new Uint8Array(1 + rand(4096)).fill(tag & 0xff);
    check((await echo.sum_bytes_async(bytes)) === BigInt(bytes.length * (tag & 0xff)), () => `sum_bytes ${tag}`);
  } else if (r < 0.72) {
    const e = await faults.panic_with_async("int").catch((x) => x);
    check(e instanceof GoPanicError && e.value === "42", () => `panic ${tag}: ${e}`);
  } else if (r < 0.76) {
    const e = await echo.fail_async(`f${tag}`).catch((x) => x);
    check(e instanceof GoError && e.message === `f${tag}`, () => `fail ${tag}: ${e}`);
  } else if (r < 0.8) {
    const h = await faults.nil_holder_async();
    check(h.items.length === 0 && h.counts.size === 0 && h.inners.length === 3, () => `nil_holder ${tag}`);
  } else if (r < 0.9) {
    // A cancelled call: aborted before, during or after Go runs it.
    const ac = new AbortController();
    const reason = new Error(`abort ${tag}`);
    const p = echo.sleep(rand(4), tag, { signal: ac.signal });
    setTimeout(() => ac.abort(reason), rand(4));
    const got = await p.catch((x) => x);
    check(got === tag || got === reason, () => `cancel ${tag}: ${got}`);
  } else {
    check((await faults.ping_async(tag)) === tag, () => `ping ${tag}`);
  }
}

interface Sample {
  ms: number;
  rss: number;
  fds: number;
  threads: number;
}
const samples: Sample[] = [];
const t0 = performance.now();

function sample(): Sample {
  const status = readFileSync("/proc/self/status", "utf8");
  const s = {
    ms: performance.now() - t0,
    rss: process.memoryUsage().rss,
    fds: readdirSync("/proc/self/fd").length,
    threads: Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? NaN),
  };
  samples.push(s);
  const rate = Math.round(finished / (s.ms / 1000));
  console.log(
    `t=${(s.ms / 1000).toFixed(0)}s calls=${finished} (${rate}/s) in-flight=${inFlight} ` +
      `rss=${(s.rss / 2 ** 20).toFixed(0)}MiB fds=${s.fds} threads=${s.threads} wrong=${wrong}`,
  );
  return s;
}

// Lanes: each runs calls one after another; their number (the concurrency) changes every 2 s.
let lanes = 0, target = 1;
const done = new Promise<void>((resolve) => {
  const lane = async () => {
    lanes++;
    while (lanes <= target && started < TOTAL && performance.now() - t0 < MAX_MS) {
      started++;
      inFlight++;
      try {
        await oneCall(started);
      } catch (e) {
        check(false, () => `call threw: ${(e as Error)?.stack ?? e}`);
      }
      inFlight--;
      finished++;
    }
    lanes--;
    if (lanes === 0 && (started >= TOTAL || performance.now() - t0 >= MAX_MS)) resolve();
  };
  const retarget = () => {
    target = Math.round(2 ** (Math.random() * 12)); // 1 .. 4096, log-uniform
    while (lanes < target && started < TOTAL) void lane();
  };
  retarget();
  const timer = setInterval(() => {
    if (started >= TOTAL || performance.now() - t0 >= MAX_MS) clearInterval(timer);
    else retarget();
  }, 2000);
});

sample();
const sampler = setInterval(sample, SAMPLE_MS);
await done;
clearInterval(sampler);
sample();
echo.close();
faults.close();

// The verdict.
const after = samples.filter((s) => s.ms >= WARMUP_MS);
const growing: string[] = [];
const rules: [keyof Sample, (base: number) => number][] = [
  ["rss", (b) => b * 1.25 + 64 * 2 ** 20],
  ["fds", (b) => b * 1.2 + 8],
  ["threads", (b) => b * 1.2 + 8],
];
if (after.length >= 4) {
  for (const [metric, limit] of rules) {
    const base = after[0][metric];
    const last = after.slice(-3).map((s) => s[metric]);
    const rising = last[0] < last[1] && last[1] < last[2] && after.at(-4)![metric] < last[0];
    if (rising && last.every((x) => x > limit(base))) growing.push(`${metric}: ${base} -> ${last.join(", ")}`);
  }
} else {
  console.log(`growth not judged: ${after.length} samples after the ${WARMUP_MS / 1000} s warm-up (need 4)`);
}
console.log(`${finished} calls in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${wrong} wrong`);
for (const w of wrongSamples) console.log(`wrong: ${w}`);
for (const g of growing) console.log(`keeps growing: ${g}`);
const ok = wrong === 0 && growing.length === 0;
console.log(ok ? "soak: ok" : "soak: FAILED");
process.exit(ok ? 0 : 1);
