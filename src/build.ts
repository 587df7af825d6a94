/**
 * Build a Go package as a C shared library (`go build -buildmode=c-shared`), for this machine or
 * another platform, with a content-addressed cache.
 *
 * Runtime-neutral: only `node:` builtins, so it works unchanged in Deno and Bun.
 * The library lands in `<dir>/.ts2go/lib<name>-<package8>-<hash16>.<so|dylib>` (`<name>-….dll` on
 * Windows); a cache hit returns without running `go build`. The hash covers every input of the
 * build: the package's files, `go env` (Go version, GOOS/GOARCH, CC, CGO_CFLAGS, GOFLAGS, …) in the
 * environment the build gets, the options, and the package's absolute path.
 *
 * @example
 * ```ts
 * import { buildGo } from "./build.ts";
 * const lib = await buildGo("./go/mathsvc"); // e.g. /abs/go/mathsvc/.ts2go/libmathsvc-89abcdef-0123456789abcdef.so
 * const arm = await buildGo("./go/mathsvc", { target: "linux/arm64" });
 * ```
 * @module
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { deniedByDeno } from "./permissions.ts";
import { crossEnv, onPath } from "./cross.ts";
import { libraryFileName, type Platform, platformOf, type Target } from "./platform.ts";

/**
 * Options for {@link buildGo}.
 *
 * @example
 * ```ts
 * const opts: BuildOptions = { target: "windows/amd64", ldflags: "-s -w", onBuild: (i) => console.log("built", i.output) };
 * ```
 */
export interface BuildOptions {
  /** Go binary; default `$TS2GO_GO` or `"go"`. */
  go?: string;
  /**
   * Platform to build for, as Go names it: `"linux/amd64"`, `"linux/arm64"`, `"windows/amd64"`,
   * `"darwin/amd64"` or `"darwin/arm64"`. Default: `GOOS`/`GOARCH` of the environment, else this machine.
   * Another platform needs a C compiler for it (see `src/cross.ts`); `opts.env.CC` overrides the choice.
   */
  target?: Target;
  /** Passed as `-ldflags`. */
  ldflags?: string;
  /** Build tags, passed as `-tags a,b`. */
  tags?: string[];
  /** Extra environment for `go build` (on top of `process.env`; `CGO_ENABLED` is always `1`). */
  env?: Record<string, string>;
  /** Build with `-race`. */
  race?: boolean;
  /** Rebuild even if a cached library exists. */
  force?: boolean;
  /** Where libraries are written; default `<dir>/.ts2go`. May be shared by several packages. */
  cacheDir?: string;
  /** Called after a real build (never on a cache hit). */
  onBuild?: (info: { dir: string; output: string }) => void;
}

/**
 * Thrown when `go build` itself fails (e.g. a compile error). `stderr` is Go's own output.
 *
 * @example
 * ```ts
 * try { await buildGo("./broken"); } catch (e) { if (e instanceof GoBuildError) console.error(e.stderr); }
 * ```
 */
export class GoBuildError extends Error {
  /** Absolute package directory. */
  readonly dir: string;
  /** The command that failed, e.g. `["go", "build", "-buildmode=c-shared", ...]`. */
  readonly command: string[];
  /** Go's stderr, verbatim (`file.go:line:col: message` lines). */
  readonly stderr: string;
  constructor(dir: string, command: string[], stderr: string) {
    super(`go build failed in ${dir}:\n${stderr.trimEnd()}`);
    this.name = "GoBuildError";
    this.dir = dir;
    this.command = command;
    this.stderr = stderr;
  }
}

const CGO_EXT = /\.(c|h|s|S|cc|cpp|cxx|hh|hpp|m|syso)$/;
// Environment cgo and pkg-config read that `go env` does not show.
const EXTRA_ENV = /^(CGO_\w+_(ALLOW|DISALLOW)|PKG_CONFIG_\w+)$/;
// A Go file added through -overlay whose content is the cache key: Go's own cache does not see
// headers of a package given as a file list, so a new key must make Go recompile the package.
const INPUTS_FILE = "zz_ts2go_build_inputs.go";
// Another process may have been handed an older library and not opened it yet.
const STALE_AFTER_MS = 10 * 60_000;
const inflight = new Map<string, Promise<string>>();
const handedOut = new Set<string>();

interface RunResult {
  code: number | string | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env, maxBuffer: 64 << 20, windowsHide: true }, (err, stdout, stderr) => {
      if (deniedByDeno(err)) return reject(err); // its message names the missing --allow-run
      const code = err ? ((err as NodeJS.ErrnoException).code ?? 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function goMissing(go: string): Error {
  return new Error(
    `Go toolchain not found (tried "${go}"): install Go 1.21+ from https://go.dev/dl/ or set TS2GO_GO to the go binary`,
  );
}

/**
 * The Go binary {@link buildGo} would run, or undefined when there is none (no `go` on `PATH`).
 *
 * @example
 * ```ts
 * import { findGo } from "./build.ts";
 * if (!findGo()) console.log("no Go here: use prebuilt libraries");
 * ```
 */
export function findGo(go: string = process.env.TS2GO_GO ?? "go"): string | undefined {
  if (path.isAbsolute(go) || go.includes("/")) return fs.existsSync(go) ? go : undefined;
  return onPath(go);
}

/** `go env -json` in `env`, without GOGCCFLAGS (it names a fresh temporary directory each time). */
async function goEnv(go: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const r = await run(go, ["env", "-json"], cwd, env);
  if (r.code === "ENOENT") throw goMissing(go);
  if (r.code !== 0) throw new Error(`"${go} env" failed:\n${r.stderr.trimEnd()}`);
  const vars = JSON.parse(r.stdout) as Record<string, string>;
  delete vars.GOGCCFLAGS;
  return vars;
}

/** Source files that affect the build, as sorted `/`-separated paths relative to `dir`. */
function sourceFiles(dir: string, module: boolean): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        const skip = e.name.startsWith(".") || e.name.startsWith("_") || e.name === "testdata" ||
          e.name === "node_modules";
        if (module && !skip) walk(r);
      } else if (e.name.endsWith(".go") ? !e.name.endsWith("_test.go") : CGO_EXT.test(e.name)) {
        out.push(r);
      } else if (module && /^go\.(mod|sum|work|work\.sum)$/.test(e.name)) {
        out.push(r);
      }
    }
  };
  walk("");
  return out.sort();
}

/** The cache key: every input of `go build` that can change its output. */
function cacheKey(
  abs: string,
  files: string[],
  vars: Record<string, string>,
  env: NodeJS.ProcessEnv,
  flags: unknown,
): string {
  const hash = createHash("sha256").update(`ts2go buildGo 2\n${abs}\n`);
  for (const f of files) {
    const data = fs.readFileSync(path.join(abs, f));
    hash.update(`file ${f} ${data.length}\n`).update(data);
  }
  const extra = Object.entries(env).filter(([k]) => EXTRA_ENV.test(k)).sort(([a], [b]) => (a < b ? -1 : 1));
  return hash.update(JSON.stringify({ vars, extra, flags })).digest("hex");
}

/** True when `file` is a regular file only its owner may write (a cached library we can trust). */
function trusted(file: string): boolean {
  try {
    const st = fs.statSync(file);
    return st.isFile() && (process.platform === "win32" || (st.mode & 0o022) === 0);
  } catch {
    return false;
  }
}

/** Creates `cacheDir`; refuses one that others may write (they could swap a library in it). */
function makeCacheDir(cacheDir: string): void {
  fs.mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
  if (process.platform !== "win32" && (fs.statSync(cacheDir).mode & 0o022) !== 0) {
    throw new Error(
      `buildGo: cache directory ${cacheDir} is writable by other users, who could replace a library in it: ` +
        `use a directory only you can write (chmod go-w), or another cacheDir`,
    );
  }
}

/** Marks `file` as handed to a caller: never deleted by this process, not by others for a while. */
function handOut(file: string): string {
  handedOut.add(file);
  const now = new Date();
  try {
    fs.utimesSync(file, now, now);
  } catch {
    // another user's cache: its mtime stays, which only makes it a candidate for removal sooner.
  }
  return file;
}

/**
 * Build the Go package in `dir` as a C shared library and return its absolute path (cached by content).
 *
 * With a `go.mod` in `dir` it builds `.`; otherwise it passes the `*.go` files (minus `*_test.go`) explicitly,
 * so a stdlib-only `package main` needs no module. Throws {@link GoBuildError} on compile errors, and an
 * Error naming the missing C compiler when `target` is another platform and none is installed.
 *
 * @example
 * ```ts
 * const lib = await buildGo("./examples/demo/go", { ldflags: "-s -w" });
 * const { symbols } = Deno.dlopen(lib, { add: { parameters: ["i32", "i32"], result: "i32" } });
 * ```
 */
export async function buildGo(dir: string, opts: BuildOptions = {}): Promise<string> {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs)) throw new Error(`buildGo: directory not found: ${abs}`);
  if (!fs.statSync(abs).isDirectory()) throw new Error(`buildGo: not a directory: ${abs}`);
  const module = fs.existsSync(path.join(abs, "go.mod"));
  const files = sourceFiles(abs, module);
  const goFiles = files.filter((f) => f.endsWith(".go") && !f.includes("/"));
  if (goFiles.length === 0) throw new Error(`buildGo: no .go files (other than *_test.go) in ${abs}`);
  if (files.includes(INPUTS_FILE)) throw new Error(`buildGo: ${abs}/${INPUTS_FILE} is a name buildGo uses; rename it`);

  const go = opts.go ?? process.env.TS2GO_GO ?? "go";
  const cacheDir = path.resolve(opts.cacheDir ?? path.join(abs, ".ts2go"));
  makeCacheDir(cacheDir);
  const { env, vars, platform } = await buildEnv(go, abs, cacheDir, opts);
  const { ldflags = "", tags = [], race = false } = opts;
  const key = cacheKey(abs, files, vars, env, { ldflags, tags, race, module });

  const name = path.basename(abs);
  const lib = libraryFileName(name, platform);
  const stem = lib.slice(0, lib.lastIndexOf("."));
  const ext = lib.slice(lib.lastIndexOf(".") + 1);
  const prefix = `${stem}-${createHash("sha256").update(`${abs}\n${platform.target}`).digest("hex").slice(0, 8)}-`;
  const output = path.join(cacheDir, `${prefix}${key.slice(0, 16)}.${ext}`);
  if (!opts.force && trusted(output)) return handOut(output);

  const pending = inflight.get(output);
  if (pending) return handOut(await pending);
  const job = (async () => {
    await compile(go, abs, env, { key, lib, output, module, goFiles, ldflags, tags, race });
    removeStale(cacheDir, prefix, ext, output);
    opts.onBuild?.({ dir: abs, output });
    return output;
  })();
  inflight.set(output, job);
  try {
    return handOut(await job);
  } finally {
    inflight.delete(output);
  }
}

interface CompileJob {
  key: string;
  lib: string;
  output: string;
  module: boolean;
  goFiles: string[];
  ldflags: string;
  tags: string[];
  race: boolean;
}

/** Runs `go build` into a private temp dir next to `job.output`, then renames the library into place. */
async function compile(go: string, abs: string, env: NodeJS.ProcessEnv, job: CompileJob): Promise<void> {
  const work = fs.mkdtempSync(path.join(path.dirname(job.output), `tmp-${process.pid}-`));
  try {
    const tmp = path.join(work, job.lib);
    fs.writeFileSync(path.join(work, INPUTS_FILE), `package main\n\n// ts2go buildGo inputs: ${job.key}\n`);
    const overlay = { Replace: { [path.join(abs, INPUTS_FILE)]: path.join(work, INPUTS_FILE) } };
    fs.writeFileSync(path.join(work, "overlay.json"), JSON.stringify(overlay));
    const args = ["build", "-buildmode=c-shared", `-overlay=${path.join(work, "overlay.json")}`, "-o", tmp];
    if (job.ldflags) args.push(`-ldflags=${job.ldflags}`);
    if (job.tags.length) args.push(`-tags=${job.tags.join(",")}`);
    if (job.race) args.push("-race");
    args.push(...(job.module ? ["."] : [...job.goFiles, INPUTS_FILE]));
    const r = await run(go, args, abs, env);
    if (r.code === "ENOENT") throw goMissing(go);
    if (r.code !== 0) throw new GoBuildError(abs, [go, ...args], r.stderr);
    fs.chmodSync(tmp, 0o555);
    fs.renameSync(tmp, job.output); // atomic: readers see the old file or the whole new one
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The environment `go build` gets, its `go env`, and the platform it builds for. */
async function buildEnv(
  go: string,
  abs: string,
  cacheDir: string,
  opts: BuildOptions,
): Promise<{ env: NodeJS.ProcessEnv; vars: Record<string, string>; platform: Platform }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, CGO_ENABLED: "1" };
  if (opts.target) {
    const p = platformOf(opts.target);
    Object.assign(env, { GOOS: p.goos, GOARCH: p.goarch });
  }
  let vars = await goEnv(go, abs, env);
  const platform = platformOf(`${vars.GOOS}/${vars.GOARCH}`);
  const hostTarget = `${vars.GOHOSTOS}/${vars.GOHOSTARCH}`;
  // A CC from the process environment is for this machine; only opts.env.CC chooses a cross compiler.
  const crossFrom = platform.target === hostTarget ? env : { ...env, CC: opts.env?.CC };
  const cross = await crossEnv(platform, crossFrom, cacheDir, hostTarget);
  if (Object.keys(cross).length) {
    Object.assign(env, cross);
    vars = await goEnv(go, abs, env);
  }
  return { env, vars, platform };
}

/**
 * Deletes older libraries of the same package and platform (`<prefix><hash16>.<ext>`) in `cacheDir`,
 * keeping `keep`, every library this process handed out, and any another process may have been handed
 * recently (its mtime is refreshed on every hand-out). Errors (e.g. a loaded DLL) are ignored.
 */
function removeStale(cacheDir: string, prefix: string, ext: string, keep: string): void {
  const now = Date.now();
  for (const f of fs.readdirSync(cacheDir)) {
    if (!f.startsWith(prefix) || !new RegExp(`^[0-9a-f]{16}\\.${ext}$`).test(f.slice(prefix.length))) continue;
    const p = path.join(cacheDir, f);
    if (p === keep || handedOut.has(p)) continue;
    try {
      if (now - fs.statSync(p).mtimeMs < STALE_AFTER_MS) continue;
      fs.rmSync(p, { force: true });
    } catch {
      // still in use (Windows) or removed concurrently: leave it.
    }
  }
}
