/**
 * buildGo's cache never serves a stale library and never deletes one a caller was handed
 * (issue 12, item 5). Each test builds a tiny cgo package and reads the library's bytes: the C
 * string literals a build compiles in show which inputs it saw, without loading the library.
 * Runs under both `deno test` and `bun test`; node:test only.
 * @module
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildGo } from "../src/build.ts";

const T = { timeout: 300_000 };
const roots: string[] = [];
after(() => {
  for (const d of roots) fs.rmSync(d, { recursive: true, force: true });
});

// The header picks a marker string; the Go code returns it, so the marker is in the library.
const GO = `package main

/*
#include "marker.h"
static const char *marker(void) { return MARKER; }
*/
import "C"

//export ts2go_test_marker
func ts2go_test_marker() *C.char { return C.marker() }

func main() {}
`;

function header(marker: string): string {
  return `#ifdef TS2GO_TEST_ALT\n#define MARKER "${marker}-alt"\n#else\n#define MARKER "${marker}"\n#endif\n`;
}

/** A fresh `<root>/<sub>/pkg` package (no go.mod) whose header's marker is `marker`. */
function makePkg(marker: string, root = fs.mkdtempSync(path.join(os.tmpdir(), "ts2go-cache-test-")), sub = "a") {
  if (!roots.includes(root)) roots.push(root);
  const dir = path.join(root, sub, "pkg");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "marker.go"), GO);
  fs.writeFileSync(path.join(dir, "marker.h"), header(marker));
  return { root, dir };
}

function has(lib: string, text: string): boolean {
  return fs.readFileSync(lib).includes(Buffer.from(`${text}\0`));
}

/** Runs `fn` with `vars` set in process.env, restoring them after. */
async function withEnv<R>(vars: Record<string, string>, fn: () => Promise<R>): Promise<R> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test("editing a header the cgo preamble includes rebuilds, without go.mod", T, async () => {
  const { dir } = makePkg("marker-one");
  const lib1 = await buildGo(dir);
  assert.ok(has(lib1, "marker-one"));
  fs.writeFileSync(path.join(dir, "marker.h"), header("marker-two"));
  const lib2 = await buildGo(dir);
  assert.notEqual(lib2, lib1, "a changed header is a new cache key");
  assert.ok(has(lib2, "marker-two"), "Go recompiled the package with the new header");
  assert.ok(!has(lib2, "marker-one"));
});

test("CGO_CFLAGS and GOFLAGS in the process environment are part of the key", T, async () => {
  const { dir } = makePkg("marker-env");
  const plain = await buildGo(dir);
  assert.ok(has(plain, "marker-env"));
  const alt = await withEnv({ CGO_CFLAGS: "-O2 -g -DTS2GO_TEST_ALT" }, () => buildGo(dir));
  assert.notEqual(alt, plain);
  assert.ok(has(alt, "marker-env-alt"), "the build saw CGO_CFLAGS from process.env");
  const trimmed = await withEnv({ GOFLAGS: "-trimpath" }, () => buildGo(dir));
  assert.notEqual(trimmed, plain);
  assert.ok(!fs.readFileSync(trimmed).includes(Buffer.from(dir)), "-trimpath took effect");
  assert.equal(await buildGo(dir), plain, "back to the first environment: the first library");
});

test("two packages whose folders share a basename keep their libraries in one cacheDir", T, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ts2go-cache-test-"));
  const cacheDir = path.join(root, "cache");
  const a = makePkg("marker-a", root, "a").dir;
  const b = makePkg("marker-b", root, "b").dir;
  const libA = await buildGo(a, { cacheDir });
  const libB = await buildGo(b, { cacheDir });
  assert.notEqual(libA, libB);
  assert.ok(fs.existsSync(libA), "building b left a's library");
  assert.ok(has(libA, "marker-a") && has(libB, "marker-b"));
  assert.equal(await buildGo(a, { cacheDir }), libA, "a is still a cache hit");
});

test("a library handed out is never deleted by a later build; old unclaimed ones are", T, async () => {
  const { dir } = makePkg("marker-keep");
  const built: string[] = [];
  const onBuild = (i: { output: string }) => built.push(i.output);
  const lib1 = await buildGo(dir, { onBuild });
  // Libraries of this package from another run: one just handed out there, one long unclaimed.
  const prefix = path.basename(lib1).replace(/[0-9a-f]{16}(\.\w+)$/, "");
  const ext = path.extname(lib1);
  const recent = path.join(path.dirname(lib1), `${prefix}${"1".repeat(16)}${ext}`);
  const old = path.join(path.dirname(lib1), `${prefix}${"2".repeat(16)}${ext}`);
  for (const f of [recent, old]) fs.copyFileSync(lib1, f);
  const hourAgo = new Date(Date.now() - 3600_000);
  fs.utimesSync(old, hourAgo, hourAgo);

  fs.writeFileSync(path.join(dir, "marker.h"), header("marker-kept"));
  const lib2 = await buildGo(dir, { onBuild });
  assert.deepEqual(built, [lib1, lib2]);
  assert.ok(fs.existsSync(lib1), "this process was handed lib1: it stays");
  assert.ok(fs.existsSync(recent), "another process may not have opened it yet: it stays");
  assert.equal(fs.existsSync(old), false, "unclaimed for an hour: removed");
});

test("a cached library is read-only; one others may write is rebuilt, not served", T, async () => {
  const { dir } = makePkg("marker-mode");
  let builds = 0;
  const onBuild = () => builds++;
  const lib = await buildGo(dir, { onBuild });
  const cache = path.dirname(lib);
  if (process.platform !== "win32") {
    assert.equal(fs.statSync(lib).mode & 0o222, 0, "no write bit for anyone");
    fs.chmodSync(lib, 0o666);
    assert.equal(await buildGo(dir, { onBuild }), lib);
    assert.equal(builds, 2, "a group/other-writable library is not trusted");
    assert.equal(fs.statSync(lib).mode & 0o222, 0);
    fs.chmodSync(cache, 0o777);
    await assert.rejects(buildGo(dir), /cache directory .* is writable by other users/);
    fs.chmodSync(cache, 0o755);
  }
  assert.deepEqual(fs.readdirSync(cache), [path.basename(lib)], "no temporary files left");
});

test("concurrent builds of one package run go build once and share the result", T, async () => {
  const { dir } = makePkg("marker-race");
  let builds = 0;
  const libs = await Promise.all([1, 2, 3].map(() => buildGo(dir, { onBuild: () => builds++ })));
  assert.equal(new Set(libs).size, 1);
  assert.equal(builds, 1);
  assert.ok(has(libs[0], "marker-race"));
});
