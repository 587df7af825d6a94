/**
 * Runs one ts2go workload alone, for a profiler (no baselines, no table). Set GOMAXPROCS=2 yourself.
 *
 *   GOMAXPROCS=2 perf record -F 999 -g -o w1.data -- ./node_modules/.bin/deno run -A \
 *     --v8-flags=--perf-basic-prof bench/profile.ts w1 5
 *   GOMAXPROCS=2 ./node_modules/.bin/bun --cpu-prof-md bench/profile.ts w2 5
 *
 * Workloads: w1 (seed, 1,000 in flight), w2 (echo, 1,000 in flight), w2lat (echo, 1 in flight),
 * ping (sync ping), users (sync count_users with 1,000 users). A third argument `lat` also prints
 * the latency distribution of w1/w2 calls (it times every call, so do not profile with it). Run bench/main.ts once first: it generates and builds the bench library.
 * Prints calls/s, process CPU per call, and that CPU split into the JS thread, Go's threads and the
 * rest (bench/thread_cpu.ts).
 * @module
 */

import process from "node:process";
import { buildProject } from "../scripts/projects.ts";
import { loadBenchCall } from "./schema.gen.ts";
import { perCall, threadCpu } from "./thread_cpu.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const argv: string[] = isDeno
  ? [...(globalThis as unknown as { Deno: { args: string[] } }).Deno.args]
  : process.argv.slice(2);
const workload = argv[0] ?? "w2";
const seconds = Math.min(Number(argv[1] ?? 5), 120);
const lat = argv[2] === "lat";
const latencies: number[] = [];

const lib = await buildProject("bench");
const api = loadBenchCall(lib);
const req = {
  users: [{ name: "chihai", age: 28 }, { name: "hui", age: 18 }],
  balabala: new Uint8Array(new ArrayBuffer(1)).fill(1),
};

const deadline = performance.now() + seconds * 1000;
const cpu0 = process.cpuUsage();
const threads0 = threadCpu();
const t0 = performance.now();
let calls = 0;
if (workload === "w1" || workload === "w2") {
  let n = 0n;
  const call = workload === "w1" ? () => api.seed(req) : () => api.echo(n++);
  let stop = false;
  const worker = async () => {
    while (!stop) {
      if (lat) {
        const t = performance.now();
        await call();
        latencies.push(performance.now() - t);
      } else {
        await call();
      }
      if ((++calls & 255) === 0 && performance.now() > deadline) stop = true;
    }
  };
  await Promise.all(Array.from({ length: 1000 }, worker));
} else if (workload === "w2lat") {
  while (performance.now() < deadline && calls < 10_000_000) {
    await api.echo(BigInt(calls));
    calls++;
  }
} else if (workload === "ping") {
  while (performance.now() < deadline && calls < 1e9) {
    for (let k = 0; k < 1000; k++) api.ping(BigInt(k));
    calls += 1000;
  }
} else if (workload === "users") {
  const big = {
    users: Array.from(
      { length: 1000 },
      (_, i) => ({ name: `user-${String(i).padStart(11, "0")}`, age: 18 + (i % 60) }),
    ),
    balabala: new Uint8Array(new ArrayBuffer(1)).fill(1),
  };
  while (performance.now() < deadline && calls < 1e8) {
    for (let k = 0; k < 100; k++) api.count_users(big);
    calls += 100;
  }
} else {
  throw new Error(`unknown workload ${workload}`);
}
const s = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const split = perCall(threads0, threadCpu(), calls);
console.log(
  `${workload}: ${calls} calls in ${s.toFixed(2)} s = ${Math.round(calls / s)} calls/s; ` +
    `CPU per call ${((cpu.user + cpu.system) / calls).toFixed(2)} µs (user ${(cpu.user / calls).toFixed(2)}, sys ${
      (cpu.system / calls).toFixed(2)
    }; JS thread ${split.js.toFixed(2)}, Go ${split.go.toFixed(2)}, rest ${split.rest.toFixed(2)})`,
);
if (latencies.length > 0) {
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.floor(p * (latencies.length - 1))].toFixed(3);
  const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
  console.log(`latency ms: mean ${mean.toFixed(3)} p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)} max ${q(1)}`);
}
api.close();
process.exit(0);
