/**
 * The prebuilt example (issue 16) as a user meets it: examples/prebuilt/hello packed with its
 * libraries (examples/prebuilt/pack.ts), installed with npm into a fresh app outside the repo,
 * and run on Deno and on Bun with a PATH that has no `go` — the library is never built there.
 * Runs under both `deno test` and `bun test`; node:test only.
 * @module
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pack } from "../examples/prebuilt/pack.ts";
import { hostPlatform } from "../src/platform.ts";
import { REPO_ROOT } from "../scripts/projects.ts";

const T = { timeout: 600_000 };
const app = fs.mkdtempSync(path.join(os.tmpdir(), "ts2go-prebuilt-app-"));
after(() => fs.rmSync(app, { recursive: true, force: true }));

/** A PATH with only the two runtimes on it (links in a directory of its own): no go, no cc. */
function pathWithoutGo(): string {
  const bin = path.join(app, ".bin");
  fs.mkdirSync(bin);
  for (const rt of ["deno", "bun"]) {
    fs.symlinkSync(fs.realpathSync(path.join(REPO_ROOT, "node_modules", ".bin", rt)), path.join(bin, rt));
  }
  return bin;
}

test("a packed library with prebuilt binaries runs in a fresh app with no Go, on Deno and Bun", T, async () => {
  const { tarball, built } = await pack([hostPlatform().target]);
  assert.deepEqual(built, [hostPlatform().target]);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", tarball], { cwd: app });
  fs.copyFileSync(path.join(REPO_ROOT, "examples/prebuilt/app/main.ts"), path.join(app, "main.ts"));
  const installed = path.join(app, "node_modules/@ts2go-example/hello");
  assert.ok(fs.existsSync(path.join(installed, "prebuilt", hostPlatform().key)));

  const env: NodeJS.ProcessEnv = { ...process.env, PATH: pathWithoutGo() };
  delete env.TS2GO_GO;
  const expected = "Hello, TypeScript from Go!\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n";
  for (const argv of [["deno", "run", "-A", "main.ts"], ["bun", "main.ts"]]) {
    const out = execFileSync(argv[0], argv.slice(1), { cwd: app, env, encoding: "utf8" });
    assert.equal(out, expected, argv[0]);
  }
  assert.equal(fs.existsSync(path.join(installed, "go", ".ts2go")), false, "nothing was built in the app");
});
