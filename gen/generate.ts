/**
 * The whole generator as one function: parse → layout → emit Go and TS → gofmt. `cli.ts` writes its
 * result to disk; the golden-file tests compare it with the checked-in files.
 *
 * @example
 * ```ts
 * import { generate } from "./generate.ts";
 * const files = generate({ src: "examples/demo/schema.ts", goOut: "examples/demo/go/gen.go", tsOut: "examples/demo/schema.gen.ts" });
 * files.map((f) => f.path); // [".../gen.go", ".../ts2go_codec.go", …, ".../schema.gen.ts"]
 * ```
 * @module
 */

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { computeLayout } from "./layout.ts";
import { emit } from "./emit.ts";
import { parseSchema } from "./parse.ts";
import { emitGoSkeleton } from "./skeleton.ts";
import { importsByName, packageFile } from "./package_root.ts";

/** What to generate and where. */
export interface GenerateOptions {
  /** The schema file. */
  src: string;
  /** The Go file to write; the runtime's `ts2go_*.go` files are written next to it. */
  goOut: string;
  /** The TS client file to write. */
  tsOut: string;
  /**
   * What the TS file imports ts2go's runtime from. Default: `ts2go/runtime` when ts2go runs from an
   * installed package or writes inside its own repository; else (run from a clone, writing
   * elsewhere) a relative path to the clone's `src/runtime.ts`.
   */
  runtime?: string;
  /** A Go skeleton implementing every Go service, written only if that file does not exist. */
  goImpl?: string;
}

/** One output file. */
export interface GeneratedFile {
  path: string;
  content: string;
  /** Written only when no file exists at `path` (the Go skeleton: once written, it is the user's). */
  ifMissing?: boolean;
}

/** A relative module specifier from the directory of `from` to `to`, always starting with `.`. */
function specifier(from: string, to: string): string {
  const rel = relative(dirname(resolve(from)), resolve(to)).split(sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/**
 * Formats Go source with gofmt (from PATH, or from `go env GOROOT`).
 *
 * @example
 * ```ts
 * import { gofmt } from "./generate.ts";
 * gofmt("package main\nfunc  main(){}\n"); // "package main\n\nfunc main() {}\n"
 * ```
 */
export function gofmt(source: string): string {
  const run = (bin: string) =>
    execFileSync(bin, [], { input: source, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
  try {
    return run(process.env.TS2GO_GOFMT ?? "gofmt");
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    if (err.code !== "ENOENT") throw new Error(`gofmt rejected the generated Go (a ts2go bug):\n${err.stderr}`);
  }
  const go = process.env.TS2GO_GO ?? "go";
  let goroot: string;
  try {
    goroot = execFileSync(go, ["env", "GOROOT"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch {
    throw new GenError(`gofmt not found, nor "${go}": install Go 1.21+ (https://go.dev/dl/) or set TS2GO_GO`);
  }
  return run(join(goroot, "bin", "gofmt"));
}

/**
 * Something the user can fix stopped `gen` (a missing tool, a refused output path); the message is
 * one line saying what to do.
 *
 * @example
 * ```ts
 * import { GenError } from "./generate.ts";
 * throw new GenError("gofmt not found: install Go 1.21+ (https://go.dev/dl/) or set TS2GO_GO");
 * ```
 */
export class GenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GenError";
  }
}

/**
 * Generates the Go and TS files for a schema, without writing them.
 *
 * @example
 * ```ts
 * import { generate } from "./generate.ts";
 * for (const f of generate({ src: "schema.ts", goOut: "go/gen.go", tsOut: "schema.gen.ts" })) console.log(f.path);
 * ```
 */
export function generate(opts: GenerateOptions): GeneratedFile[] {
  const schema = parseSchema(opts.src);
  const layout = computeLayout(schema);
  const runtime = opts.runtime ??
    (importsByName(opts.tsOut) ? "ts2go/runtime" : specifier(opts.tsOut, packageFile("src", "runtime.ts")));
  const schemaImport = specifier(opts.tsOut, opts.src);
  const goDir = packageFile("go");
  const runtimeFiles = readdirSync(goDir).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go")).sort();
  const { go, ts } = emit(layout, { runtime, schemaImport });
  const skeleton = opts.goImpl ? emitGoSkeleton(layout) : null;
  return [
    { path: opts.goOut, content: gofmt(go) },
    ...runtimeFiles.map((f) => ({
      path: join(dirname(opts.goOut), `ts2go_${f}`),
      content: `${RUNTIME_COPY_HEADER}${f}). DO NOT EDIT.\n\n${readFileSync(join(goDir, f), "utf8")}`,
    })),
    { path: opts.tsOut, content: ts },
    ...(opts.goImpl && skeleton ? [{ path: opts.goImpl, content: gofmt(skeleton), ifMissing: true }] : []),
  ];
}

/**
 * How every copy of the Go runtime that `gen` writes begins (`…go/runtime.go). DO NOT EDIT.`): a
 * `ts2go_*.go` file starting so is gen's to rewrite or remove.
 *
 * @example
 * ```ts
 * import { RUNTIME_COPY_HEADER } from "./generate.ts";
 * "// Code generated by ts2go (a copy of its go/codec.go). DO NOT EDIT.".startsWith(RUNTIME_COPY_HEADER); // true
 * ```
 */
export const RUNTIME_COPY_HEADER = "// Code generated by ts2go (a copy of its go/";
