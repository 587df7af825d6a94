// Web Workers that end while their clients have Go calls in flight: terminated, or closing their
// client and then themselves. Go must never call into a thread that is gone or read memory it freed:
// the process lives on, the main thread's client and new workers keep working, and every Go method
// the ended workers started returns (their Go → TS calls fail instead of waiting forever).
//
// Each mode runs in a child process of the same runtime (a crash ends the process). Before the fix,
// each crashed on both runtimes (Deno: exit 139 or 134; Bun: "Segmentation fault").
//
// TS2GO_ENDING_ROUNDS: rounds of 4 workers per mode (default 5).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildProject } from "../scripts/projects.ts";

const ROUNDS = Number(process.env.TS2GO_ENDING_ROUNDS ?? 5);
const libPath = await buildProject("tests/fixtures/duplex");
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const script = fileURLToPath(new URL("./fixtures/scripts/ending_workers.ts", import.meta.url));
// What a Go or runtime crash prints; none of it may appear.
const CRASH =
  /fatal error|panic:|SIGSEGV|segmentation|unexpected fault|traceback|Illegal instruction|Aborted|core dumped|has crashed/i;

function run(mode: string): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const args = isDeno ? ["run", "-A", script, libPath, mode, String(ROUNDS)] : [script, libPath, mode, String(ROUNDS)];
  return new Promise((resolve) => {
    const child = execFile(process.execPath, args, { timeout: 120_000, maxBuffer: 16 << 20 }, (_e, stdout, stderr) => {
      resolve({ code: child.exitCode, signal: child.signalCode, stdout, stderr });
    });
  });
}

for (
  const [mode, what] of [
    ["terminate", "terminated"],
    ["close-terminate", "closing their client, then terminated"],
    ["close-self", "closing their client, then themselves (self.close())"],
  ]
) {
  test(`workers ${what} with Go calls in flight: no crash, the library serves on`, { timeout: 180_000 }, async () => {
    const r = await run(mode);
    assert.doesNotMatch(r.stderr, CRASH);
    assert.deepStrictEqual({ code: r.code, signal: r.signal }, { code: 0, signal: null }, r.stderr.slice(-3000));
    const started = ROUNDS * (4 * 24 + 2);
    assert.deepStrictEqual(JSON.parse(r.stdout), {
      rounds: ROUNDS,
      workers: ROUNDS * 4 + 1,
      main: ROUNDS * 3,
      entered: started,
      returned: started,
      streamsFinished: ROUNDS * 4,
    });
  });
}
