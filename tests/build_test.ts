/**
 * Tests for `src/build.ts` (runs under both `deno test` and `bun test`; node:test only).
 * @module
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildGo, GoBuildError } from "../src/build.ts";

const EXT = process.platform === "darwin" ? ".dylib" : process.platform === "win32" ? ".dll" : ".so";
const T = { timeout: 180_000 };
const tmpDirs: string[] = [];
after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function goSource(body: string): string {
  return `package main

import "C"

//export ts2go_test_add
func ts2go_test_add(a, b C.int) C.int { return ${body} }

func main() {}
`;
}

/** A fresh package directory named `pkg` with the given files. */
function makePkg(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ts2go-build-test-"));
  tmpDirs.push(root);
  const dir = path.join(root, "pkg");
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function libsIn(dir: string): string[] {
  const cache = path.join(dir, ".ts2go");
  return fs.existsSync(cache) ? fs.readdirSync(cache).sort() : [];
}

test("builds, caches, and rebuilds on source change (no go.mod)", T, async () => {
  const dir = makePkg({ "add.go": goSource("a + b"), "add_test.go": "package main\n\nthis does not compile\n" });
  const built: string[] = [];
  const onBuild = (i: { dir: string; output: string }) => built.push(i.output);

  const lib1 = await buildGo(dir, { onBuild });
  assert.ok(path.isAbsolute(lib1), lib1);
  assert.ok(lib1.endsWith(EXT), lib1);
  assert.match(path.basename(lib1), /^(lib)?pkg-[0-9a-f]{8}-[0-9a-f]{16}\.(so|dylib|dll)$/);
  assert.equal(path.dirname(lib1), path.join(path.resolve(dir), ".ts2go"));
  assert.ok(fs.statSync(lib1).size > 0);
  assert.deepEqual(built, [lib1]);
  assert.deepEqual(libsIn(dir), [path.basename(lib1)], "no header or temp files left behind");

  // Same sources: cache hit, no build; a changed *_test.go does not count.
  fs.writeFileSync(path.join(dir, "add_test.go"), "package main\n\nstill not go\n");
  // (A hand-out refreshes the library's mtime, see build_cache_test.ts: compare the file itself.)
  const before = { ino: fs.statSync(lib1).ino, bytes: fs.readFileSync(lib1) };
  const again = await buildGo(dir, { onBuild });
  assert.equal(again, lib1);
  assert.deepEqual(built, [lib1], "a cache hit runs no build");
  assert.equal(fs.statSync(lib1).ino, before.ino, "a cache hit leaves the library in place");
  assert.ok(fs.readFileSync(lib1).equals(before.bytes), "a cache hit leaves the library as it was");

  // Changed source: new path; the old library stays while this process may still open it
  // (build_cache_test.ts checks when old libraries are removed).
  fs.writeFileSync(path.join(dir, "add.go"), goSource("a + b + 1"));
  const lib2 = await buildGo(dir, { onBuild });
  assert.notEqual(lib2, lib1);
  assert.deepEqual(built, [lib1, lib2]);
  assert.ok(fs.existsSync(lib2));
  assert.deepEqual(libsIn(dir), [path.basename(lib1), path.basename(lib2)].sort());
});

test("a compile error throws GoBuildError with Go's file:line:col", T, async () => {
  const dir = makePkg({ "bad.go": 'package main\n\nimport "C"\n\nfunc main() {\n\tundefinedThing()\n}\n' });
  let built = false;
  await assert.rejects(buildGo(dir, { onBuild: () => (built = true) }), (e: unknown) => {
    assert.ok(e instanceof GoBuildError, String(e));
    assert.match(e.message, /^go build failed in /);
    assert.match(e.message, /bad\.go:6:2: undefined: undefinedThing/);
    assert.match(e.stderr, /bad\.go:6:2/);
    assert.equal(e.dir, path.resolve(dir));
    assert.equal(e.command[1], "build");
    assert.ok(e.command.includes("-buildmode=c-shared"));
    return true;
  });
  assert.equal(built, false);
  assert.deepEqual(libsIn(dir), [], "temp files are cleaned up after a failed build");
});

test("a go.mod-based package builds", T, async () => {
  const dir = makePkg({
    "go.mod": "module example.com/pkg\n\ngo 1.21\n",
    "main.go": goSource("a * b"),
    "util.go": "package main\n\nfunc unused() int { return 1 }\n",
  });
  fs.mkdirSync(path.join(dir, "sub"));
  fs.writeFileSync(path.join(dir, "sub", "sub.go"), "package sub\n\nfunc X() int { return 2 }\n");
  const lib = await buildGo(dir);
  assert.ok(fs.existsSync(lib));
  assert.ok(lib.endsWith(EXT));
  assert.deepEqual(libsIn(dir), [path.basename(lib)]);
});

test("a missing directory throws an Error naming the path", async () => {
  const missing = path.join(os.tmpdir(), "ts2go-definitely-missing-" + Date.now());
  await assert.rejects(buildGo(missing), (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.ok(!(e instanceof GoBuildError));
    assert.ok(e.message.includes(missing), e.message);
    return true;
  });
});

test("a directory without .go files throws", async () => {
  const dir = makePkg({ "only_test.go": "package main\n", "README.md": "hi\n" });
  await assert.rejects(buildGo(dir), /no \.go files/);
});

test("a missing go binary gives a clear Error", async () => {
  const dir = makePkg({ "add.go": goSource("a + b") });
  await assert.rejects(buildGo(dir, { go: "/nonexistent/ts2go-no-go" }), /install Go 1\.21\+.*TS2GO_GO/);
});
