/**
 * `ts2go build`: build a Go package's library for several platforms into one directory, laid out
 * as the prebuilt loader (`src/prebuilt.ts`) looks for it: `<out>/<platform key>/<file>`, e.g.
 * `dist/linux-arm64-gnu/libhello.so`, `dist/win32-x64/hello.dll`, `dist/darwin-arm64/libhello.dylib`.
 * With `--package @scope/name --version 1.2.3` each platform directory also gets the `package.json`
 * of a per-platform npm package (`@scope/name-linux-arm64-gnu`, with `os`, `cpu` and `libc`).
 *
 * @example
 * ```sh
 * ts2go build --targets linux/amd64,linux/arm64,windows/amd64,darwin/arm64,darwin/amd64 --out dist/ go/
 * ```
 * @module
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { buildGo } from "./build.ts";
import { libraryFileName, type Platform, platformOf, TARGETS } from "./platform.ts";

const USAGE = `usage: ts2go build [--targets ${TARGETS.join(",")}] [--out dist/] [--name NAME]
                   [--package @scope/name --version X.Y.Z] [GO_DIR (default: go)]`;

/** What one platform's build produced. */
export interface BuiltLibrary {
  platform: Platform;
  /** The library in `out`, e.g. `dist/linux-x64-gnu/libhello.so`. */
  file: string;
}

/**
 * Builds `dir` for every target and copies each library to `<out>/<key>/<file>`; returns them.
 *
 * @example
 * ```ts
 * import { buildTargets } from "./build_cli.ts";
 * await buildTargets("./go", { targets: ["linux/arm64"], out: "dist", name: "hello" });
 * ```
 */
export async function buildTargets(
  dir: string,
  opts: { targets: string[]; out: string; name: string; pkg?: { name: string; version: string } | undefined },
): Promise<BuiltLibrary[]> {
  const platforms = opts.targets.map(platformOf); // refuse a bad target before building any
  const built: BuiltLibrary[] = [];
  for (const platform of platforms) {
    const lib = await buildGo(dir, { target: platform.target });
    const file = path.join(opts.out, platform.key, libraryFileName(opts.name, platform));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.copyFileSync(lib, tmp);
    fs.chmodSync(tmp, 0o555);
    fs.renameSync(tmp, file);
    if (opts.pkg) writePlatformPackage(path.dirname(file), platform, opts.pkg, path.basename(file));
    built.push({ platform, file });
  }
  return built;
}

/** The `package.json` of a per-platform npm package, as esbuild and napi-rs publish them. */
function writePlatformPackage(
  dir: string,
  platform: Platform,
  pkg: { name: string; version: string },
  file: string,
): void {
  const json = {
    name: `${pkg.name}-${platform.key}`,
    version: pkg.version,
    description: `${pkg.name}'s Go library for ${platform.target}, built by ts2go`,
    os: [platform.os],
    cpu: [platform.arch],
    ...(platform.libc ? { libc: [platform.libc === "gnu" ? "glibc" : "musl"] } : {}),
    files: [file],
  };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(json, null, 2) + "\n");
}

/** The library name for `dir`: its basename, or its parent's when it is the conventional `go`. */
function defaultName(dir: string): string {
  const abs = path.resolve(dir);
  return path.basename(abs) === "go" ? path.basename(path.dirname(abs)) : path.basename(abs);
}

/**
 * Runs `ts2go build` with command-line arguments (after the subcommand); returns the exit code.
 *
 * @example
 * ```ts
 * import { main } from "./build_cli.ts";
 * await main(["--targets", "linux/amd64,linux/arm64", "--out", "dist", "go"]);
 * ```
 */
export async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        targets: { type: "string" },
        out: { type: "string" },
        name: { type: "string" },
        package: { type: "string" },
        version: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 1 || (values.package && !values.version)) {
    console.error(USAGE);
    return 2;
  }
  const dir = positionals[0] ?? "go";
  const targets = values.targets ? values.targets.split(",").map((t) => t.trim()) : [...TARGETS];
  const pkg = values.package ? { name: values.package, version: values.version! } : undefined;
  try {
    const built = await buildTargets(dir, {
      targets,
      out: values.out ?? "dist",
      name: values.name ?? defaultName(dir),
      pkg,
    });
    for (const b of built) console.log(`${b.platform.target.padEnd(13)} ${b.file}`);
    return 0;
  } catch (e) {
    console.error(`ts2go build: ${(e as Error).message}`);
    return 1;
  }
}
