/**
 * Go → TS calls and streams (issue 5 figures), on the runtime that runs this file:
 *
 *   ./node_modules/.bin/deno run -A bench/host_and_stream.ts
 *   ./node_modules/.bin/bun run bench/host_and_stream.ts
 *
 * Uses the duplex test fixture (tests/fixtures/duplex): Go's CallMany makes n calls of the TS
 * method `add` from g goroutines; `count(n)` streams n u32 items; `records(n)` streams structs.
 * Prints a Markdown table. A harness, not a test: nothing asserts timings.
 * @module
 */

import { buildProject } from "../scripts/projects.ts";
import { loadDuplex } from "../tests/fixtures/duplex/schema.gen.ts";

const api = loadDuplex(await buildProject("tests/fixtures/duplex"));
api.provideJs({
  echo: (s) => s,
  add: async (a, b) => a + b,
  rec: () => Promise.reject(new Error("unused")),
  fail: () => {},
  never: () => Promise.resolve(),
  nothing: () => {},
});

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

async function drain<T>(it: AsyncIterable<T>): Promise<number> {
  let n = 0;
  for await (const _ of it) n++;
  return n;
}

const rows: [string, string][] = [];
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

await api.call_many(2_000, 1); // warm-up
for (const goroutines of [1, 100]) {
  const n = goroutines === 1 ? 20_000 : 200_000;
  const s = await timed(() => api.call_many(n, goroutines));
  rows.push([`Go → TS call (sync TS method), ${goroutines} goroutine(s): calls/s`, fmt(n / s)]);
  if (goroutines === 1) rows.push(["Go → TS call, 1 goroutine: mean round trip", `${(s / n * 1e6).toFixed(1)} µs`]);
}
await drain(api.count(100_000));
for (const window of [64, 1024]) {
  const n = 2_000_000;
  const s = await timed(() => drain(api.count(n, { window })));
  rows.push([`stream of u32, window ${window}: items/s`, fmt(n / s)]);
}
{
  const n = 200_000;
  const s = await timed(() => drain(api.records(n, { window: 1024 })));
  rows.push(["stream of structs (6 fields incl. list, map, bytes), window 1024: items/s", fmt(n / s)]);
}
api.close();

const runtime = typeof (globalThis as { Deno?: unknown }).Deno === "object" ? "Deno" : "Bun";
console.log(`| ${runtime}: figure | value |\n|---|---:|`);
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
