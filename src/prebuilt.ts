/**
 * Prebuilt libraries, so that users of a library written with ts2go need no Go: the library's
 * author ships the output of `ts2go build` — in the package (`prebuilt/<platform key>/<file>`)
 * or as per-platform npm packages (`@scope/name-<platform key>`, listed in `optionalDependencies`,
 * the esbuild / napi-rs pattern) — and opens it with {@link loadPrebuilt}. Only when no library
 * for this platform is there does it build one, and only when Go is installed.
 *
 * @example
 * ```ts
 * import { loadPrebuilt } from "ts2go";
 * import { loadHello } from "./schema.gen.ts";
 * export const hello = await loadPrebuilt(loadHello, {
 *   name: "hello",
 *   dir: new URL("./prebuilt/", import.meta.url),
 *   packages: { prefix: "@acme/hello", from: import.meta.url },
 *   goDir: new URL("./go/", import.meta.url),
 * });
 * ```
 * @module
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { buildGo, type BuildOptions, findGo } from "./build.ts";
import { LibraryError } from "./errors.ts";
import { hostPlatform, libraryFileName, libraryMismatch, type Platform } from "./platform.ts";

/**
 * Where {@link findLibrary} looks, in this order: `dir`, then the platform's npm package, then
 * `goDir` built with `buildGo` (only when Go is installed).
 *
 * @example
 * ```ts
 * const opts: PrebuiltOptions = { name: "hello", dir: "./prebuilt", goDir: "./go" };
 * ```
 */
export interface PrebuiltOptions {
  /** The library's name as `ts2go build --name` wrote it: `lib<name>.so`, `<name>.dll`, … */
  name: string;
  /** A directory holding `<platform key>/<file>` (what `ts2go build --out` writes). */
  dir?: string | URL;
  /** Per-platform npm packages named `<prefix>-<platform key>`, resolved from `from` (a module URL or directory). */
  packages?: { prefix: string; from: string | URL };
  /** The Go package to build when no prebuilt library fits this platform. */
  goDir?: string | URL;
  /** Options for that build. */
  build?: BuildOptions;
}

/** This process's platform; an unsupported host is a LibraryError. */
function thisHost(): Platform {
  try {
    return hostPlatform();
  } catch (e) {
    throw new LibraryError((e as Error).message);
  }
}

function toPath(p: string | URL): string {
  return p instanceof URL || p.startsWith("file:") ? fileURLToPath(p) : path.resolve(p);
}

/** The platform package's directory, or undefined when it is not installed. */
function packageDir(prefix: string, from: string | URL, key: string): string | undefined {
  const base = toPath(from);
  const anchor = fs.existsSync(base) && fs.statSync(base).isDirectory() ? path.join(base, "noop.js") : base;
  try {
    return path.dirname(createRequire(anchor).resolve(`${prefix}-${key}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * The path of a library for this platform: prebuilt if one fits, else built from `goDir` when Go
 * is installed. Throws {@link LibraryError} with one line naming the platform, where it looked and
 * what to install.
 *
 * @example
 * ```ts
 * import { findLibrary } from "./prebuilt.ts";
 * const lib = await findLibrary({ name: "hello", dir: "./prebuilt" }); // ./prebuilt/linux-x64-gnu/libhello.so
 * ```
 */
export async function findLibrary(opts: PrebuiltOptions, host: Platform = thisHost()): Promise<string> {
  return (await locate(opts, host)).path;
}

async function locate(opts: PrebuiltOptions, host: Platform): Promise<{ path: string; prebuilt: boolean }> {
  const file = libraryFileName(opts.name, host);
  const looked: string[] = [];
  const candidates: string[] = [];
  if (opts.dir) candidates.push(path.join(toPath(opts.dir), host.key, file));
  if (opts.packages) {
    const pkg = `${opts.packages.prefix}-${host.key}`;
    const dir = packageDir(opts.packages.prefix, opts.packages.from, host.key);
    if (dir) candidates.push(path.join(dir, file));
    else looked.push(`npm package ${pkg} is not installed`);
  }
  for (const lib of candidates) {
    if (!fs.existsSync(lib)) {
      looked.push(`no ${lib}`);
      continue;
    }
    const mismatch = libraryMismatch(lib, host);
    if (!mismatch) return { path: lib, prebuilt: true };
    looked.push(mismatch);
  }
  if (opts.goDir && findGo(opts.build?.go)) {
    return { path: await buildGo(toPath(opts.goDir), opts.build), prebuilt: false };
  }
  const build = opts.goDir ? `, and Go is not installed to build ${toPath(opts.goDir)}` : "";
  throw new LibraryError(
    `no prebuilt ts2go library "${opts.name}" for ${host.key} (${host.target})${build}: ` +
      `${looked.join("; ") || "no dir or packages given"}. Install the package's build for ${host.key}` +
      `${opts.goDir ? ", or Go 1.21+ with a C compiler" : ""}`,
  );
}

/**
 * Opens a generated client on the library {@link findLibrary} picks. The generated `load…`
 * function checks the library's ABI and schema fingerprint; a prebuilt library built from another
 * schema is refused with both fingerprints, and not replaced by a build: its Go runtime is already
 * loaded, and a second one in the same process is not supported.
 *
 * @example
 * ```ts
 * import { loadPrebuilt } from "./prebuilt.ts";
 * import { loadHello } from "./schema.gen.ts";
 * using api = await loadPrebuilt(loadHello, { name: "hello", dir: new URL("./prebuilt/", import.meta.url) });
 * ```
 */
export async function loadPrebuilt<C>(load: (path: string) => C, opts: PrebuiltOptions): Promise<C> {
  const lib = await locate(opts, thisHost());
  try {
    return load(lib.path);
  } catch (e) {
    if (!(e instanceof LibraryError) || !lib.prebuilt) throw e;
    throw new LibraryError(
      `prebuilt ${e.message.replace(/\.? *Re-run gen and rebuild the library\.?$/, "")}; ` +
        `rebuild the prebuilt libraries with \`ts2go build\` from the Go code of this schema`,
    );
  }
}
