// Generated files are checked in as golden files: `gen` must reproduce them byte for byte, and the
// generated Go must pass gofmt and go vet.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "../gen/generate.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const projects = [
  "examples/demo",
  "examples/login",
  "examples/bidirectional",
  "examples/stream",
  "tests/fixtures/types",
  "tests/fixtures/duplex",
  "tests/fixtures/faults",
].filter((p) => existsSync(join(root, p)));

for (const project of projects) {
  test(`gen output for ${project} matches the checked-in files`, () => {
    const files = generate({
      src: join(root, project, "schema.ts"),
      goOut: join(root, project, "go", "gen.go"),
      tsOut: join(root, project, "schema.gen.ts"),
    });
    for (const f of files) {
      const onDisk = readFileSync(f.path, "utf8");
      assert.ok(onDisk === f.content, `${f.path} differs from gen output: re-run deno task gen for ${project}`);
    }
  });

  test(`generated Go for ${project} is gofmt- and go vet-clean`, { timeout: 120_000 }, () => {
    const dir = join(root, project, "go");
    const goFiles = readdirSync(dir).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"));
    assert.equal(execFileSync("gofmt", ["-l", ...goFiles], { cwd: dir, encoding: "utf8" }), "");
    execFileSync("go", ["vet", ...goFiles], { cwd: dir, encoding: "utf8", stdio: "pipe" });
  });
}
