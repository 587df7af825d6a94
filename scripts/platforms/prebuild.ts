/**
 * Builds every project of the repository (scripts/projects.ts) for one target into
 * `<out>/<project>/<platform key>/<file>`, the layout `TS2GO_PREBUILT=<out>` makes the tests load
 * instead of building — for a test run where Go cannot run, such as Windows under Wine.
 *
 * @example
 * ```sh
 * deno run -A scripts/platforms/prebuild.ts windows/amd64 .cache/platforms/prebuilt
 * ```
 * @module
 */
import { join } from "node:path";
import { buildTargets } from "../../src/build_cli.ts";
import { PROJECTS, REPO_ROOT, writeRuntimeCopies } from "../projects.ts";

const [target, out] = process.argv.slice(2);
if (!target || !out) {
  console.error("usage: prebuild.ts GOOS/GOARCH OUT_DIR");
  process.exit(2);
}
for (const project of PROJECTS) {
  writeRuntimeCopies(project);
  const [built] = await buildTargets(join(REPO_ROOT, project, "go"), {
    targets: [target],
    out: join(out, project),
    name: "go",
  });
  console.log(built.file);
}
