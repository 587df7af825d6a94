/**
 * Putting generated files on disk: what would change ({@link planOutput}: files to write, stale
 * runtime copies to remove), doing it ({@link applyOutput}), and file-system errors as one line,
 * `file: reason` ({@link FileError}).
 *
 * @example
 * ```ts
 * import { applyOutput, planOutput } from "./output.ts";
 * import { generate } from "./generate.ts";
 * const plan = planOutput(generate({ src: "schema.ts", goOut: "go/gen.go", tsOut: "schema.gen.ts" }));
 * applyOutput(plan); // writes what differs, removes runtime copies gen no longer writes
 * ```
 * @module
 */

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { type GeneratedFile, GenError, RUNTIME_COPY_HEADER } from "./generate.ts";

/**
 * A file could not be read or written; the message is one line, `file: reason`.
 *
 * @example
 * ```ts
 * import { FileError } from "./output.ts";
 * new FileError("schema.ts", "no such file or directory").message; // "schema.ts: no such file or directory"
 * ```
 */
export class FileError extends GenError {
  /** The file as the user named it (relative to the current directory when inside it). */
  readonly path: string;
  /** What went wrong, e.g. `permission denied`. */
  readonly reason: string;
  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = "FileError";
    this.path = path;
    this.reason = reason;
  }
}

/** A path as the user would write it: relative to the current directory when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith("..") ? rel : path;
}

/**
 * The {@link FileError} for an error thrown by `node:fs` (Node, Deno and Bun all give it `code`,
 * `path` and a message `CODE: reason, syscall 'path'`), or null for any other error.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { fileError } from "./output.ts";
 * try { readFileSync("missing.ts"); } catch (e) { fileError(e)?.message; } // "missing.ts: no such file or directory"
 * ```
 */
export function fileError(e: unknown): FileError | null {
  const err = e as { code?: unknown; path?: unknown; message?: unknown };
  if (typeof err?.code !== "string" || typeof err.path !== "string" || typeof err.message !== "string") return null;
  const reason = /^[A-Z]+: (.*?), \w+ '/.exec(err.message)?.[1] ?? err.code;
  return new FileError(shown(err.path), reason);
}

/** Runs `fn`, turning a file-system error into a {@link FileError}. */
function onDisk<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw fileError(e) ?? e;
  }
}

/** What writing generated files would change on disk. */
export interface OutputPlan {
  /** Files whose content differs from the disk, or that do not exist. */
  write: GeneratedFile[];
  /** Copies of the Go runtime (`ts2go_*.go` starting with gen's header) that gen no longer writes. */
  remove: string[];
}

/** Whether a path names one of the Go runtime's copies (`ts2go_*.go`). */
function isRuntimeCopyPath(path: string): boolean {
  return /^ts2go_.*\.go$/.test(basename(path));
}

function differs(f: GeneratedFile): boolean {
  if (!existsSync(f.path)) return true;
  return !f.ifMissing && onDisk(() => readFileSync(f.path, "utf8")) !== f.content;
}

/**
 * Compares generated files with the disk, writing nothing. A file marked `ifMissing` counts only
 * when it does not exist. A runtime copy left over from an older ts2go (a file gen once wrote and
 * no longer does) is to be removed, so that it is never built.
 *
 * @example
 * ```ts
 * import { planOutput } from "./output.ts";
 * const plan = planOutput([{ path: "go/gen.go", content: "package main\n" }]);
 * plan.write.length; // 0 when go/gen.go already holds exactly that
 * ```
 */
export function planOutput(files: GeneratedFile[]): OutputPlan {
  const wanted = new Set(files.map((f) => resolve(f.path)));
  const remove: string[] = [];
  for (const dir of new Set(files.filter((f) => isRuntimeCopyPath(f.path)).map((f) => dirname(f.path)))) {
    if (!existsSync(dir)) continue;
    for (const name of onDisk(() => readdirSync(dir))) {
      const p = join(dir, name);
      if (!isRuntimeCopyPath(p) || wanted.has(resolve(p))) continue;
      if (onDisk(() => readFileSync(p, "utf8")).startsWith(RUNTIME_COPY_HEADER)) remove.push(p);
    }
  }
  return { write: files.filter(differs), remove };
}

/**
 * Writes and removes what {@link planOutput} found (creating directories); throws {@link FileError}.
 *
 * @example
 * ```ts
 * import { applyOutput } from "./output.ts";
 * applyOutput({ write: [{ path: "out/gen.go", content: "package main\n" }], remove: [] });
 * ```
 */
export function applyOutput(plan: OutputPlan): void {
  for (const f of plan.write) {
    onDisk(() => {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.content);
    });
  }
  for (const p of plan.remove) onDisk(() => rmSync(p));
}

/**
 * The files of a plan as the user named them: written ones, then removed ones.
 *
 * @example
 * ```ts
 * import { plannedPaths } from "./output.ts";
 * plannedPaths({ write: [{ path: "go/gen.go", content: "" }], remove: [] }); // ["go/gen.go"]
 * ```
 */
export function plannedPaths(plan: OutputPlan): string[] {
  return [...plan.write.map((f) => shown(f.path)), ...plan.remove.map(shown)];
}
