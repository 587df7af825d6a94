// Deno permissions: a program that builds and loads a ts2go library, run without one of the five
// permissions it needs, stops with Deno's one-line error naming that flag (before, a missing
// --allow-run printed `"go env" failed:` and nothing after it, and a missing --allow-ffi claimed the
// library was not ts2go's); with the minimal set the README lists, it builds and calls Go.
// Bun has no permissions: the tests are skipped there.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildProject, REPO_ROOT } from "../scripts/projects.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const T = { timeout: 120_000, skip: !isDeno && "Deno permissions" };
const GO_DIR = join(REPO_ROOT, "tests/fixtures/types/go");
const temp = mkdtempSync(join(tmpdir(), "ts2go-perm-"));
after(() => rmSync(temp, { recursive: true, force: true }));

// Builds (with `force`: `go build` again, which needs --allow-run and --allow-write) and calls Go.
const probe = join(temp, "probe.ts");
writeFileSync(
  probe,
  `import { buildGo } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, "mod.ts")).href)};
import { loadEcho } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, "tests/fixtures/types/schema.gen.ts")).href)};
using api = loadEcho(await buildGo(${JSON.stringify(GO_DIR)}, { force: Deno.args[0] === "force" }));
console.log(api.u64(7n));
`,
);
if (isDeno) await buildProject("tests/fixtures/types");

const ALL = ["read", "write", "env", "run", "ffi"] as const;

/** Runs the probe with `flags`, and the repo's deno.json for its import map (`ts2go/runtime`). */
function probeWith(flags: string[], force: boolean): { status: number | null; stdout: string; stderr: string } {
  const args = ["run", "--config", join(REPO_ROOT, "deno.json"), ...flags, probe, ...(force ? ["force"] : [])];
  const r = spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

for (const missing of ALL) {
  test(`without --allow-${missing} the error is one line naming the flag`, T, () => {
    const flags = ALL.filter((p) => p !== missing).map((p) => `--allow-${p}`);
    // A cached library needs no go build; write and run are needed only to build.
    const r = probeWith(flags, missing === "write" || missing === "run");
    assert.notEqual(r.status, 0);
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("error: "));
    assert.equal(errors.length, 1, r.stderr);
    const flag = new RegExp(
      `^error: Uncaught \\(in promise\\) NotCapable: Requires ${missing} access.*, run again with the --allow-${missing} flag$`,
    );
    assert.match(errors[0], flag);
  });
}

test("the README's minimal permissions build and call Go", T, () => {
  const flags = [
    `--allow-read=${GO_DIR}`,
    `--allow-write=${GO_DIR}/.ts2go`,
    "--allow-env",
    "--allow-run=go",
    "--allow-ffi",
  ];
  const r = probeWith(flags, true);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "7n\n");
});
