/**
 * The generated projects of this repository — examples, test fixtures and the benchmark — in one
 * list that the golden tests, the tests that build a fixture, the benchmark and the examples share.
 *
 * Each project is a directory with `schema.ts`, the generated `schema.gen.ts` and `go/gen.go`
 * (tracked: they are the golden files of the generator), and the Go runtime's copies
 * `go/ts2go_*.go`, which are build products here: {@link writeRuntimeCopies} writes them from `go/`.
 *
 * @example
 * ```ts
 * import { buildProject } from "./projects.ts";
 * const lib = await buildProject("tests/fixtures/types"); // runtime copies written, library built
 * ```
 * @module
 */

import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { GeneratedFile } from "../gen/generate.ts";
import { buildGo } from "../src/build.ts";
import { findLibrary } from "../src/prebuilt.ts";

// With TS2GO_PREBUILT nothing is generated, and gen (ts-morph) is not loaded: under QEMU loading it
// alone takes about a minute per test file.
const notLoaded = (): never => {
  throw new Error("projects.ts: gen is not loaded when TS2GO_PREBUILT is set");
};
const { generate, applyOutput, planOutput } = process.env.TS2GO_PREBUILT
  ? { generate: notLoaded, applyOutput: notLoaded, planOutput: notLoaded }
  : { ...(await import("../gen/generate.ts")), ...(await import("../gen/output.ts")) };

/** The repository's root directory. @example `join(REPO_ROOT, "go")` */
export const REPO_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Every project `gen` writes in this repository, relative to its root.
 * @example `PROJECTS.includes("examples/demo") // true`
 */
export const PROJECTS: readonly string[] = [
  "examples/demo",
  "examples/login",
  "examples/bidirectional",
  "examples/stream",
  "examples/shapes",
  "tests/fixtures/types",
  "tests/fixtures/duplex",
  "tests/fixtures/faults",
  "tests/fixtures/kinds",
  "tests/fixtures/names",
  "bench",
];

/**
 * What `gen` writes for a project, without writing it: `go/gen.go`, the runtime copies and
 * `schema.gen.ts`, with absolute paths. The TS imports ts2go by name (`ts2go/runtime`), as in a
 * user's project: `deno.json`'s imports and `tsconfig.json`'s paths map the name to this repo.
 *
 * @example
 * ```ts
 * import { generateProject } from "./projects.ts";
 * generateProject("examples/demo").map((f) => f.path);
 * ```
 */
export function generateProject(project: string): GeneratedFile[] {
  const dir = join(REPO_ROOT, project);
  return generate({
    src: join(dir, "schema.ts"),
    goOut: join(dir, "go", "gen.go"),
    tsOut: join(dir, "schema.gen.ts"),
    runtime: "ts2go/runtime",
  });
}

/** Whether a generated file is one of the Go runtime's copies (a build product here). */
export function isRuntimeCopy(file: GeneratedFile): boolean {
  return /^ts2go_.*\.go$/.test(basename(file.path));
}

/**
 * Writes `files` whose content differs from the disk; returns the paths written. Runtime copies
 * that `gen` no longer writes are removed, so that a stale one is never built.
 */
function writeFiles(files: GeneratedFile[]): string[] {
  const plan = planOutput(files);
  applyOutput(plan);
  return plan.write.map((f) => f.path);
}

/**
 * Writes a project's copies of the Go runtime (`go/ts2go_*.go`) from `go/`.
 * @example `writeRuntimeCopies("examples/demo")`
 */
export function writeRuntimeCopies(project: string): string[] {
  return writeFiles(generateProject(project).filter(isRuntimeCopy));
}

/**
 * Writes everything `gen` writes for a project (the golden files included); returns what changed.
 * @example `regenerate("examples/demo") // [] when nothing changed`
 */
export function regenerate(project: string): string[] {
  return writeFiles(generateProject(project));
}

/**
 * Writes a project's runtime copies and builds its Go package (cached by `buildGo`); returns the
 * library's path. Tests, examples and the benchmark build with this, so the Go they run is always
 * built from `go/` as it is. With `TS2GO_PREBUILT=<dir>` it loads `<dir>/<project>/<platform
 * key>/<file>` instead (`scripts/platforms/prebuild.ts` writes them): a machine without Go, such
 * as Windows under Wine.
 *
 * @example
 * ```ts
 * import { buildProject } from "./projects.ts";
 * const lib = await buildProject("examples/login");
 * ```
 */
export function buildProject(project: string): Promise<string> {
  if (!PROJECTS.includes(project)) throw new Error(`buildProject: ${project} is not in PROJECTS`);
  const prebuilt = process.env.TS2GO_PREBUILT;
  if (prebuilt) return findLibrary({ name: "go", dir: join(prebuilt, project) });
  writeRuntimeCopies(project);
  return buildGo(join(REPO_ROOT, project, "go"));
}
