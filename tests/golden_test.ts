// The generated files of every project in scripts/projects.ts are golden files: `gen` must reproduce
// them byte for byte (a failure prints the diff; `UPDATE_GOLDEN=1` rewrites them, as does
// `deno task regen`), and the generated Go must pass gofmt and go vet.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { generateProject, isRuntimeCopy, PROJECTS, REPO_ROOT, writeRuntimeCopies } from "../scripts/projects.ts";

const update = process.env.UPDATE_GOLDEN === "1";

for (const project of PROJECTS) {
  test(`gen output for ${project} matches the checked-in files`, () => {
    for (const f of generateProject(project).filter((f) => !isRuntimeCopy(f))) {
      if (update) writeFileSync(f.path, f.content);
      const name = relative(REPO_ROOT, f.path);
      assert.equal(readFileSync(f.path, "utf8"), f.content, `${name} differs from gen output: run deno task regen`);
    }
  });

  test(`generated Go for ${project} is gofmt- and go vet-clean`, { timeout: 120_000 }, () => {
    writeRuntimeCopies(project);
    const dir = join(REPO_ROOT, project, "go");
    const goFiles = readdirSync(dir).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"));
    assert.equal(execFileSync("gofmt", ["-l", ...goFiles], { cwd: dir, encoding: "utf8" }), "");
    execFileSync("go", ["vet", ...goFiles], { cwd: dir, encoding: "utf8", stdio: "pipe" });
  });
}
