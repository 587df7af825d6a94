/**
 * The `ts2go` command: `ts2go gen …` ({@link genCommand}), `ts2go init [dir]` ({@link initCommand}) and
 * `ts2go build …` (src/build_cli.ts: libraries for several platforms).
 * Installed, it is the package's `bin` (`npx ts2go`, `bunx ts2go`, a `deno task` naming `ts2go`); in
 * this repository, `deno task gen …` runs `gen` (`bun gen/cli.ts gen …` too). What the user can fix
 * is printed as one line and exits 1; only a ts2go bug prints a stack trace.
 *
 * @example
 * ```sh
 * npx ts2go gen --src schema.ts --go-out go/gen.go --ts-out schema.gen.ts
 * deno task gen --src examples/demo/schema.ts --go-out examples/demo/go/gen.go --ts-out examples/demo/schema.gen.ts
 * ```
 * @module
 */

import { GEN_USAGE, genCommand } from "./gen_command.ts";
import { GenError } from "./generate.ts";
import { INIT_USAGE, initCommand } from "./init.ts";
import { fileError } from "./output.ts";
import { packageVersion } from "./package_root.ts";
import { SchemaError } from "./parse.ts";

/** Subcommands by name; each returns its exit code (a command that builds may take its time: a Promise). */
const COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  gen: genCommand,
  init: initCommand,
  // `build` lives in src/ (it runs buildGo); gen/ and src/ do not import each other statically.
  build: async (args) => (await import("../src/build_cli.ts")).main(args),
};

const USAGE = [
  "usage: ts2go <command> [options]",
  "",
  `  ${GEN_USAGE.replace("usage: ", "")}`,
  "      generate the Go and TypeScript code of a schema (--check: only report stale files, for CI)",
  `  ${INIT_USAGE.replace("usage: ", "")}`,
  "      scaffold a project that runs: a schema, its Go implementation, main.ts, gen/dev tasks",
  "  ts2go build [--targets linux/amd64,…] [--out dist/] [--name NAME] [--package @scope/name --version X.Y.Z] [GO_DIR]",
  "      build the Go package's library for each platform into <out>/<platform>/ (for prebuilt packages;",
  "      ts2go build --help lists the targets)",
].join("\n");

/**
 * Runs the `ts2go` command with its arguments (without the program name); resolves to the exit code.
 *
 * @example
 * ```ts
 * import { main } from "./cli.ts";
 * await main(["gen", "--src", "schema.ts", "--go-out", "go/gen.go", "--ts-out", "schema.gen.ts"]); // 0
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    console.log(packageVersion());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`ts2go: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (e) {
    // Deno's refusals (NotCapable) name the --allow-* flag to add in their one-line message.
    const denied = e instanceof Error && e.name === "NotCapable" ? e : null;
    const known = e instanceof SchemaError || e instanceof GenError ? e : fileError(e) ?? denied;
    if (!known) throw e;
    console.error(known.message);
    return 1;
  }
}

if (import.meta.main) process.exit(await main(process.argv.slice(2)));
