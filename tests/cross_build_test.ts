/**
 * Cross-building (issue 16): the login example's library for every target from this machine, each
 * checked for its format, architecture and exported ts2go symbols; `ts2go build`'s layout; and the
 * one-line error naming a missing cross C compiler. A target whose compiler is not installed is
 * skipped with that error as the reason, unless TS2GO_CROSS=require (CI installs them all with
 * scripts/platforms/setup.sh). Runs under both `deno test` and `bun test`; node:test only.
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildGo, findGo } from "../src/build.ts";
import { main as buildCli } from "../src/build_cli.ts";
import { onPath } from "../src/cross.ts";
import { inspectLibrary, platformOf, type Target, TARGETS } from "../src/platform.ts";
import { REPO_ROOT, writeRuntimeCopies } from "../scripts/projects.ts";

const T = { timeout: 600_000 };
const LOGIN_GO = path.join(REPO_ROOT, "examples/login/go");
writeRuntimeCopies("examples/login");

const EXPORTS = [
  "ts2go_abi_version",
  "ts2go_submit",
  "ts2go_drain",
  "ts2go_fingerprint_TestCall",
  "ts2go_TestCall_login",
];

/** Builds for `target`, or skips the test when this machine has no C compiler for it. */
async function buildOrSkip(t: { skip(m: string): void }, target: Target): Promise<string | undefined> {
  try {
    return await buildGo(LOGIN_GO, { target });
  } catch (e) {
    const message = (e as Error).message;
    if (!/needs a C compiler/.test(message) || process.env.TS2GO_CROSS === "require") throw e;
    t.skip(message);
    return undefined;
  }
}

/** Exported (defined, global) symbol names, without the Mach-O leading underscore; needs llvm-nm. */
function exportedSymbols(lib: string): string[] | undefined {
  const nm = onPath("llvm-nm");
  if (!nm) return undefined;
  const out = execFileSync(nm, ["--extern-only", "--defined-only", "--format=just-symbols", lib], { encoding: "utf8" });
  return out.split("\n").map((s) => s.replace(/^_/, "")).filter(Boolean);
}

for (const target of TARGETS) {
  test(`the login example builds for ${target}: format, arch and ts2go exports`, T, async (t) => {
    const lib = await buildOrSkip(t, target);
    if (!lib) return;
    const p = platformOf(target);
    const facts = inspectLibrary(fs.readFileSync(lib))!;
    assert.equal(facts.format, { linux: "ELF", windows: "PE", darwin: "Mach-O" }[p.goos]);
    assert.deepEqual([facts.goos, facts.goarch, facts.bits, facts.endianness], [p.goos, p.goarch, 64, "LE"]);
    if (p.goos === "linux") assert.equal(facts.libc, "gnu");
    assert.match(path.basename(lib), p.goos === "windows" ? /^go-.*\.dll$/ : /^libgo-.*\.(so|dylib)$/);
    const symbols = exportedSymbols(lib);
    if (symbols) { for (const s of EXPORTS) assert.ok(symbols.includes(s), `${target}: ${s} exported`); }
    if (p.goos === "darwin" && onPath("llvm-objdump")) {
      // Only system libraries every Mac has (the stubs zig linked against name these).
      const used = execFileSync("llvm-objdump", ["--macho", "--dylibs-used", lib], { encoding: "utf8" })
        .split("\n").slice(1).map((l) => l.trim().split(" ")[0]).filter((l) => l.startsWith("/"));
      for (const d of used) {
        assert.match(d, /^\/(usr\/lib\/lib(System\.B|resolv\.9)\.dylib|System\/Library\/Frameworks\/)/);
      }
    }
  });
}

test("ts2go build lays out <out>/<platform key>/<file> and per-platform package.json files", T, async (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "ts2go-cross-out-"));
  try {
    const targets = ["linux/amd64", "windows/amd64"];
    if (process.env.TS2GO_CROSS !== "require" && !onPath("x86_64-w64-mingw32-gcc") && !onPath("zig")) {
      targets.pop();
    }
    const args = ["--targets", targets.join(","), "--out", out, "--package", "@acme/login", "--version", "1.2.3"];
    assert.equal(await buildCli([...args, LOGIN_GO]), 0);
    const linux = path.join(out, "linux-x64-gnu");
    assert.deepEqual(fs.readdirSync(linux).sort(), ["liblogin.so", "package.json"]);
    const pkg = JSON.parse(fs.readFileSync(path.join(linux, "package.json"), "utf8"));
    assert.deepEqual(
      [pkg.name, pkg.version, pkg.os, pkg.cpu, pkg.libc, pkg.files],
      ["@acme/login-linux-x64-gnu", "1.2.3", ["linux"], ["x64"], ["glibc"], ["liblogin.so"]],
    );
    if (targets.length === 2) assert.ok(fs.existsSync(path.join(out, "win32-x64", "login.dll")));
    else t.diagnostic("windows/amd64 left out: no MinGW or zig here");
    assert.equal(await buildCli(["--targets", "linux/386", "--out", out, LOGIN_GO]), 1, "a 32-bit target is refused");
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test("a missing cross C compiler is a one-line error naming what to install", T, async () => {
  const env = { PATH: path.join(os.tmpdir(), "ts2go-no-such-dir"), TS2GO_ZIG: "" };
  await assert.rejects(buildGo(LOGIN_GO, { target: "linux/arm64", go: findGo(), env }), (e: Error) => {
    assert.match(e.message, /^buildGo: building for linux\/arm64 needs a C compiler for linux\/arm64 \(cgo\)/);
    assert.match(e.message, /apt-get install gcc-aarch64-linux-gnu/);
    assert.match(e.message, /pip install ziglang/);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
  await assert.rejects(buildGo(LOGIN_GO, { target: "darwin/arm64", go: findGo(), env }), /pip install ziglang/);
});

test("an unsupported target or GOARCH is refused before Go runs", T, async () => {
  await assert.rejects(
    buildGo(LOGIN_GO, { target: "linux/386" as Target }),
    /unsupported target "linux\/386".*64-bit little-endian/,
  );
  await assert.rejects(buildGo(LOGIN_GO, { env: { GOARCH: "s390x" } }), /unsupported target "linux\/s390x"/);
});
