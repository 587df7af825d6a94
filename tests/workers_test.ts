// The same library used at once from the main thread and 4 Web Workers, each with its own client
// (its own host in Go): every result reaches its own caller, none lost, none duplicated.
//
// TS2GO_WORKER_CALLS sets the async calls per side (default 100,000; 5 sides).
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildProject } from "../scripts/projects.ts";
import { runSide, type SideReport } from "./fixtures/scripts/worker_side.ts";
import { loadEcho } from "./fixtures/types/schema.gen.ts";
import { until } from "./fixtures/until.ts";

const CALLS = Number(process.env.TS2GO_WORKER_CALLS ?? 100_000);
const WORKERS = 4;
const WINDOW = 256; // calls in flight per side
const libPath = await buildProject("tests/fixtures/types");

function runWorker(side: number, calls = CALLS): Promise<SideReport> {
  const worker = new Worker(new URL("./fixtures/scripts/echo_worker.ts", import.meta.url).href, { type: "module" });
  return new Promise<SideReport>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent) => {
      if (e.data === "ready") {
        worker.postMessage({ libPath, side, calls, window: WINDOW });
        return;
      }
      worker.terminate();
      const report = e.data as SideReport & { error?: string };
      if (report.error) reject(new Error(`worker ${side}: ${report.error}`));
      else resolve(report);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault?.();
      worker.terminate();
      reject(new Error(`worker ${side}: ${e.message}`));
    };
  });
}

test(`main thread + ${WORKERS} workers, ${CALLS.toLocaleString("en")} async calls each: every result to its own caller`, async () => {
  const sides = [runSide(libPath, 0, CALLS, WINDOW), ...Array.from({ length: WORKERS }, (_, i) => runWorker(i + 1))];
  const reports = await Promise.all(sides);
  for (const r of reports) {
    assert.deepStrictEqual(
      { side: r.side, ok: r.ok, missing: r.missing, duplicated: r.duplicated, foreign: r.foreign },
      { side: r.side, ok: CALLS, missing: 0, duplicated: 0, foreign: 0 },
    );
    assert.ok(r.syncCalls > 0);
  }
  console.log(`workers: ${reports.map((r) => `side ${r.side} ${r.ms} ms`).join(", ")}`);
});

test("a worker's client closing does not disturb the main thread's calls in flight", async () => {
  // The main thread keeps WINDOW calls in flight from before the workers start until 1,000 calls
  // after the last one closed its client, so every close happens while its calls are in flight.
  const api = loadEcho(libPath);
  let stop = false, done = 0;
  const wrong: string[] = [];
  const lane = async (lane: number) => {
    for (let i = 0; !stop; i++) {
      const sent = `${lane}:${i}`;
      const got = await api.text_async(sent);
      if (got !== sent) wrong.push(`${sent} came back as ${got}`);
      done++;
    }
  };
  const lanes = Promise.all(Array.from({ length: WINDOW }, (_, i) => lane(i)));
  try {
    await until(() => done >= 1000, "the main thread's first 1,000 calls");
    const short = await Promise.all([runWorker(1, 5000), runWorker(2, 5000)]); // each closes its client at the end
    const again = await runWorker(3, 5000); // a new host after two were closed
    const atLastClose = done;
    await until(() => done >= atLastClose + 1000, "1,000 main-thread calls after the last close");
    for (const r of [...short, again]) assert.equal(r.ok, r.calls);
  } finally {
    stop = true;
    await lanes;
    api.close();
  }
  assert.deepStrictEqual(wrong.slice(0, 5), []);
});
