/**
 * `ts2go init [dir]`: scaffolds a project that runs at once — a schema with a sync and an async
 * method (`init_template/schema.ts`), its Go implementation (`go/impl.go`), a `main.ts` calling
 * both, `package.json` and `deno.json` tasks `gen` and `dev` — then generates its code.
 * An existing `package.json` keeps its content and gains the tasks it lacks.
 *
 * @example
 * ```ts
 * import { initCommand } from "./init.ts";
 * initCommand(["hello"]); // then: cd hello && npm install && deno task dev
 * ```
 * @module
 */

import { existsSync, readFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generate, type GeneratedFile, GenError } from "./generate.ts";
import { applyOutput, fileError, planOutput } from "./output.ts";
import { packageFile, packageVersion } from "./package_root.ts";

/**
 * The `init` usage line.
 * @example `console.log(INIT_USAGE)`
 */
export const INIT_USAGE = "usage: ts2go init [dir]   (default: the current directory)";

/** The files copied from `init_template/`, by their path in the new project. */
const TEMPLATE_FILES = ["schema.ts", "main.ts", "go/impl.go"];

const GEN = "ts2go gen --src schema.ts --go-out go/gen.go --ts-out schema.gen.ts";
/**
 * The least a Deno app using ts2go needs: read its Go sources, write the build cache, run `go`, the
 * environment for `go`, and FFI (unscoped: the wake callback needs it).
 */
const DENO_RUN = "deno run --allow-read=go --allow-write=go/.ts2go --allow-env --allow-run=go --allow-ffi";

const TASKS = { gen: GEN, dev: `${GEN} && bun main.ts` };
const DENO_TASKS = { gen: GEN, dev: `${GEN} && ${DENO_RUN} main.ts` };

type Json = Record<string, unknown>;

function readJson(path: string): Json | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Json;
  } catch (e) {
    throw fileError(e) ?? new GenError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

/** `tasks` merged into `key` of a JSON config (created when absent), keeping what it has. */
function withTasks(config: Json | null, key: string, tasks: Record<string, string>, extra: Json = {}): Json {
  const out: Json = { ...(config ?? extra) };
  out[key] = { ...tasks, ...(out[key] as Record<string, string> | undefined) };
  return out;
}

/** The package.json and deno.json of the project in `dir`: existing ones gain the tasks they lack. */
function configFiles(dir: string): GeneratedFile[] {
  const pkgPath = join(dir, "package.json");
  const pkg = readJson(pkgPath);
  const created = {
    name: basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]/g, "-"),
    private: true,
    type: "module",
  };
  const pkgOut = withTasks(pkg, "scripts", TASKS, created);
  const deps = (pkgOut.dependencies ?? {}) as Record<string, string>;
  const devDeps = (pkgOut.devDependencies ?? {}) as Record<string, string>;
  if (!deps.ts2go && !devDeps.ts2go) pkgOut.dependencies = { ...deps, ts2go: `^${packageVersion()}` };
  const denoPath = join(dir, "deno.json");
  const denoOut = withTasks(readJson(denoPath), "tasks", DENO_TASKS);
  return [
    { path: pkgPath, content: `${JSON.stringify(pkgOut, null, 2)}\n` },
    { path: denoPath, content: `${JSON.stringify(denoOut, null, 2)}\n` },
  ];
}

/** The template's files and a `.gitignore`, refusing to replace any file that exists. */
function templateFiles(dir: string): GeneratedFile[] {
  const files = TEMPLATE_FILES.map((f) => ({
    path: join(dir, f),
    content: readFileSync(packageFile("gen", "init_template", f), "utf8"),
  }));
  const taken = files.filter((f) => existsSync(f.path)).map((f) => f.path);
  if (taken.length > 0) {
    throw new GenError(`${taken.join(", ")} already exist(s): run ts2go init in a new or empty directory`);
  }
  return [...files, { path: join(dir, ".gitignore"), content: "node_modules/\ngo/.ts2go/\n", ifMissing: true }];
}

/** What to type next, as lines. */
function nextSteps(dir: string): string[] {
  const cd = relative(process.cwd(), resolve(dir));
  const installed = existsSync(join(dir, "node_modules", "ts2go"));
  return [
    "next:",
    ...(cd ? [`  cd ${cd}`] : []),
    ...(installed ? [] : ["  npm install          # or: deno install, bun install"]),
    "  deno task dev        # or: bun run dev",
  ];
}

/**
 * Runs `ts2go init [dir]`; returns the exit code (2: bad usage). Throws what the user can fix
 * ({@link GenError}, a file-system error, a `SchemaError` if the template is broken); `ts2go`
 * prints it as one line.
 *
 * @example
 * ```ts
 * import { initCommand } from "./init.ts";
 * process.exitCode = initCommand([]); // scaffolds into the current directory
 * ```
 */
export function initCommand(args: string[]): number {
  let positionals;
  try {
    ({ positionals } = parseArgs({ args, allowPositionals: true, options: {} }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${INIT_USAGE}`);
    return 2;
  }
  if (positionals.length > 1) {
    console.error(INIT_USAGE);
    return 2;
  }
  const dir = positionals[0] ?? ".";
  const scaffold = planOutput([...templateFiles(dir), ...configFiles(dir)]);
  applyOutput(scaffold);
  for (const f of scaffold.write) console.log(`wrote ${f.path}`);
  const generated = generate({
    src: join(dir, "schema.ts"),
    goOut: join(dir, "go", "gen.go"),
    tsOut: join(dir, "schema.gen.ts"),
    runtime: "ts2go/runtime",
  });
  applyOutput(planOutput(generated));
  console.log(`generated ${generated.length} files from ${join(dir, "schema.ts")}`);
  for (const line of nextSteps(dir)) console.log(line);
  return 0;
}
