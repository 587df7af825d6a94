/**
 * `deno task gen --src schema.ts --go-out go/gen.go --ts-out schema.gen.ts [--runtime SPECIFIER]`
 * (also `bun gen/cli.ts …`). Prints schema errors as `file:line:col: message` and exits 1 on them.
 *
 * @example
 * ```sh
 * deno task gen --src examples/demo/schema.ts --go-out examples/demo/go/gen.go --ts-out examples/demo/schema.gen.ts
 * ```
 * @module
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { generate } from "./generate.ts";
import { SchemaError } from "./parse.ts";

const USAGE = "usage: gen --src schema.ts --go-out go/gen.go --ts-out schema.gen.ts [--runtime SPECIFIER]";

/**
 * Runs the generator with command-line arguments; returns the exit code.
 *
 * @example
 * ```ts
 * import { main } from "./cli.ts";
 * main(["--src", "schema.ts", "--go-out", "go/gen.go", "--ts-out", "schema.gen.ts"]);
 * ```
 */
export function main(args: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        src: { type: "string" },
        "go-out": { type: "string" },
        "ts-out": { type: "string" },
        runtime: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.src || !values["go-out"] || !values["ts-out"]) {
    console.error(USAGE);
    return 2;
  }
  try {
    const files = generate({
      src: values.src,
      goOut: values["go-out"],
      tsOut: values["ts-out"],
      runtime: values.runtime,
    });
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.content);
      console.log(`wrote ${f.path}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof SchemaError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

if (import.meta.main) process.exit(main(process.argv.slice(2)));
