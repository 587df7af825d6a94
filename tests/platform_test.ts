/**
 * Platform checks (issue 16): library headers (ELF, PE, Mach-O) read without loading them, and
 * the one-line refusals at load of an unsupported host (32-bit, big-endian, other systems), a
 * library for another OS/arch, and a glibc/musl mismatch. Synthetic headers, so every case runs
 * on any machine. Runs under both `deno test` and `bun test`; node:test only.
 * @module
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  type HostFacts,
  hostPlatform,
  inspectLibrary,
  libraryFileName,
  platformOf,
  TARGETS,
  unloadableReason,
} from "../src/platform.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ts2go-platform-test-"));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A minimal 64-bit little-endian ELF shared object whose DT_NEEDED names `needed`. */
function elf(machine: number, needed: string[]): Uint8Array {
  const strs = ["", ...needed].join("\0") + "\0";
  const dynAt = 64 + 2 * 56, strAt = dynAt + (needed.length + 2) * 16;
  const b = new Uint8Array(strAt + strs.length + 64);
  const dv = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  dv.setUint16(16, 3, true); // ET_DYN
  dv.setUint16(18, machine, true);
  dv.setBigUint64(32, 64n, true); // e_phoff
  dv.setUint16(54, 56, true);
  dv.setUint16(56, 2, true);
  const ph = (i: number, type: number, offset: number, size: number) => {
    dv.setUint32(64 + i * 56, type, true);
    dv.setBigUint64(64 + i * 56 + 8, BigInt(offset), true);
    dv.setBigUint64(64 + i * 56 + 16, BigInt(offset), true); // vaddr = offset
    dv.setBigUint64(64 + i * 56 + 32, BigInt(size), true);
  };
  ph(0, 1, 0, b.length); // PT_LOAD
  ph(1, 2, dynAt, (needed.length + 2) * 16); // PT_DYNAMIC
  let at = dynAt, off = 1;
  for (const n of needed) {
    dv.setBigInt64(at, 1n, true);
    dv.setBigUint64(at + 8, BigInt(off), true);
    at += 16, off += n.length + 1;
  }
  dv.setBigInt64(at, 5n, true); // DT_STRTAB
  dv.setBigUint64(at + 8, BigInt(strAt), true);
  b.set(new TextEncoder().encode(strs), strAt);
  return b;
}

function pe(machine: number, magic = 0x20b): Uint8Array {
  const b = new Uint8Array(256), dv = new DataView(b.buffer);
  b.set([0x4d, 0x5a]);
  dv.setUint32(0x3c, 0x80, true);
  dv.setUint32(0x80, 0x50450000);
  dv.setUint16(0x84, machine, true);
  dv.setUint16(0x98, magic, true);
  return b;
}

function macho(cpu: number, magic = 0xfeedfacf): Uint8Array {
  const b = new Uint8Array(128), dv = new DataView(b.buffer);
  dv.setUint32(0, magic, true);
  dv.setUint32(4, cpu, true);
  return b;
}

function file(name: string, bytes: Uint8Array): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, bytes);
  return p;
}

const LINUX_X64: HostFacts = { platform: "linux", arch: "x64", endianness: "LE", libc: "gnu" };

test("targets map to Node's platform keys and file names", () => {
  const rows = TARGETS.map((t) => {
    const p = platformOf(t);
    return [t, p.key, libraryFileName("hello", p)];
  });
  assert.deepEqual(rows, [
    ["linux/amd64", "linux-x64-gnu", "libhello.so"],
    ["linux/arm64", "linux-arm64-gnu", "libhello.so"],
    ["windows/amd64", "win32-x64", "hello.dll"],
    ["darwin/amd64", "darwin-x64", "libhello.dylib"],
    ["darwin/arm64", "darwin-arm64", "libhello.dylib"],
  ]);
  for (const bad of ["linux/386", "linux/arm", "linux/s390x", "linux/ppc64", "freebsd/amd64", "js/wasm"]) {
    assert.throws(() => platformOf(bad), new RegExp(`unsupported target "${bad}".*64-bit little-endian`));
  }
});

test("headers: ELF with its C library, PE, Mach-O, and what is none of them", () => {
  assert.deepEqual(inspectLibrary(elf(183, ["libpthread.so.0", "libc.so.6"])), {
    format: "ELF",
    goos: "linux",
    goarch: "arm64",
    bits: 64,
    endianness: "LE",
    libc: "gnu",
  });
  assert.equal(inspectLibrary(elf(62, ["libc.musl-x86_64.so.1"]))?.libc, "musl");
  assert.deepEqual(inspectLibrary(pe(0x8664)), {
    format: "PE",
    goos: "windows",
    goarch: "amd64",
    bits: 64,
    endianness: "LE",
  });
  assert.equal(inspectLibrary(pe(0x14c, 0x10b))?.bits, 32);
  assert.deepEqual(inspectLibrary(macho(0x0100000c)), {
    format: "Mach-O",
    goos: "darwin",
    goarch: "arm64",
    bits: 64,
    endianness: "LE",
  });
  assert.equal(inspectLibrary(new TextEncoder().encode("#!/bin/sh\n".padEnd(100))), undefined);
});

test("the host: supported ones get a key; 32-bit, big-endian and other systems are one-line errors", () => {
  assert.equal(hostPlatform(LINUX_X64).key, "linux-x64-gnu");
  assert.equal(hostPlatform({ ...LINUX_X64, arch: "arm64", libc: "musl" }).key, "linux-arm64-musl");
  assert.equal(hostPlatform({ platform: "win32", arch: "x64", endianness: "LE" }).key, "win32-x64");
  assert.equal(hostPlatform({ platform: "darwin", arch: "arm64", endianness: "LE" }).key, "darwin-arm64");
  const cases: [HostFacts, RegExp][] = [
    [{ ...LINUX_X64, arch: "ia32" }, /ts2go does not run on linux\/ia32 \(little-endian\): it supports 64-bit/],
    [{ ...LINUX_X64, arch: "arm" }, /linux\/arm /],
    [{ ...LINUX_X64, arch: "s390x", endianness: "BE" }, /linux\/s390x \(big-endian\)/],
    [{ ...LINUX_X64, platform: "freebsd" }, /freebsd\/x64/],
  ];
  for (const [facts, re] of cases) {
    assert.throws(() => hostPlatform(facts), re);
    assert.match(unloadableReason(file("any.so", elf(62, ["libc.so.6"])), facts)!, re);
  }
  const here = hostPlatform();
  assert.equal(here.target, `${here.goos}/${here.goarch}`, "this machine is supported");
});

test("a library for another OS, arch, word size, byte order or C library is refused in one line", () => {
  const ok = file("ok.so", elf(62, ["libc.so.6"]));
  assert.equal(unloadableReason(ok, LINUX_X64), undefined);
  const refusals: [string, Uint8Array, RegExp][] = [
    [
      "arm.so",
      elf(183, ["libc.so.6"]),
      /is an ELF library for linux\/arm64; this process runs on linux\/amd64 \(linux-x64-gnu\)$/,
    ],
    ["x.dll", pe(0x8664), /is a PE library for windows\/amd64; this process runs on linux\/amd64/],
    ["x.dylib", macho(0x01000007), /is a Mach-O library for darwin\/amd64;/],
    ["musl.so", elf(62, ["libc.musl-x86_64.so.1"]), /is linked against musl; .* whose C library is glibc$/],
    ["32.dll", pe(0x14c, 0x10b), /library for windows\/386, 32-bit LE;/],
    [
      "text.so",
      new TextEncoder().encode("not a library".padEnd(100)),
      /is not a shared library \(no ELF, PE or Mach-O header\)/,
    ],
  ];
  for (const [name, bytes, re] of refusals) {
    const why = unloadableReason(file(name, bytes), LINUX_X64);
    assert.match(why ?? "", re, name);
    assert.doesNotMatch(why!, /\n/);
  }
  const glibcOnMusl = unloadableReason(ok, { ...LINUX_X64, libc: "musl" });
  assert.match(glibcOnMusl!, /is linked against glibc; this process runs on linux\/amd64 \(linux-x64-musl\)/);
});
