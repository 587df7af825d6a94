/**
 * Where ts2go's own files are: the repository when the generator runs from its TypeScript sources,
 * or the installed package when it runs compiled (`dist/gen/*.js` inside `node_modules/ts2go` or
 * Deno's npm cache). `gen` copies the Go runtime from there, reads `init`'s template from there,
 * and refuses to write generated files into it.
 *
 * @example
 * ```ts
 * import { PACKAGE, packageFile } from "./package_root.ts";
 * packageFile("go"); // "/path/to/ts2go/go"
 * PACKAGE.installed; // false in the repository
 * ```
 * @module
 */

import { existsSync, readFileSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * ts2go's own directory and how it runs.
 *
 * @example
 * ```ts
 * import { PACKAGE } from "./package_root.ts";
 * console.log(PACKAGE.root, PACKAGE.installed);
 * ```
 */
export interface PackageRoot {
  /** The directory holding ts2go's `package.json`, `go/` and `src/`. */
  readonly root: string;
  /** True when running compiled JavaScript, i.e. from an installed package (not from this repo's sources). */
  readonly installed: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const installed = import.meta.url.endsWith(".js");

/**
 * This generator's package: compiled files live one level deeper (`dist/gen/`) than sources (`gen/`).
 *
 * @example
 * ```ts
 * import { PACKAGE } from "./package_root.ts";
 * PACKAGE.root.endsWith("ts2go"); // in node_modules/ts2go, or a clone named ts2go
 * ```
 */
export const PACKAGE: PackageRoot = { root: resolve(here, installed ? "../.." : ".."), installed };

/**
 * A path inside ts2go's own directory.
 *
 * @example
 * ```ts
 * import { packageFile } from "./package_root.ts";
 * packageFile("go", "runtime.go");
 * ```
 */
export function packageFile(...parts: string[]): string {
  return join(PACKAGE.root, ...parts);
}

/**
 * ts2go's version, from its `package.json`.
 *
 * @example
 * ```ts
 * import { packageVersion } from "./package_root.ts";
 * packageVersion(); // "0.2.0"
 * ```
 */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { version: string }).version;
}

/** ts2go's own directories that generated files must never land in (its runtime and its code). */
const OWN_DIRS = ["go", "src", "gen", "dist"];

/** `path` with symbolic links resolved, also when it does not exist yet (through its nearest existing parent). */
function realPath(path: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : join(realPath(parent), basename(abs));
}

/**
 * The ts2go directory a path lies in (`…/ts2go/go`, `…/ts2go/src`, …), or null. `gen` refuses to
 * write there: a generated `gen.go` in ts2go's `go/` would be copied as runtime into every later
 * project.
 *
 * @example
 * ```ts
 * import { ownDirOf, packageFile } from "./package_root.ts";
 * ownDirOf(packageFile("go", "gen.go")); // "/path/to/ts2go/go"
 * ownDirOf("/home/me/app/go/gen.go"); // null
 * ```
 */
export function ownDirOf(path: string): string | null {
  for (const dir of OWN_DIRS) {
    const own = realPath(packageFile(dir));
    if (within(own, path)) return own;
  }
  return null;
}

/** Whether `path` (links resolved) is `dir` or lies below it. */
function within(dir: string, path: string): boolean {
  const rel = relative(dir, realPath(path));
  return rel.split(sep)[0] !== ".." && !isAbsolute(rel);
}

/**
 * Whether generated code at `path` can import ts2go by name: in an installed package's project
 * (the name is a dependency), and inside this repository (`deno.json` imports and `tsconfig.json`
 * paths map it), but not elsewhere when run from a clone.
 *
 * @example
 * ```ts
 * import { importsByName, packageFile } from "./package_root.ts";
 * importsByName(packageFile("examples", "demo", "schema.gen.ts")); // true
 * ```
 */
export function importsByName(path: string): boolean {
  return PACKAGE.installed || within(realPath(PACKAGE.root), path);
}
