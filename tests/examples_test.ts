// The examples runner as `deno task examples` / `bun run examples` start it: every example of
// examples/ runs on the test's own runtime, and the last line says how many ran and passed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECTS, REPO_ROOT } from "../scripts/projects.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

test("the examples runner runs every example and ends with how many ran and passed", { timeout: 300_000 }, () => {
  const script = join(REPO_ROOT, "scripts/examples.ts");
  const r = spawnSync(process.execPath, isDeno ? ["run", "-A", script] : [script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const examples = PROJECTS.filter((p) => p.startsWith("examples/"));
  const last = r.stdout.trimEnd().split("\n").at(-1);
  assert.equal(last, `examples: ${examples.length} ran, ${examples.length} passed (${isDeno ? "deno" : "bun"})`);
  for (const example of examples) assert.ok(r.stdout.includes(`--- ${example} (`), example);
  assert.ok(!r.stdout.includes("--- FAILED"));
});
