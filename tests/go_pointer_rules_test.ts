// cgo pointer rules and data races in the Go runtime: tests/fixtures/cgocheck drives the generated
// glue of tests/fixtures/types/go through its C exports (C memory only, sync calls from C threads,
// async calls submitted in batches and drained on wake-ups, cancel, close), under `go test -race`
// with GODEBUG=cgocheck=1 and in a GOEXPERIMENT=cgocheck2 build. It runs as plain `go test` because
// the race detector needs more address space than a JS runtime leaves to a loaded library.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRuntimeCopies } from "../scripts/projects.ts";

const glue = fileURLToPath(new URL("./fixtures/types/go", import.meta.url));
writeRuntimeCopies("tests/fixtures/types");
const harness = fileURLToPath(new URL("./fixtures/cgocheck", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "ts2go-cgocheck-"));
after(() => rmSync(dir, { recursive: true, force: true }));

// The package under test is the fixture's own Go files (generated glue, runtime, echo.go) plus the
// harness, in a module of its own.
for (const f of readdirSync(glue)) {
  if (f.endsWith(".go") && !f.endsWith("_test.go")) cpSync(join(glue, f), join(dir, f));
}
for (const f of readdirSync(harness)) if (/\.(go|c|h)$/.test(f)) cpSync(join(harness, f), join(dir, f));
writeFileSync(join(dir, "go.mod"), "module cgocheck\n\ngo 1.22\n");

function goTest(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.env.TS2GO_GO ?? "go", ["test", "-count=1", ...args, "."], {
      cwd: dir,
      env: { ...process.env, CGO_ENABLED: "1", ...env },
      timeout: 600_000,
      maxBuffer: 16 << 20,
    }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

test(
  "go test -race with GODEBUG=cgocheck=1: no data race, no pointer-rule violation",
  { timeout: 600_000 },
  async () => {
    const r = await goTest(["-race", "-v"], { GODEBUG: "cgocheck=1" });
    assert.equal(r.code, 0, r.output.slice(-4000));
    assert.doesNotMatch(r.output, /WARNING: DATA RACE|cgo argument has Go pointer|cgo result has Go pointer/);
    for (
      const name of [
        "TestSyncCallsWithCMemory",
        "TestAsyncCallsOnSeveralHostsAtOnce",
        "TestCancelAndCloseWithCallsInFlight",
      ]
    ) {
      assert.match(r.output, new RegExp(`--- PASS: ${name}`));
    }
  },
);

test(
  "a GOEXPERIMENT=cgocheck2 build (every pointer write checked): the harness passes",
  { timeout: 600_000 },
  async () => {
    const r = await goTest([], { GOEXPERIMENT: "cgocheck2" });
    assert.equal(r.code, 0, r.output.slice(-4000));
    assert.match(r.output, /^ok\s+cgocheck/m);
  },
);
