/**
 * `ts2go gen`: generates the Go and TS files of a schema, with paths relative to the current
 * directory. `--go-impl` adds a Go skeleton once; `--check` writes nothing and exits 1 naming the
 * files that differ (for CI). Every error the user can fix is one line: a schema error
 * `file:line:col: message`, a file `file: reason`, or what to do.
 *
 * @example
 * ```ts
 * import { genCommand } from "./gen_command.ts";
 * genCommand(["--src", "schema.ts", "--go-out", "go/gen.go", "--ts-out", "schema.gen.ts", "--check"]); // 0 or 1
 * ```
 * @module
 */

import { existsSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generate, type GeneratedFile, GenError } from "./generate.ts";
import { applyOutput, plannedPaths, planOutput } from "./output.ts";
import { ownDirOf } from "./package_root.ts";

/**
 * The `gen` usage line.
 * @example `console.log(GEN_USAGE)`
 */
export const GEN_USAGE =
  "usage: ts2go gen --src schema.ts --go-out go/gen.go --ts-out schema.gen.ts [--go-impl go/impl.go] [--check] [--runtime SPECIFIER]";

const OPTIONS = {
  src: { type: "string" },
  "go-out": { type: "string" },
  "ts-out": { type: "string" },
  "go-impl": { type: "string" },
  runtime: { type: "string" },
  check: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Refuses an output path inside ts2go's own package (one line naming the path and the fix). */
function refuseOwnDirs(paths: string[]): void {
  for (const path of paths) {
    const own = ownDirOf(path);
    if (own) {
      throw new GenError(
        `refusing to write ${path} into ts2go's own ${own}: generated files belong to your project (e.g. --go-out app/go/gen.go)`,
      );
    }
  }
}

/**
 * Refuses paths that would overwrite the schema, each other or a runtime copy, or that do not end as
 * their kind of file must (one line naming the option and the fix).
 */
function refuseClashes(opts: { src: string; goOut: string; tsOut: string; goImpl?: string }): void {
  const { src, goOut, tsOut, goImpl } = opts;
  if (existsSync(src) && statSync(src).isDirectory()) {
    throw new GenError(`${src}: a directory; --src names a schema file`);
  }
  const named: [string, string | undefined, RegExp, string][] = [
    ["--go-out", goOut, /\.go$/, "a .go file, e.g. go/gen.go"],
    ["--ts-out", tsOut, /\.m?ts$/, "a .ts file, e.g. schema.gen.ts"],
    ["--go-impl", goImpl, /\.go$/, "a .go file, e.g. go/impl.go"],
  ];
  const seen = new Map([[resolve(src), "--src"]]);
  for (const [option, path, ending, fix] of named) {
    if (path === undefined) continue;
    const name = basename(path);
    if (!ending.test(name) || name.endsWith("_test.go")) throw new GenError(`${option} ${path}: must be ${fix}`);
    if (name.startsWith("ts2go_")) {
      throw new GenError(
        `${option} ${path}: names starting with ts2go_ are the Go runtime copies gen writes; choose another name`,
      );
    }
    const other = seen.get(resolve(path));
    if (other) throw new GenError(`${option} ${path}: is also ${other}; give each its own file`);
    seen.set(resolve(path), option);
  }
  if (goImpl !== undefined && resolve(dirname(goImpl)) !== resolve(dirname(goOut))) {
    throw new GenError(
      `--go-impl ${goImpl}: must be in --go-out's folder ${dirname(goOut)} (it implements that Go package)`,
    );
  }
}

/** `--check`: names the files whose content differs from what gen would write; 1 if any. */
function check(files: GeneratedFile[]): number {
  const stale = plannedPaths(planOutput(files)); // a --go-impl skeleton counts when missing
  if (stale.length === 0) {
    console.log(`gen --check: ${files.length} generated files up to date`);
    return 0;
  }
  for (const path of stale) console.error(`stale: ${path}`);
  console.error(`gen --check: ${stale.length} file(s) differ from gen's output; run ts2go gen to update them`);
  return 1;
}

function write(files: GeneratedFile[]): number {
  const plan = planOutput(files);
  applyOutput(plan);
  for (const f of plan.write) console.log(`wrote ${f.path}${f.ifMissing ? " (a skeleton to fill in)" : ""}`);
  for (const path of plan.remove) console.log(`removed ${path} (no longer part of the runtime)`);
  if (plan.write.length === 0 && plan.remove.length === 0) console.log("gen: all files up to date");
  return 0;
}

/**
 * Runs `ts2go gen` with its arguments; returns the exit code (2: bad usage; 1: with `--check`,
 * stale files). Throws what the user can fix — a `SchemaError`, a {@link GenError}, a
 * file-system error — for `ts2go` to print as one line.
 *
 * @example
 * ```ts
 * import { genCommand } from "./gen_command.ts";
 * process.exitCode = genCommand(["--src", "schema.ts", "--go-out", "go/gen.go", "--ts-out", "schema.gen.ts"]);
 * ```
 */
export function genCommand(args: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${GEN_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(GEN_USAGE);
    return 0;
  }
  const { src, "go-out": goOut, "ts-out": tsOut, "go-impl": goImpl } = values;
  if (!src || !goOut || !tsOut) {
    console.error(`missing ${!src ? "--src" : !goOut ? "--go-out" : "--ts-out"}\n${GEN_USAGE}`);
    return 2;
  }
  refuseOwnDirs([goOut, tsOut, ...(goImpl ? [goImpl] : [])]);
  refuseClashes({ src, goOut, tsOut, goImpl });
  const files = generate({ src, goOut, tsOut, goImpl, runtime: values.runtime });
  return values.check ? check(files) : write(files);
}
