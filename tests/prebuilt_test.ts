/**
 * The prebuilt-library loader (issue 16): it picks this platform's library from a prebuilt
 * directory or a per-platform npm package, refuses one for another platform in one line, builds
 * from Go only when Go is installed, and says what is missing otherwise; a prebuilt library of
 * another schema is refused with both fingerprints. Runs under `deno test` and `bun test`.
 * @module
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildGo, findLibrary, LibraryError, loadPrebuilt } from "../mod.ts";
import { hostPlatform, libraryFileName } from "../src/platform.ts";
import { loadTestCall } from "../examples/login/schema.gen.ts";
import { buildProject, REPO_ROOT } from "../scripts/projects.ts";

const T = { timeout: 300_000 };
const host = hostPlatform();
const FILE = libraryFileName("login", host);
const LOGIN_GO = path.join(REPO_ROOT, "examples/login/go");
const loginLib = await buildProject("examples/login");
const typesLib = await buildProject("tests/fixtures/types");
const root = fs.mkdtempSync(path.join(os.tmpdir(), "ts2go-prebuilt-test-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));
const NO_GO = { go: path.join(root, "no-go-here", "go") };

/** A prebuilt dir holding `lib` as this platform's login library. */
function prebuiltDir(name: string, lib: string | Uint8Array): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, host.key), { recursive: true });
  const to = path.join(dir, host.key, FILE);
  if (typeof lib === "string") fs.copyFileSync(lib, to);
  else fs.writeFileSync(to, lib);
  return dir;
}

/** An ELF header for the other Linux architecture than this one (or for Linux, off Linux). */
function otherPlatformLibrary(): Uint8Array {
  const b = new Uint8Array(128);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  new DataView(b.buffer).setUint16(18, host.target === "linux/arm64" ? 62 : 183, true);
  return b;
}

test("a library in the prebuilt directory for this platform is loaded, and works", T, async () => {
  const dir = prebuiltDir("ok", loginLib);
  assert.equal(await findLibrary({ name: "login", dir }), path.join(dir, host.key, FILE));
  using api = await loadPrebuilt(loadTestCall, { name: "login", dir: new URL(`file://${dir}/`), build: NO_GO });
  assert.equal(api.ping(1995n), 1995n);
});

test("a per-platform npm package is found from the requiring module", T, async () => {
  const app = path.join(root, "app");
  const pkg = path.join(app, "node_modules", "@acme", `login-${host.key}`);
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(
    path.join(pkg, "package.json"),
    JSON.stringify({ name: `@acme/login-${host.key}`, version: "1.0.0" }),
  );
  fs.copyFileSync(loginLib, path.join(pkg, FILE));
  const from = new URL(`file://${app}/main.js`);
  const lib = await findLibrary({ name: "login", packages: { prefix: "@acme/login", from }, build: NO_GO });
  assert.equal(fs.realpathSync(lib), fs.realpathSync(path.join(pkg, FILE)));
});

test("a library for another platform is passed over: built from Go when Go is there", T, async () => {
  const dir = prebuiltDir("wrong-arch", otherPlatformLibrary());
  let built = 0;
  const lib = await findLibrary({ name: "login", dir, goDir: LOGIN_GO, build: { onBuild: () => built++ } });
  assert.equal(lib, await buildGo(LOGIN_GO), "the library buildGo makes for this machine");
  assert.ok(built <= 1);
});

test("no fitting library and no Go: one line naming the platform, what was wrong and what to install", T, async () => {
  const dir = prebuiltDir("wrong-only", otherPlatformLibrary());
  const packages = { prefix: "@acme/none", from: root };
  await assert.rejects(findLibrary({ name: "login", dir, packages, goDir: LOGIN_GO, build: NO_GO }), (e: Error) => {
    assert.ok(e instanceof LibraryError);
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, new RegExp(`^no prebuilt ts2go library "login" for ${host.key} \\(${host.target}\\)`));
    assert.match(e.message, /and Go is not installed to build .*examples\/login\/go/);
    assert.match(e.message, /is an ELF library for linux\/(arm64|amd64);/);
    assert.match(e.message, new RegExp(`npm package @acme/none-${host.key} is not installed`));
    assert.match(e.message, /Install the package's build for .*, or Go 1\.21\+ with a C compiler$/);
    return true;
  });
  await assert.rejects(findLibrary({ name: "nothing", dir: root }), /no .*nothing.*\. Install the package's build for/);
});

test("a prebuilt library of another schema is refused, not replaced by a build", T, async () => {
  const dir = prebuiltDir("other-schema", typesLib);
  let built = 0;
  const opts = { name: "login", dir, goDir: LOGIN_GO, build: { onBuild: () => built++ } };
  await assert.rejects(loadPrebuilt(loadTestCall, opts), (e: Error) => {
    assert.ok(e instanceof LibraryError);
    assert.match(e.message, /^prebuilt .* has no service TestCall/);
    assert.match(e.message, /rebuild the prebuilt libraries with `ts2go build`/);
    return true;
  });
  assert.equal(built, 0);
});

test("a client refuses a library for another platform at load, in one line, before dlopen", () => {
  const dir = prebuiltDir("direct", otherPlatformLibrary());
  assert.throws(() => loadTestCall(path.join(dir, host.key, FILE)), (e: Error) => {
    assert.ok(e instanceof LibraryError);
    assert.match(e.message, /is an ELF library for linux\/(arm64|amd64); this process runs on /);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
});

test(
  "on Windows and macOS the loader picks <key>/<name>.dll and <key>/lib<name>.dylib (headers checked)",
  T,
  async () => {
    const dir = path.join(root, "other-hosts");
    const pe = new Uint8Array(256), peView = new DataView(pe.buffer);
    pe.set([0x4d, 0x5a]);
    peView.setUint32(0x3c, 0x80, true);
    peView.setUint32(0x80, 0x50450000);
    peView.setUint16(0x84, 0x8664, true);
    peView.setUint16(0x98, 0x20b, true);
    const macho = new Uint8Array(128), machoView = new DataView(macho.buffer);
    machoView.setUint32(0, 0xfeedfacf, true);
    machoView.setUint32(4, 0x0100000c, true);
    fs.mkdirSync(path.join(dir, "win32-x64"), { recursive: true });
    fs.mkdirSync(path.join(dir, "darwin-arm64"), { recursive: true });
    fs.writeFileSync(path.join(dir, "win32-x64", "login.dll"), pe);
    fs.writeFileSync(path.join(dir, "darwin-arm64", "liblogin.dylib"), macho);
    const windows = hostPlatform({ platform: "win32", arch: "x64", endianness: "LE" });
    const mac = hostPlatform({ platform: "darwin", arch: "arm64", endianness: "LE" });
    assert.equal(await findLibrary({ name: "login", dir }, windows), path.join(dir, "win32-x64", "login.dll"));
    assert.equal(await findLibrary({ name: "login", dir }, mac), path.join(dir, "darwin-arm64", "liblogin.dylib"));
    // An arm64 Mac given an x86-64 dylib under its key: refused, with what it is.
    machoView.setUint32(4, 0x01000007, true);
    fs.writeFileSync(path.join(dir, "darwin-arm64", "liblogin.dylib"), macho);
    await assert.rejects(
      findLibrary({ name: "login", dir, build: NO_GO }, mac),
      /is a Mach-O library for darwin\/amd64; this process runs on darwin\/arm64/,
    );
  },
);
