/**
 * Runs one mutation area's tests against the code as it is (StrykerJS's command runner, and the Go
 * mutator, call it once per mutant): regenerates the area's project if it has one, then each test
 * file on Deno, then each on Bun, stopping at the first failure (the area lists its quickest killers
 * first). Exit status 0: the mutant survived.
 *
 * @example
 * ```sh
 * ./node_modules/.bin/deno run -A scripts/mutate/run_tests.ts codec
 * ```
 * @module
 */

import { spawnSync } from "node:child_process";
import { regenerate, REPO_ROOT } from "../projects.ts";
import { AREAS } from "./areas.ts";

const area = AREAS.find((a) => a.name === process.argv[2]);
if (!area) throw new Error(`run_tests: no area ${process.argv[2]}`);
if (area.regenerate) regenerate(area.regenerate);
for (const runtime of ["deno", "bun"]) {
  for (const file of area.tests) {
    const r = spawnSync("bash", ["scripts/test.sh", runtime, file], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "ignore", "ignore"],
      env: { ...process.env, TS2GO_NO_CHECK: "1", TS2GO_NO_INSTALL: "1", ...area.env },
    });
    if (r.status !== 0) process.exit(1);
  }
}
