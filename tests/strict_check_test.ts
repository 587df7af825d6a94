/**
 * The generated TypeScript and the runtime it imports type-check under the strict options many apps
 * turn on beyond `strict`: `noUncheckedIndexedAccess` (an index read is `T | undefined`) and
 * `exactOptionalPropertyTypes`. Generates the TS of the schemas that use every type and every kind of
 * declaration (tests/fixtures/types, tests/fixtures/kinds) into a temporary directory and runs
 * `deno check` on it with such a config. Runs under `deno test` and `bun test` (both call deno).
 * @module
 */

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "../gen/generate.ts";
import { REPO_ROOT } from "../scripts/projects.ts";

const DENO = join(REPO_ROOT, "node_modules", ".bin", "deno");
const SCHEMAS = ["types", "kinds"];

/** A deno.json for an app with the strict options, resolving "ts2go" to this repository. */
function strictConfig(): string {
  return JSON.stringify({
    compilerOptions: {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      lib: ["deno.ns", "esnext", "dom"],
    },
    imports: {
      "ts2go": pathToFileURL(join(REPO_ROOT, "mod.ts")).href,
      "ts2go/runtime": pathToFileURL(join(REPO_ROOT, "src", "runtime.ts")).href,
    },
  });
}

test("generated TS checks clean under noUncheckedIndexedAccess and exactOptionalPropertyTypes", () => {
  const dir = mkdtempSync(join(tmpdir(), "ts2go-strict-"));
  try {
    const config = join(dir, "deno.json");
    writeFileSync(config, strictConfig());
    const files = SCHEMAS.map((name) => {
      const src = join(REPO_ROOT, "tests", "fixtures", name, "schema.ts");
      const tsOut = join(dir, `${name}.gen.ts`);
      const ts = generate({ src, goOut: join(dir, `${name}.go`), tsOut }).find((f) => f.path === tsOut);
      assert.ok(ts, `gen wrote no TS for ${name}`);
      writeFileSync(tsOut, ts.content);
      return tsOut;
    });
    try {
      execFileSync(DENO, ["check", "--quiet", "--config", config, ...files], { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      const { stdout, stderr } = e as { stdout?: string; stderr?: string };
      assert.fail(`deno check failed under the strict options:\n${stdout}${stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
