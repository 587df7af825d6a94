/**
 * `deno task regen`: regenerates every project of {@link PROJECTS} with the current generator and Go
 * runtime (the golden files included), and prints what changed. `--runtime-only` writes only the
 * runtime copies `go/ts2go_*.go`, which are build products in this repository (the test script runs
 * it before the suite).
 *
 * @example
 * ```sh
 * deno task regen                 # after changing gen/ or go/
 * deno task regen --runtime-only
 * ```
 * @module
 */

import { relative } from "node:path";
import { PROJECTS, regenerate, REPO_ROOT, writeRuntimeCopies } from "./projects.ts";

const runtimeOnly = process.argv.includes("--runtime-only");
let changed = 0;
for (const project of PROJECTS) {
  for (const path of runtimeOnly ? writeRuntimeCopies(project) : regenerate(project)) {
    if (!runtimeOnly) console.log(`wrote ${relative(REPO_ROOT, path)}`);
    changed++;
  }
}
console.log(`regen: ${PROJECTS.length} projects, ${changed} file(s) written`);
