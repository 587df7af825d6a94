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

// The suite's parts: harness.ts (how it measures), report.ts (rows, ratios, the table), external.ts
// (the HTTP sidecar and the C floor), inputs.ts, rust2go.ts (the fixed reference), and one module per
// workload in workloads/ (workloads/mod.ts lists them). This file reads the options, loads the
// library, runs the workloads and prints the table.

import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import * as fs from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { buildProject, regenerate } from "../scripts/projects.ts";
import type { BenchCallClient } from "./schema.gen.ts";
import { Baseline, requestJson } from "./baseline.ts";
import { openHandPacker } from "./hand_packer.ts";
import { childCpuMicros, cpuTotals, probeGo } from "./harness.ts";
import { buildSidecar, httpPost, startSidecar } from "./external.ts";
import { bigRequest, check, demoRequest } from "./inputs.ts";
import { goToolVersion, Report, sourceRevision } from "./report.ts";
import { rust2goRows } from "./rust2go.ts";
import { type Bench, memoryFigures, type Workload, workloads } from "./workloads/mod.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const benchDir = path.dirname(fileURLToPath(import.meta.url));
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

/** The JS runtime and its engine, as the table names them. */
function runtimeName(): string {
  if (!isDeno) return `Bun ${(globalThis as unknown as { Bun: { version: string } }).Bun.version}`;
  const { deno, v8 } = (globalThis as unknown as { Deno: { version: { deno: string; v8: string } } }).Deno.version;
  return `Deno ${deno} (V8 ${v8})`;
}

/** Every path gives the right answer before anything is timed. */
async function sanityCheck({ api, hand, base }: Bench): Promise<void> {
  check("seed", (await api.seed(demoRequest)).pass, true);
  check("echo", await api.echo(41n), 42n);
  check("ping", api.ping(41n), 42n);
  check("count_users", api.count_users(bigRequest), 1000);
  check("hand-packed count_users", hand.call(bigRequest), 1000);
  check("naive echo", await base.naiveEcho(41n), 42n);
  check("naive seed", await base.naiveSeed(demoRequest), 1n);
  check("raw ping", base.native.rawPing(41n), 42n);
  check("json count_users", base.jsonCountUsers(bigRequest), 1000);
}

/**
 * Runs the workloads: ts2go's own runs of every workload first (the naive baseline leaves ~1,000 idle
 * OS threads in Go), then the rest, then those that run alone; returns the sidecar's CPU time (µs).
 */
async function runWorkloads(bench: Bench, selected: Workload[]): Promise<number> {
  let sidecarCpu = 0;
  try {
    await sanityCheck(bench);
    if (selected.some((w) => w.sidecar)) {
      const sidecar = bench.sidecar = await startSidecar(buildSidecar());
      check("http seed", (await httpPost(`${sidecar.url}/seed`, requestJson(demoRequest))).pass, true);
      check("http count_users", (await httpPost(`${sidecar.url}/count_users`, requestJson(bigRequest))).count, 1000);
    }
    for (const w of selected) await w.first?.(bench);
    for (const w of selected) if (!w.last) await w.run(bench);
  } finally {
    if (bench.sidecar) sidecarCpu = childCpuMicros(bench.sidecar.pid) || 0;
    bench.sidecar?.stop();
  }
  for (const w of selected) if (w.last) await w.run(bench);
  return sidecarCpu;
}

/** How busy other processes kept the machine during the run (also recorded as a raw figure), or "". */
function noise(
  report: Report,
  start: { load0: number; totals0: ReturnType<typeof cpuTotals>; wall0: number; sidecarCpu: number },
): string {
  const { load0, totals0, wall0, sidecarCpu } = start;
  const totals1 = cpuTotals();
  if (!totals0 || !totals1) return "";
  const wall = (performance.now() - wall0) * 1000;
  const other = (totals1.machine - totals0.machine - (totals1.self - totals0.self) - sidecarCpu) / wall;
  report.raw.other_load_cores = other;
  return `${Math.max(0, other).toFixed(2)} cores busy with other processes on average ` +
    `(1-min load average ${load0.toFixed(2)} at start, ${os.loadavg()[0].toFixed(2)} at end)`;
}

async function main(): Promise<void> {
  const child = flag("--memory-child");
  if (!flag("--no-gen") && !child) regenerate("bench");
  const lib = await buildProject("bench");
  const { loadBenchCall } = await import("./schema.gen.ts");
  const api: BenchCallClient = loadBenchCall(lib);
  const hand = openHandPacker(lib);

  if (child) {
    const m = await memoryFigures(api, QUICK);
    console.log(`MEMORY ${JSON.stringify(m)}`);
    api.close();
    return;
  }

  const base = new Baseline(lib);
  probeGo(base.native);
  const goVersion = base.native.goVersion();
  const gomaxprocs = `${base.native.gomaxprocs()}`;
  const runtime = runtimeName();
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model ?? "?"}, ${cpus.length} cores, ${os.platform()} ${os.arch()} ${os.release()}`;
  console.error(`# ${runtime}; Go ${goVersion}, GOMAXPROCS=${gomaxprocs}; ${machine}`);

  const report = new Report();
  const bench: Bench = {
    lib,
    api,
    hand,
    base,
    quick: QUICK,
    long: QUICK ? 300 : 1500, // ms per closed-loop run
    nRuns: QUICK ? 1 : 3,
    report,
    progress: (s) => console.error(`  … ${s}`),
    selfCommand,
  };
  const selected = workloads().filter((w) => runs(w.id));
  const load0 = os.loadavg()[0];
  const totals0 = cpuTotals();
  const wall0 = performance.now();
  const sidecarCpu = await runWorkloads(bench, selected);
  api.close();
  rust2goRows(report);
  const otherLoad = noise(report, { load0, totals0, wall0, sidecarCpu });
  const source = sourceRevision(benchDir);
  console.log(report.markdown([
    `## ${isDeno ? "Deno" : "Bun"}`,
    "",
    `- runtime: ${runtime}`,
    `- Go: ${goVersion} (library; \`${goToolVersion()}\`), GOMAXPROCS=${gomaxprocs}`,
    `- machine: ${machine}`,
    ...(source ? [`- ts2go: ${source}`] : []),
    ...(otherLoad ? [`- noise: ${otherLoad}`] : []),
    `- command: \`${isDeno ? "deno task bench" : "bun run bench/main.ts"}${args.length ? " " + args.join(" ") : ""}\`${
      QUICK ? " (QUICK: not for figures)" : ""
    }`,
    "",
  ]));
  const jsonOut = option("--json");
  if (jsonOut) {
    fs.writeFileSync(
      jsonOut,
      JSON.stringify({ runtime, go: goVersion, gomaxprocs, machine, figures: report.raw }, null, 2),
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
