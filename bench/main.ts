/**
 * The ts2go benchmark suite: one entry for both runtimes.
 *
 *   deno task bench            (= ./node_modules/.bin/deno run -A bench/main.ts)
 *   ./node_modules/.bin/bun run bench/main.ts
 *
 * It regenerates bench/schema.gen.ts and bench/go/gen.go from bench/schema.ts with the current
 * generator and Go runtime, builds the library (buildProject), the HTTP sidecar (bench/sidecar) and the C
 * floor (bench/cfloor.c), runs every workload of docs/BENCHMARKS.md, and prints one Markdown table.
 *
 * Options:
 *   --only w1,w2,…   run only these workloads (w1 seed, w2 overhead, w3 sync, w4 marshalling,
 *                    w6 memory); the table then lacks the others' figures
 *   --quick          shorter runs (for checking the harness, not for figures)
 *   --no-gen         do not regenerate the bench's generated code
 *   --json FILE      also write the figures as JSON
 *   --gomaxprocs N   run Go with GOMAXPROCS=N instead of 2 (experiments; the table says which)
 *   --timeout MIN    stop the suite after MIN minutes (default 20)
 *   --help, -h       print this help and exit
 *
 * GOMAXPROCS: a c-shared Go runtime reads GOMAXPROCS from the environment the process started with
 * (setting process.env later does nothing), so this script runs the suite in a child of itself with
 * GOMAXPROCS=2 in its environment (and a watchdog in the parent); the table shows the value Go reports.
 * @module
 */

import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { buildProject, regenerate } from "../scripts/projects.ts";
import type { BenchCallClient } from "./schema.gen.ts";
import { Baseline, bytesJson, type NativeBaseline, type Request, requestJson } from "./baseline.ts";
import { openHandPacker } from "./hand_packer.ts";
import { perCall, type ThreadCpu, threadCpu } from "./thread_cpu.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const buildDir = path.join(benchDir, ".build");
const scriptPath = fileURLToPath(import.meta.url);
const args: string[] = isDeno
  ? [...(globalThis as unknown as { Deno: { args: string[] } }).Deno.args]
  : process.argv.slice(2);

function flag(name: string): boolean {
  return args.includes(name);
}
function option(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The command that runs this script again with the same runtime. */
function selfCommand(extra: string[]): [string, string[]] {
  return [process.execPath, isDeno ? ["run", "-A", scriptPath, ...extra] : [scriptPath, ...extra]];
}

if (flag("--help") || flag("-h")) {
  const source = fs.readFileSync(scriptPath, "utf8");
  const doc = source.slice(source.indexOf("/**") + 3, source.indexOf(" * @module"));
  console.log(doc.replace(/^ \* ?/gm, "").trim());
  process.exit(0);
}

// ---- GOMAXPROCS=2, and a watchdog: the suite runs in a child ----------------------------------
//
// A c-shared Go runtime reads GOMAXPROCS from the environment the process started with, so the
// suite runs in a child whose environment has it. The parent only waits, and kills the child after
// --timeout minutes (default 20): a hang inside a native call cannot be interrupted from JS.

if (process.env.TS2GO_BENCH_CHILD !== "1") {
  const [cmd, cmdArgs] = selfCommand(args);
  const minutes = Number(option("--timeout") ?? 20);
  const r = spawnSync(cmd, cmdArgs, {
    stdio: "inherit",
    env: { ...process.env, GOMAXPROCS: option("--gomaxprocs") ?? "2", TS2GO_BENCH_CHILD: "1" },
    timeout: minutes * 60_000,
    killSignal: "SIGKILL",
  });
  if (r.error || r.signal) {
    console.error(`bench: the suite was stopped (${r.error?.message ?? r.signal}) after at most ${minutes} min`);
  }
  process.exit(r.status ?? 1);
}

const QUICK = flag("--quick");
const ONLY = option("--only")?.split(",");
const runs = (w: string) => !ONLY || ONLY.includes(w);

// ---- Measurement helpers ------------------------------------------------------------------------

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];

const cpuMicros = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** CPU time of another process in µs (Linux /proc), or NaN. */
let clockTicks = 0;
function childCpuMicros(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    if (!clockTicks) clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) / clockTicks) * 1e6; // utime, stime
  } catch {
    return NaN;
  }
}

/**
 * rust2go's figures on this VM, from issue 17: rust2go 0.4.3 from crates.io (tokio current-thread,
 * its default cgo-in / asm-callback-out path) against this bench's `--only w1,w2,w3` at 5747e9f,
 * 2 vCPUs, Go 1.26.8, 9 alternating rounds, medians. A fixed reference, not measured by this run.
 */
const RUST2GO = {
  seedRate: 85_086,
  seedCpuUs: 3.79,
  echoRate: 1_050_000,
  echoCpuUs: 1.5,
  echoP50Us: 2.76,
  pingNs: 69,
};

interface LoopResult {
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
 * Keeps `inFlight` calls going (each worker starts a new call when its last one settles) until
 * `maxCalls` have started or `maxMs` have passed; returns calls/s and CPU per call.
 */
async function closedLoop(
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

/** Warm-up, then `n` closed-loop runs; the run with the median rate. */
async function loopMedian(
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

/** Latencies of `n` calls made one after the other, in µs, sorted. */
async function sequentialLatencies(call: (i: number) => Promise<unknown>, n: number): Promise<number[]> {
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
 */
function timeSync(fn: (i: number) => unknown, n: number, minMs: number, maxIter: number): number {
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

/** Busy CPU time of the whole machine and of this process (with its waited-for children), in µs. */
function cpuTotals(): { machine: number; self: number } | undefined {
  try {
    if (!clockTicks) clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const machine = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const self = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime stime cutime cstime
    return { machine: (machine / clockTicks) * 1e6, self: (self / clockTicks) * 1e6 };
  } catch {
    return undefined;
  }
}

// ---- Set-up: generate, build, start ------------------------------------------------------------

function buildSidecar(): string {
  fs.mkdirSync(buildDir, { recursive: true });
  const out = path.join(buildDir, "sidecar");
  execFileSync(process.env.TS2GO_GO ?? "go", ["build", "-o", out, "main.go"], {
    cwd: path.join(benchDir, "sidecar"),
    stdio: ["ignore", "inherit", "inherit"],
  });
  return out;
}

function buildCFloor(): string {
  fs.mkdirSync(buildDir, { recursive: true });
  const out = path.join(buildDir, "cfloor");
  execFileSync(process.env.CC ?? "gcc", ["-O2", "-o", out, path.join(benchDir, "cfloor.c"), "-ldl", "-lpthread"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  return out;
}

interface Sidecar {
  url: string;
  pid: number | undefined;
  stop(): void;
}

async function startSidecar(bin: string): Promise<Sidecar> {
  const child = spawn(bin, ["-max", "5000000"], { stdio: ["pipe", "pipe", "inherit"], env: process.env });
  const stop = () => {
    try {
      child.stdin?.end();
    } catch { /* already gone */ }
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let seen = "";
      const timer = setTimeout(() => reject(new Error("sidecar did not start in 10 s")), 10_000);
      child.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`sidecar exited (${code})`));
      });
      child.stdout!.on("data", (d: Uint8Array) => {
        seen += new TextDecoder().decode(d);
        const m = /listening (\S+)/.exec(seen);
        if (m) {
          clearTimeout(timer);
          resolve(`http://${m[1]}`);
        }
      });
    });
    return { url, pid: child.pid, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

// ---- Inputs -------------------------------------------------------------------------------------

/** The demo's request: 2 users and 1 byte. */
const demoRequest: Request = {
  users: [{ name: "chihai", age: 28 }, { name: "hui", age: 18 }],
  balabala: new Uint8Array(new ArrayBuffer(1)).fill(1),
};

/** 1,000 users with 16-character names. */
const bigRequest: Request = {
  users: Array.from({ length: 1000 }, (_, i) => ({ name: `user-${String(i).padStart(11, "0")}`, age: 18 + (i % 60) })),
  balabala: new Uint8Array(new ArrayBuffer(1)).fill(1),
};

function bytes(n: number): Uint8Array {
  const b = new Uint8Array(new ArrayBuffer(n));
  for (let i = 0; i < n; i++) b[i] = (i * 7 + 3) & 0xff;
  return b;
}

function jsSum(b: Uint8Array): bigint {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += b[i];
  return BigInt(s);
}

function check(what: string, got: unknown, want: unknown): void {
  if (got !== want) throw new Error(`bench sanity check failed: ${what}: got ${String(got)}, want ${String(want)}`);
}

async function httpPost(url: string, body: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } });
  if (!res.ok) throw new Error(`sidecar: ${res.status} ${await res.text()}`);
  return await res.json();
}

// ---- Figures and the table ----------------------------------------------------------------------

interface Row {
  id: string;
  figure: string;
  value: string;
  target: string;
  met: boolean | null;
}

const rows: Row[] = [];
const ratios: Row[] = [];
const raw: Record<string, number> = {};

const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
const fmtUs = (us: number) => (us >= 100 ? `${fmtInt(us)} µs` : `${us.toFixed(2)} µs`);
const bySplit = (t: ThreadCpu | undefined) =>
  t && Number.isFinite(t.js) ? `${fmtUs(t.js)} / ${fmtUs(t.go)} / ${fmtUs(t.rest)}` : "n/a (Linux only)";
const fmtNs = (ns: number) => `${ns.toFixed(1)} ns`;
const fmtMs = (ms: number) => `${ms.toFixed(2)} ms`;
const fmtX = (x: number) => `${x >= 100 ? fmtInt(x) : x.toFixed(2)} ×`;
const fmtMB = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;

function row(id: string, figure: string, value: string, target = "", met: boolean | null = null): void {
  rows.push({ id, figure, value, target, met });
}
function ratio(id: string, figure: string, value: string, target = "", met: boolean | null = null): void {
  ratios.push({ id, figure, value, target, met });
}

function table(title: string, rs: Row[]): string {
  const mark = (m: boolean | null) => (m === null ? "" : m ? "**yes**" : "no");
  const lines = [`| # | ${title} | value | target | met? |`, "|---|---|---:|---|---|"];
  for (const r of rs) lines.push(`| ${r.id} | ${r.figure} | ${r.value} | ${r.target} | ${mark(r.met)} |`);
  return lines.join("\n");
}

/** "B bytes / O objects / G goroutines per call; sched latency p50 / p99; T threads" from a probed run. */
function goSide(r: LoopResult): string {
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

// ---- Workload 6 in a child: a fresh process, so that RSS is not the earlier workloads' ---------

async function memoryWorkload(
  api: BenchCallClient,
): Promise<{ rssStart: number; rss10k: number; rss1M: number; seconds: number; calls: number }> {
  // A 4 KiB ASCII string argument.
  const s = Array.from({ length: 4096 }, (_, i) => String.fromCharCode(97 + (i % 26))).join("");
  check("echo_str", await api.echo_str(1n, s), 4097n);
  const rssStart = process.memoryUsage().rss;
  const a = await closedLoop(1000, () => api.echo_str(1n, s), 10_000, 60_000);
  const rss10k = process.memoryUsage().rss;
  const total = QUICK ? 100_000 : 1_000_000;
  const b = await closedLoop(1000, () => api.echo_str(1n, s), total - a.calls, 300_000);
  const rss1M = process.memoryUsage().rss;
  return { rssStart, rss10k, rss1M, seconds: a.seconds + b.seconds, calls: a.calls + b.calls };
}

// ---- Main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const child = flag("--memory-child");
  if (!flag("--no-gen") && !child) regenerate("bench");
  const lib = await buildProject("bench");
  const { loadBenchCall } = await import("./schema.gen.ts");
  const api: BenchCallClient = loadBenchCall(lib);
  const hand = openHandPacker(lib);

  if (child) {
    const m = await memoryWorkload(api);
    console.log(`MEMORY ${JSON.stringify(m)}`);
    api.close();
    return;
  }

  const base = new Baseline(lib);
  probe = base.native;
  const goVersion = base.native.goVersion();
  const gomaxprocs = `${base.native.gomaxprocs()}`;
  const runtimeName = isDeno
    ? `Deno ${(globalThis as unknown as { Deno: { version: { deno: string; v8: string } } }).Deno.version.deno} (V8 ${
      (globalThis as unknown as { Deno: { version: { v8: string } } }).Deno.version.v8
    })`
    : `Bun ${(globalThis as unknown as { Bun: { version: string; revision: string } }).Bun.version}`;
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model ?? "?"}, ${cpus.length} cores, ${os.platform()} ${os.arch()} ${os.release()}`;
  console.error(`# ${runtimeName}; Go ${goVersion}, GOMAXPROCS=${gomaxprocs}; ${machine}`);
  const progress = (s: string) => console.error(`  … ${s}`);

  const long = QUICK ? 300 : 1500; // ms per closed-loop run
  const nRuns = QUICK ? 1 : 3;

  let sidecar: Sidecar | undefined;
  let sidecarCpu = 0;
  const load0 = os.loadavg()[0];
  const totals0 = cpuTotals();
  const wall0 = performance.now();
  try {
    // Sanity: every path gives the right answer before anything is timed.
    check("seed", (await api.seed(demoRequest)).pass, true);
    check("echo", await api.echo(41n), 42n);
    check("ping", api.ping(41n), 42n);
    check("count_users", api.count_users(bigRequest), 1000);
    check("hand-packed count_users", hand.call(bigRequest), 1000);
    check("naive echo", await base.naiveEcho(41n), 42n);
    check("naive seed", await base.naiveSeed(demoRequest), 1n);
    check("raw ping", base.native.rawPing(41n), 42n);
    check("json count_users", base.jsonCountUsers(bigRequest), 1000);

    if (runs("w1") || runs("w4")) {
      sidecar = await startSidecar(buildSidecar());
      check("http seed", (await httpPost(`${sidecar.url}/seed`, requestJson(demoRequest))).pass, true);
      check("http count_users", (await httpPost(`${sidecar.url}/count_users`, requestJson(bigRequest))).count, 1000);
    }

    // Workloads 1 and 2. ts2go first: the naive baseline leaves ~1,000 idle OS threads in Go.
    let n = 0n;
    let w1ts: LoopResult | undefined;
    let w2ts: LoopResult | undefined;
    let w2lat: number[] = [];
    let w2latSplit: ThreadCpu | undefined;
    if (runs("w1")) {
      progress("w1 seed: ts2go");
      w1ts = await loopMedian(nRuns, 1000, () => api.seed(demoRequest), 200_000, long);
    }
    if (runs("w2")) {
      progress("w2 echo: ts2go");
      w2ts = await loopMedian(nRuns, 1000, () => api.echo(n++), 5_000_000, long);
      const threads0 = threadCpu();
      w2lat = await sequentialLatencies(() => api.echo(n++), QUICK ? 5000 : 50_000);
      w2latSplit = perCall(threads0, threadCpu(), w2lat.length);
    }

    // Workload 1: the seed's benchmark.
    if (w1ts) {
      const ts = w1ts;
      progress("w1 seed: Go alone");
      const ceilings: LoopResult[] = [];
      for (let r = 0; r < nRuns; r++) {
        base.native.goMetricsMark();
        const c0 = cpuMicros();
        const t0 = performance.now();
        const rate = base.native.goSeedCeiling(1000, long);
        const seconds = (performance.now() - t0) / 1000;
        const cpu = cpuMicros() - c0;
        const calls = rate * seconds;
        ceilings.push({
          calls,
          seconds,
          rate,
          cpuPerCall: cpu / calls,
          cpuPerCallWithChild: cpu / calls,
          go: base.native.goMetrics(),
        });
      }
      ceilings.sort((a, b) => a.rate - b.rate);
      const goAlone = ceilings[(ceilings.length - 1) >> 1];
      const ceiling = goAlone.rate;
      progress("w1 seed: HTTP sidecar");
      const url = `${sidecar!.url}/seed`;
      const http = await loopMedian(
        nRuns,
        1000,
        () => httpPost(url, requestJson(demoRequest)),
        200_000,
        long,
        sidecar!.pid,
      );
      progress("w1 seed: naive callback");
      const naive = await loopMedian(nRuns, 1000, () => base.naiveSeed(demoRequest), 200_000, long);
      Object.assign(raw, {
        w1_ts2go_rate: ts.rate,
        w1_ts2go_cpu_us: ts.cpuPerCall,
        w1_go_ceiling_rate: ceiling,
        w1_go_ceiling_cpu_us: goAlone.cpuPerCall,
        w1_naive_rate: naive.rate,
        w1_naive_cpu_us: naive.cpuPerCall,
        w1_http_rate: http.rate,
        w1_http_cpu_us: http.cpuPerCallWithChild,
      });
      row(
        "1",
        "seed (1,000 in flight, Go sleeps 10 ms): ts2go calls/s",
        fmtInt(ts.rate),
        "≥ 95,000",
        ts.rate >= 95_000,
      );
      row(
        "1",
        "seed: ts2go process CPU per call (user+sys ÷ calls)",
        fmtUs(ts.cpuPerCall),
        "≤ 5 µs",
        ts.cpuPerCall <= 5,
      );
      row("1", "seed: ts2go CPU per call by thread: JS thread / Go / rest", bySplit(ts.split));
      row("1", "seed: ts2go, Go side (per call; Go scheduler)", goSide(ts));
      row("1", "seed: Go alone (1,000 goroutines sleeping 10 ms in a loop, no JS): calls/s", fmtInt(ceiling));
      row("1", "seed: Go alone: process CPU per call", fmtUs(goAlone.cpuPerCall));
      row("1", "seed: Go alone, Go side (per call; Go scheduler)", goSide(goAlone));
      row("5c", "seed: naive (one thread-safe callback per completion) calls/s", fmtInt(naive.rate));
      row("5c", "seed: naive process CPU per call", fmtUs(naive.cpuPerCall));
      row("5c", "seed: naive, Go side (per call; Go scheduler)", goSide(naive));
      row("5a", "seed: HTTP sidecar (keep-alive fetch, JSON) calls/s", fmtInt(http.rate));
      row("5a", "seed: HTTP CPU per call (client + sidecar process)", fmtUs(http.cpuPerCallWithChild));
      ratio(
        "1",
        "seed ts2go ÷ physical limit (100,000 calls/s)",
        `${(ts.rate / 1000).toFixed(1)} %`,
        "≥ 95 %",
        ts.rate >= 95_000,
      );
      ratio(
        "1",
        "seed ts2go ÷ Go alone (calls/s)",
        `${(100 * ts.rate / ceiling).toFixed(1)} %`,
        "≥ 90 %",
        ts.rate / ceiling >= 0.9,
      );
      ratio(
        "R",
        "seed: ts2go ÷ rust2go (CPU per call)",
        fmtX(ts.cpuPerCall / RUST2GO.seedCpuUs),
        "≤ 1.3 ×",
        ts.cpuPerCall / RUST2GO.seedCpuUs <= 1.3,
      );
      ratio("1", "seed ts2go ÷ HTTP sidecar (calls/s)", fmtX(ts.rate / http.rate), "≥ 5 ×", ts.rate / http.rate >= 5);
      ratio("1", "seed ts2go ÷ naive callback (calls/s)", fmtX(ts.rate / naive.rate));
      ratio("1", "seed naive ÷ ts2go (CPU per call)", fmtX(naive.cpuPerCall / ts.cpuPerCall));
    }

    // Workload 2: the overhead round trip.
    if (w2ts) {
      const ts = w2ts;
      const tsLat = w2lat;
      const harness = await loopMedian(nRuns, 1000, () => Promise.resolve(), 5_000_000, long / 2);
      const wakeOut = execFileSync(buildCFloor(), ["--wake", QUICK ? "5000" : "20000"], { encoding: "utf8" });
      const wake = JSON.parse(wakeOut.trim().split("\n").pop()!) as { cross_cpu_us: number; same_cpu_us: number };
      progress("w2 echo: naive callback");
      const naive = await loopMedian(nRuns, 1000, () => base.naiveEcho(n++), 5_000_000, long);
      const naiveLat = await sequentialLatencies(() => base.naiveEcho(n++), QUICK ? 5000 : 50_000);
      Object.assign(raw, {
        w2_ts2go_rate: ts.rate,
        w2_ts2go_cpu_us: ts.cpuPerCall,
        w2_ts2go_p50_us: percentile(tsLat, 0.5),
        w2_ts2go_p99_us: percentile(tsLat, 0.99),
        w2_harness_rate: harness.rate,
        w2_futex_cross_cpu_us: wake.cross_cpu_us,
        w2_futex_same_cpu_us: wake.same_cpu_us,
        w2_naive_rate: naive.rate,
        w2_naive_cpu_us: naive.cpuPerCall,
        w2_naive_p50_us: percentile(naiveLat, 0.5),
        w2_naive_p99_us: percentile(naiveLat, 0.99),
      });
      row("2", "echo u64→u64, 1,000 in flight: ts2go calls/s", fmtInt(ts.rate), "≥ 945,000", ts.rate >= 945_000);
      row("2", "echo, 1,000 in flight: ts2go process CPU per call", fmtUs(ts.cpuPerCall));
      row("2", "echo, 1,000 in flight: ts2go CPU per call by thread: JS thread / Go / rest", bySplit(ts.split));
      row("2", "echo, 1,000 in flight: ts2go, Go side (per call; Go scheduler)", goSide(ts));
      const p50Target = isDeno ? 6 : 15;
      row(
        "2",
        "echo, 1 in flight: ts2go p50 latency",
        fmtUs(percentile(tsLat, 0.5)),
        `≤ ${p50Target} µs`,
        percentile(tsLat, 0.5) <= p50Target,
      );
      row("2", "echo, 1 in flight: ts2go p99 latency", fmtUs(percentile(tsLat, 0.99)));
      row("2", "echo, 1 in flight: ts2go CPU per call by thread: JS thread / Go / rest", bySplit(w2latSplit));
      row("2", "echo: the harness alone (Promise.resolve() for the call), calls/s", fmtInt(harness.rate));
      row(
        "2",
        "machine: two C threads waking each other (futex), round trip, on 2 CPUs / on 1 CPU",
        `${fmtUs(wake.cross_cpu_us)} / ${fmtUs(wake.same_cpu_us)}`,
      );
      row("5c", "echo, 1,000 in flight: naive callback calls/s", fmtInt(naive.rate));
      row("5c", "echo, 1,000 in flight: naive process CPU per call", fmtUs(naive.cpuPerCall));
      row("5c", "echo, 1,000 in flight: naive, Go side (per call; Go scheduler)", goSide(naive));
      row(
        "5c",
        "echo, 1 in flight: naive p50 / p99 latency",
        `${fmtUs(percentile(naiveLat, 0.5))} / ${fmtUs(percentile(naiveLat, 0.99))}`,
      );
      ratio("2", "echo ts2go ÷ naive callback (calls/s, 1,000 in flight)", fmtX(ts.rate / naive.rate));
      ratio(
        "R",
        "echo, 1,000 in flight: ts2go ÷ rust2go (calls/s)",
        fmtX(ts.rate / RUST2GO.echoRate),
        "≥ 0.9 ×",
        ts.rate / RUST2GO.echoRate >= 0.9,
      );
      ratio("R", "echo, 1 in flight: ts2go ÷ rust2go (p50 latency)", fmtX(percentile(tsLat, 0.5) / RUST2GO.echoP50Us));
    }

    // Workload 3: the sync call floor.
    if (runs("w3")) {
      progress("w3 ping: ts2go, plain FFI, C floor");
      const iters = QUICK ? 200_000 : 2_000_000;
      let acc = 0n;
      const ts = timeSync((i) => (acc += api.ping(BigInt(i))), 5, QUICK ? 100 : 500, iters);
      const ffi = timeSync((i) => (acc += base.native.rawPing(BigInt(i))), 5, QUICK ? 100 : 500, iters);
      // The same loop without the call: what BigInt(i) and the loop cost in JS.
      const empty = timeSync((i) => (acc += BigInt(i)), 5, QUICK ? 100 : 500, iters);
      const cfloorOut = execFileSync(buildCFloor(), [lib, String(iters), "5"], { encoding: "utf8", env: process.env });
      const c = JSON.parse(cfloorOut.trim().split("\n").pop()!) as { ts2go_ping_ns: number; raw_ping_ns: number };
      Object.assign(raw, {
        w3_ts2go_ns: ts,
        w3_plain_ffi_ns: ffi,
        w3_js_loop_ns: empty,
        w3_c_floor_ns: c.ts2go_ping_ns,
        w3_c_raw_ns: c.raw_ping_ns,
      });
      row("3", "sync ping(u64) → u64: ts2go from JS", fmtNs(ts));
      row("5d", "sync ping: C cgo floor (C loop calling the same export)", fmtNs(c.ts2go_ping_ns));
      row("3", "sync: plain FFI call to a bare u64→u64 cgo export, from JS", fmtNs(ffi));
      row("3", "sync: bare u64→u64 cgo export from C", fmtNs(c.raw_ping_ns));
      row("3", "sync: the JS loop alone (BigInt(i), no call)", fmtNs(empty));
      ratio("3", "sync ping ts2go ÷ C cgo floor", fmtX(ts / c.ts2go_ping_ns), "≤ 1.25 ×", ts / c.ts2go_ping_ns <= 1.25);
      ratio("R", "sync ping: ts2go ÷ rust2go", fmtX(ts / RUST2GO.pingNs));
    }

    // Workload 4: marshalling.
    if (runs("w4")) {
      progress("w4 1,000 users: ts2go, hand-written packer, JSON over FFI, HTTP");
      const minMs = QUICK ? 100 : 1000;
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
      Object.assign(raw, {
        w4_users_ts2go_us: ts,
        w4_users_hand_us: handCall,
        w4_users_hand_pack_us: handPack,
        w4_users_json_us: json,
        w4_users_http_us: http,
      });
      row("4", "1,000-user request (sync, returns the count): ts2go", fmtUs(ts));
      row("4", "1,000-user: hand-written packer, same call and Go side (bench/hand_packer.ts)", fmtUs(handCall));
      row("4", "1,000-user: hand-written packer alone (JS only, no call)", fmtUs(handPack));
      row("5b", "1,000-user request: JSON over FFI", fmtUs(json));
      row("5a", "1,000-user request: HTTP sidecar (1 in flight)", fmtUs(http));
      ratio("4", "1,000-user: JSON over FFI ÷ ts2go (time)", fmtX(json / ts), "≥ 10 ×", json / ts >= 10);
      ratio("4", "1,000-user: HTTP sidecar ÷ ts2go (time)", fmtX(http / ts), "≥ 50 ×", http / ts >= 50);
      ratio("4", "1,000-user: HTTP sidecar ÷ hand-written packer (the most any packer gets)", fmtX(http / handCall));

      progress("w4 1 MiB / 16 MiB Uint8Array");
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
      Object.assign(raw, {
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
      row("4", "1 MiB Uint8Array → sum (sync): ts2go", fmtUs(fig.sum[0]));
      row("4", "16 MiB Uint8Array → sum (sync): ts2go", fmtUs(fig.sum[1]));
      row(
        "4",
        "1 MiB / 16 MiB → sum: plain FFI call (pointer, length), same Go sum",
        `${fmtUs(fig.raw[0])} / ${fmtUs(fig.raw[1])}`,
      );
      row(
        "4",
        "1 MiB / 16 MiB → length only (cost of passing the bytes in): ts2go",
        `${fmtUs(fig.len[0])} / ${fmtUs(fig.len[1])}`,
      );
      row(
        "5b",
        "1 MiB / 16 MiB → sum: JSON over FFI (base64)",
        `${fmtMs(fig.json[0] / 1000)} / ${fmtMs(fig.json[1] / 1000)}`,
      );
      row(
        "5a",
        "1 MiB / 16 MiB → sum: HTTP sidecar (base64 JSON)",
        `${fmtMs(fig.http[0] / 1000)} / ${fmtMs(fig.http[1] / 1000)}`,
      );
      ratio(
        "4",
        "16 MiB ÷ 1 MiB, bytes passed in (length only): ts2go time",
        fmtX(fig.len[1] / fig.len[0]),
        "≤ 2 ×",
        fig.len[1] / fig.len[0] <= 2,
      );
      ratio(
        "4",
        "16 MiB ÷ 1 MiB, sum (Go reads 16 × the bytes): ts2go time",
        fmtX(fig.sum[1] / fig.sum[0]),
        "≤ 2 × (literal)",
        fig.sum[1] / fig.sum[0] <= 2,
      );
      ratio("4", "16 MiB sum: ts2go − plain FFI (overhead above the Go sum)", fmtUs(fig.sum[1] - fig.raw[1]));
      ratio(
        "4",
        "16 MiB sum: JSON over FFI ÷ ts2go; HTTP ÷ ts2go",
        `${fmtX(fig.json[1] / fig.sum[1])}; ${fmtX(fig.http[1] / fig.sum[1])}`,
      );
    }
  } finally {
    if (sidecar) sidecarCpu = childCpuMicros(sidecar.pid) || 0;
    sidecar?.stop();
  }

  // Workload 6: memory, in a fresh child process of the same runtime.
  if (runs("w6")) {
    progress("w6 memory: 10k then 1M async echo_str calls with a 4 KiB string (child process)");
    const [cmd, cmdArgs] = selfCommand(["--memory-child", "--no-gen", ...(QUICK ? ["--quick"] : [])]);
    const r = spawnSync(cmd, cmdArgs, {
      encoding: "utf8",
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 600_000,
    });
    const line = r.stdout.split("\n").find((l) => l.startsWith("MEMORY "));
    if (!line) throw new Error(`memory child failed (status ${r.status}):\n${r.stdout}`);
    const m = JSON.parse(line.slice(7)) as {
      rssStart: number;
      rss10k: number;
      rss1M: number;
      seconds: number;
      calls: number;
    };
    const grow = m.rss1M - m.rss10k;
    Object.assign(raw, { w6_rss_10k: m.rss10k, w6_rss_1m: m.rss1M, w6_calls: m.calls, w6_rate: m.calls / m.seconds });
    row("6", "RSS after 10k async echo_str calls (4 KiB string, 1,000 in flight)", fmtMB(m.rss10k));
    row(
      "6",
      `RSS after ${fmtInt(m.calls)} calls (${fmtInt(m.calls / m.seconds)} calls/s)`,
      fmtMB(m.rss1M),
      "≤ RSS(10k) + 50 MB",
      grow <= 50e6,
    );
    ratio(
      "6",
      `RSS growth from 10k to ${fmtInt(m.calls)} calls`,
      `${(grow / 1e6).toFixed(1)} MB`,
      "≤ 50 MB",
      grow <= 50e6,
    );
  }

  api.close();
  row(
    "R",
    "rust2go reference (issue 17, fixed; see RUST2GO): seed calls/s, CPU per call",
    `${fmtInt(RUST2GO.seedRate)}, ${fmtUs(RUST2GO.seedCpuUs)}`,
  );
  row(
    "R",
    "rust2go reference: echo 1,000 in flight calls/s (CPU per call); 1 in flight p50; sync ping",
    `${fmtInt(RUST2GO.echoRate)} (${fmtUs(RUST2GO.echoCpuUs)}); ${fmtUs(RUST2GO.echoP50Us)}; ${fmtNs(RUST2GO.pingNs)}`,
  );
  const totals1 = cpuTotals();
  let otherLoad = "";
  if (totals0 && totals1) {
    const wall = (performance.now() - wall0) * 1000;
    const other = (totals1.machine - totals0.machine - (totals1.self - totals0.self) - sidecarCpu) / wall;
    otherLoad = `${Math.max(0, other).toFixed(2)} cores busy with other processes on average ` +
      `(1-min load average ${load0.toFixed(2)} at start, ${os.loadavg()[0].toFixed(2)} at end)`;
    raw.other_load_cores = other;
  }
  let goTool = "";
  try {
    goTool = execFileSync(process.env.TS2GO_GO ?? "go", ["version"], { encoding: "utf8" }).trim();
  } catch { /* no go on PATH: the library's version is printed anyway */ }
  let source = "";
  try {
    const git = (a: string[]) =>
      execFileSync("git", ["-C", path.dirname(benchDir), ...a], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    const dirty = git(["status", "--porcelain", "--", "src", "gen", "go", "mod.ts"]) !== "";
    source = `${git(["rev-parse", "--short", "HEAD"])}${dirty ? " + uncommitted changes in src/ gen/ go/" : ""}`;
  } catch {
    // Not a git checkout (e.g. a `git archive` copy): say which commit it is with $TS2GO_COMMIT.
    source = process.env.TS2GO_COMMIT ? `${process.env.TS2GO_COMMIT} (copy)` : "";
  }
  const out = [
    `## ${isDeno ? "Deno" : "Bun"}`,
    "",
    `- runtime: ${runtimeName}`,
    `- Go: ${goVersion} (library; \`${goTool}\`), GOMAXPROCS=${gomaxprocs}`,
    `- machine: ${machine}`,
    ...(source ? [`- ts2go: ${source}`] : []),
    ...(otherLoad ? [`- noise: ${otherLoad}`] : []),
    `- command: \`${isDeno ? "deno task bench" : "bun run bench/main.ts"}${args.length ? " " + args.join(" ") : ""}\`${
      QUICK ? " (QUICK: not for figures)" : ""
    }`,
    "",
    table("figure", rows),
    "",
    table("ratio", ratios),
    "",
  ].join("\n");
  console.log(out);
  const jsonOut = option("--json");
  if (jsonOut) {
    fs.writeFileSync(
      jsonOut,
      JSON.stringify({ runtime: runtimeName, go: goVersion, gomaxprocs, machine, figures: raw }, null, 2),
    );
  }
}

try {
  await main();
} catch (e) {
  console.error(e);
  process.exit(1);
}
// Exit explicitly: Go may still hold wake-up callbacks, and a natural exit then can crash Deno.
process.exit(0);
