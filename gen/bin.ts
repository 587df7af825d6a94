#!/usr/bin/env node
/**
 * The installed `ts2go` command (the package's `bin`): runs {@link main} with the process's
 * arguments. A module of its own because `import.meta.main` is missing on Node before 22.18.
 *
 * @example
 * ```sh
 * npx ts2go init hello
 * ```
 * @module
 */

import { main } from "./cli.ts";

process.exit(await main(process.argv.slice(2)));
