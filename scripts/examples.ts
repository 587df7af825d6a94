/**
 * `deno task examples` and `bun run examples`: runs every example (`examples/<name>/main.ts`) on the
 * runtime running this script, each in its own process, after writing the Go runtime copies they
 * build with. An example passes when it exits with status 0. The last line says how many ran and
 * passed: `examples: 5 ran, 5 passed (deno)`; the exit status is 1 if any failed.
 *
 * @example
 * ```sh
 * deno task examples
 * bun run examples
 * ```
 * @module
 */

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECTS, REPO_ROOT, writeRuntimeCopies } from "./projects.ts";

const runtime = typeof (globalThis as { Deno?: unknown }).Deno === "object" ? "deno" : "bun";
const examples = PROJECTS.filter((p) => p.startsWith("examples/"));

let passed = 0;
for (const example of examples) {
  writeRuntimeCopies(example);
  const main = join(REPO_ROOT, example, "main.ts");
  const args = runtime === "deno" ? ["run", "-A", main] : [main];
  console.log(`--- ${example} (${runtime})`);
  const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: "inherit", timeout: 120_000 });
  const ok = r.status === 0;
  if (ok) passed++;
  console.log(ok ? "--- ok" : `--- FAILED (${r.error?.message ?? (r.signal ?? `exit status ${r.status}`)})`);
}
console.log(`examples: ${examples.length} ran, ${passed} passed (${runtime})`);
process.exit(passed === examples.length ? 0 : 1);
