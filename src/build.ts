/**
 * Build a Go package as a C shared library (`go build -buildmode=c-shared`), with a content-addressed cache.
 *
 * Runtime-neutral: only `node:` builtins, so it works unchanged in Deno and Bun.
 * The library lands in `<dir>/.ts2go/lib<name>-<hash16>.<so|dylib|dll>`; a cache hit returns without running `go build`.
 *
 * @example
 * ```ts
 * import { buildGo } from "./build.ts";
 * const lib = await buildGo("./go/mathsvc"); // e.g. /abs/go/mathsvc/.ts2go/libmathsvc-0123456789abcdef.so
 * ```
 * @module
 */
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { deniedByDeno } from "./permissions.ts";

/**
 * Options for {@link buildGo}.
 *
 * @example
 * ```ts
 * const opts: BuildOptions = { tags: ["netgo"], ldflags: "-s -w", onBuild: (i) => console.log("built", i.output) };
 * ```
 */
export interface BuildOptions {
  /** Go binary; default `$TS2GO_GO` or `"go"`. */
  go?: string;
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
  /** Where libraries are written; default `<dir>/.ts2go`. */
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

const EXT = process.platform === "darwin" ? "dylib" : process.platform === "win32" ? "dll" : "so";
const CGO_EXT = /\.(c|h|s|S|cc|cpp|cxx|hh|hpp|m)$/;
const goEnvMemo = new Map<string, Promise<string>>();
const inflight = new Map<string, Promise<string>>();

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

/** `go env GOVERSION GOOS GOARCH CGO_ENABLED`, run once per process per (go binary, env). */
function goEnv(go: string, cwd: string, env: NodeJS.ProcessEnv, key: string): Promise<string> {
  let p = goEnvMemo.get(key);
  if (!p) {
    p = run(go, ["env", "GOVERSION", "GOOS", "GOARCH", "CGO_ENABLED"], cwd, env).then((r) => {
      if (r.code === "ENOENT") throw goMissing(go);
      if (r.code !== 0) throw new Error(`"${go} env" failed:\n${r.stderr.trimEnd()}`);
      return r.stdout;
    });
    p.catch(() => goEnvMemo.delete(key));
    goEnvMemo.set(key, p);
  }
  return p;
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
      } else if (e.name.endsWith(".go") ? !e.name.endsWith("_test.go") : module && CGO_EXT.test(e.name)) {
        out.push(r);
      }
    }
  };
  walk("");
  return out.sort();
}

/**
 * Build the Go package in `dir` as a C shared library and return its absolute path (cached by content).
 *
 * With a `go.mod` in `dir` it builds `.`; otherwise it passes the `*.go` files (minus `*_test.go`) explicitly,
 * so a stdlib-only `package main` needs no module. Throws {@link GoBuildError} on compile errors.
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
  const goFiles = files.filter((f) => f.endsWith(".go"));
  if (goFiles.length === 0) throw new Error(`buildGo: no .go files (other than *_test.go) in ${abs}`);

  const go = opts.go ?? process.env.TS2GO_GO ?? "go";
  const userEnv = Object.fromEntries(Object.entries(opts.env ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const env: NodeJS.ProcessEnv = { ...process.env, ...userEnv, CGO_ENABLED: "1" };
  const goEnvKey = JSON.stringify([go, userEnv]);

  const hash = createHash("sha256");
  for (const f of module ? [...files, "go.mod", "go.sum"] : files) {
    const p = path.join(abs, f);
    if (!fs.existsSync(p)) continue;
    const data = fs.readFileSync(p);
    hash.update(`file ${f} ${data.length}\n`).update(data);
  }
  hash.update(`goenv\n${await goEnv(go, abs, env, goEnvKey)}`);
  const { ldflags = "", tags = [], race = false } = opts;
  hash.update(`opts\n${JSON.stringify({ ldflags, tags, env: userEnv, race })}`);

  const name = path.basename(abs);
  const cacheDir = path.resolve(opts.cacheDir ?? path.join(abs, ".ts2go"));
  const output = path.join(cacheDir, `lib${name}-${hash.digest("hex").slice(0, 16)}.${EXT}`);
  if (!opts.force && fs.existsSync(output)) return output;

  const pending = inflight.get(output);
  if (pending) return pending;
  const job = (async () => {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmpBase = path.join(cacheDir, `tmp-${process.pid}-${randomBytes(6).toString("hex")}-lib${name}`);
    const tmp = `${tmpBase}.${EXT}`;
    const args = ["build", "-buildmode=c-shared", "-o", tmp];
    if (ldflags) args.push(`-ldflags=${ldflags}`);
    if (tags.length) args.push(`-tags=${tags.join(",")}`);
    if (race) args.push("-race");
    args.push(...(module ? ["."] : goFiles));
    try {
      const r = await run(go, args, abs, env);
      if (r.code === "ENOENT") throw goMissing(go);
      if (r.code !== 0) throw new GoBuildError(abs, [go, ...args], r.stderr);
      fs.renameSync(tmp, output);
    } finally {
      for (const f of [tmp, `${tmpBase}.h`]) fs.rmSync(f, { force: true });
    }
    removeStale(cacheDir, name, output);
    opts.onBuild?.({ dir: abs, output });
    return output;
  })();
  inflight.set(output, job);
  try {
    return await job;
  } finally {
    inflight.delete(output);
  }
}

/** Delete older `lib<name>-<hash16>.<ext|h>` files in `cacheDir`, keeping `keep`; errors (e.g. a loaded DLL) are ignored. */
function removeStale(cacheDir: string, name: string, keep: string): void {
  const prefix = `lib${name}-`;
  for (const f of fs.readdirSync(cacheDir)) {
    if (!f.startsWith(prefix)) continue;
    const m = /^([0-9a-f]{16})\.(\w+)$/.exec(f.slice(prefix.length));
    if (!m || (m[2] !== EXT && m[2] !== "h")) continue;
    const p = path.join(cacheDir, f);
    if (p === keep) continue;
    try {
      fs.rmSync(p, { force: true });
    } catch {
      // still in use (Windows) or removed concurrently: leave it.
    }
  }
}
