/**
 * Platforms ts2go builds for and runs on: Go target names, the platform key used to name prebuilt
 * libraries (Node's `process.platform`-`process.arch`, plus the C library on Linux, as npm packages
 * name them), library file names, and the checks that refuse an unsupported host or a library built
 * for another one with a one-line error instead of a crash inside `dlopen`.
 *
 * Runtime-neutral: only `node:` builtins.
 *
 * @example
 * ```ts
 * import { hostPlatform, platformOf } from "./platform.ts";
 * platformOf("linux/arm64").key; // "linux-arm64-gnu"
 * hostPlatform().key;            // e.g. "linux-x64-gnu" on x86-64 Linux with glibc
 * ```
 * @module
 */
import * as fs from "node:fs";
import * as os from "node:os";

/** A Go `GOOS/GOARCH` pair ts2go can build for. */
export type Target = "linux/amd64" | "linux/arm64" | "windows/amd64" | "darwin/amd64" | "darwin/arm64";

/** Every target ts2go builds, in the order `ts2go build` lists them. */
export const TARGETS: readonly Target[] = [
  "linux/amd64",
  "linux/arm64",
  "windows/amd64",
  "darwin/amd64",
  "darwin/arm64",
];

/** Where a library runs, in the names of both worlds. */
export interface Platform {
  /** Go's names, e.g. `"linux/arm64"`. */
  readonly target: Target;
  readonly goos: "linux" | "windows" | "darwin";
  readonly goarch: "amd64" | "arm64";
  /** Node's names: `process.platform` and `process.arch`. */
  readonly os: "linux" | "win32" | "darwin";
  readonly arch: "x64" | "arm64";
  /** The C library a Linux library links against (ts2go builds against glibc). */
  readonly libc?: "gnu" | "musl" | undefined;
  /** The directory / npm package suffix for prebuilt libraries, e.g. `linux-x64-gnu`, `win32-x64`. */
  readonly key: string;
}

const NODE_OS = { linux: "linux", windows: "win32", darwin: "darwin" } as const;
const NODE_ARCH = { amd64: "x64", arm64: "arm64" } as const;
const SUPPORTED = "64-bit little-endian Linux, macOS or Windows on x86-64 or arm64";

/**
 * The platform of a Go target; throws naming the supported targets for anything else
 * (32-bit, big-endian, other systems).
 *
 * @example
 * ```ts
 * import { platformOf } from "./platform.ts";
 * platformOf("windows/amd64").key; // "win32-x64"
 * platformOf("linux/386");         // throws: ts2go builds 64-bit little-endian targets only …
 * ```
 */
export function platformOf(target: string): Platform {
  if (!(TARGETS as readonly string[]).includes(target)) {
    throw new Error(
      `unsupported target "${target}": ts2go builds ${SUPPORTED} only, one of ${TARGETS.join(", ")}`,
    );
  }
  const [goos, goarch] = target.split("/") as [Platform["goos"], Platform["goarch"]];
  const libc = goos === "linux" ? "gnu" : undefined;
  const nodeOs = NODE_OS[goos], arch = NODE_ARCH[goarch];
  return { target: target as Target, goos, goarch, os: nodeOs, arch, libc, key: platformKey(nodeOs, arch, libc) };
}

function platformKey(nodeOs: string, arch: string, libc?: string): string {
  return libc ? `${nodeOs}-${arch}-${libc}` : `${nodeOs}-${arch}`;
}

/**
 * The file name of a c-shared library on a platform: `lib<name>.so`, `lib<name>.dylib`, `<name>.dll`.
 *
 * @example
 * ```ts
 * import { libraryFileName, platformOf } from "./platform.ts";
 * libraryFileName("hello", platformOf("windows/amd64")); // "hello.dll"
 * ```
 */
export function libraryFileName(name: string, platform: Pick<Platform, "goos">): string {
  if (platform.goos === "windows") return `${name}.dll`;
  return `lib${name}.${platform.goos === "darwin" ? "dylib" : "so"}`;
}

/** What {@link hostPlatform} reads; tests pass their own. */
export interface HostFacts {
  platform: string;
  arch: string;
  endianness: "LE" | "BE";
  /** Linux only: the C library the runtime itself links against. */
  libc?: "gnu" | "musl" | undefined;
}

/**
 * The platform this process runs on (or the one `facts` describe); throws a one-line Error on
 * hosts ts2go does not support (32-bit, big-endian, other systems).
 *
 * @example
 * ```ts
 * import { hostPlatform } from "./platform.ts";
 * hostPlatform({ platform: "linux", arch: "ia32", endianness: "LE" }); // throws
 * ```
 */
export function hostPlatform(facts: HostFacts = currentHost()): Platform {
  const goos = Object.entries(NODE_OS).find(([, v]) => v === facts.platform)?.[0];
  const goarch = Object.entries(NODE_ARCH).find(([, v]) => v === facts.arch)?.[0];
  if (!goos || !goarch || facts.endianness !== "LE") {
    throw new Error(
      `ts2go does not run on ${facts.platform}/${facts.arch} (${
        facts.endianness === "LE" ? "little" : "big"
      }-endian): ` +
        `it supports ${SUPPORTED}`,
    );
  }
  const p = platformOf(`${goos}/${goarch}`);
  if (p.goos !== "linux") return p;
  const libc = facts.libc ?? "gnu";
  return { ...p, libc, key: platformKey(p.os, p.arch, libc) };
}

let current: HostFacts | undefined;

function currentHost(): HostFacts {
  current ??= { platform: process.platform, arch: process.arch, endianness: os.endianness(), libc: hostLibc() };
  return current;
}

/** Deno names its C library in its build target; other runtimes by their ELF interpreter. */
function hostLibc(): "gnu" | "musl" | undefined {
  if (process.platform !== "linux") return undefined;
  const deno = (globalThis as { Deno?: { build: { target: string } } }).Deno;
  if (deno) return deno.build.target.endsWith("musl") ? "musl" : "gnu";
  return elfInterpreter(process.execPath)?.includes("musl") ? "musl" : "gnu";
}

/** What a library file's header says about where it runs. */
export interface LibraryFacts {
  format: "ELF" | "PE" | "Mach-O";
  /** Go's names where known; otherwise the raw machine number, e.g. `"machine 0x3"`. */
  goos: string;
  goarch: string;
  bits: 32 | 64;
  endianness: "LE" | "BE";
  /** ELF only: the C library from its `DT_NEEDED` entries. */
  libc?: "gnu" | "musl";
}

/**
 * Reads the header of a shared library (ELF, PE or Mach-O); returns undefined for anything else.
 *
 * @example
 * ```ts
 * import { inspectLibrary } from "./platform.ts";
 * inspectLibrary(fs.readFileSync("libhello.so")); // { format: "ELF", goos: "linux", goarch: "arm64", … }
 * ```
 */
export function inspectLibrary(bytes: Uint8Array): LibraryFacts | undefined {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 64) return undefined;
  if (dv.getUint32(0) === 0x7f454c46) return inspectElf(bytes, dv);
  if (dv.getUint16(0) === 0x4d5a) return inspectPe(dv);
  return inspectMachO(dv);
}

const ELF_MACHINES: Record<number, string> = { 62: "amd64", 183: "arm64", 3: "386", 40: "arm", 22: "s390x" };

function inspectElf(bytes: Uint8Array, dv: DataView): LibraryFacts {
  const bits = bytes[4] === 2 ? 64 : 32;
  const le = bytes[5] === 1;
  const machine = dv.getUint16(18, le);
  const facts: LibraryFacts = {
    format: "ELF",
    goos: "linux",
    goarch: ELF_MACHINES[machine] ?? `machine 0x${machine.toString(16)}`,
    bits,
    endianness: le ? "LE" : "BE",
  };
  if (bits === 64 && le) {
    const needed = elfNeeded(dv);
    if (needed.some((n) => n.startsWith("libc.so."))) facts.libc = "gnu";
    else if (needed.some((n) => n.includes("musl") || n === "libc.so")) facts.libc = "musl";
  }
  return facts;
}

interface ElfSegment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

function elfSegments(dv: DataView): ElfSegment[] {
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true), phnum = dv.getUint16(56, true);
  const out: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 56 > dv.byteLength) break;
    out.push({
      type: dv.getUint32(at, true),
      offset: Number(dv.getBigUint64(at + 8, true)),
      vaddr: Number(dv.getBigUint64(at + 16, true)),
      filesz: Number(dv.getBigUint64(at + 32, true)),
    });
  }
  return out;
}

function cString(dv: DataView, at: number): string {
  let s = "";
  for (let i = at; i < dv.byteLength && dv.getUint8(i) !== 0; i++) s += String.fromCharCode(dv.getUint8(i));
  return s;
}

/** The `DT_NEEDED` names of a 64-bit little-endian ELF file. */
function elfNeeded(dv: DataView): string[] {
  const segments = elfSegments(dv);
  const dynamic = segments.find((s) => s.type === 2); // PT_DYNAMIC
  if (!dynamic) return [];
  const needed: number[] = [];
  let strtab = -1;
  for (let at = dynamic.offset; at + 16 <= dynamic.offset + dynamic.filesz && at + 16 <= dv.byteLength; at += 16) {
    const tag = Number(dv.getBigInt64(at, true)), val = Number(dv.getBigUint64(at + 8, true));
    if (tag === 0) break;
    if (tag === 1) needed.push(val); // DT_NEEDED
    if (tag === 5) strtab = val; // DT_STRTAB (an address)
  }
  const load = segments.find((s) => s.type === 1 && strtab >= s.vaddr && strtab < s.vaddr + s.filesz);
  if (!load) return [];
  const base = strtab - load.vaddr + load.offset;
  return needed.map((n) => cString(dv, base + n));
}

/** The ELF interpreter (`PT_INTERP`) of an executable, e.g. `/lib64/ld-linux-x86-64.so.2`. */
function elfInterpreter(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    const head = new Uint8Array(4096);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const dv = new DataView(head.buffer, 0, n);
    if (n < 64 || dv.getUint32(0) !== 0x7f454c46 || head[4] !== 2) return undefined;
    const interp = elfSegments(dv).find((s) => s.type === 3); // PT_INTERP
    if (!interp) return undefined;
    const buf = new Uint8Array(interp.filesz);
    fs.readSync(fd, buf, 0, buf.length, interp.offset);
    return new TextDecoder().decode(buf).replace(/\0.*$/s, "");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const PE_MACHINES: Record<number, string> = { 0x8664: "amd64", 0xaa64: "arm64", 0x14c: "386", 0x1c4: "arm" };

function inspectPe(dv: DataView): LibraryFacts | undefined {
  const pe = dv.getUint32(0x3c, true);
  if (pe + 26 > dv.byteLength || dv.getUint32(pe) !== 0x50450000) return undefined;
  const machine = dv.getUint16(pe + 4, true);
  const bits = dv.getUint16(pe + 24, true) === 0x20b ? 64 : 32; // PE32+ optional header
  return {
    format: "PE",
    goos: "windows",
    goarch: PE_MACHINES[machine] ?? `machine 0x${machine.toString(16)}`,
    bits,
    endianness: "LE",
  };
}

const MACHO_CPUS: Record<number, string> = { 0x01000007: "amd64", 0x0100000c: "arm64", 7: "386", 12: "arm" };

function inspectMachO(dv: DataView): LibraryFacts | undefined {
  const magic = dv.getUint32(0, true);
  if (magic !== 0xfeedfacf && magic !== 0xfeedface) return undefined; // universal binaries are not built
  const cpu = dv.getUint32(4, true);
  return {
    format: "Mach-O",
    goos: "darwin",
    goarch: MACHO_CPUS[cpu] ?? `machine 0x${cpu.toString(16)}`,
    bits: magic === 0xfeedfacf ? 64 : 32,
    endianness: "LE",
  };
}

/**
 * Why a library cannot be loaded on `host` (another OS, arch, word size, byte order or C library),
 * or undefined when it fits.
 *
 * @example
 * ```ts
 * import { hostPlatform, libraryMismatch } from "./platform.ts";
 * libraryMismatch("./dist/win32-x64/hello.dll", hostPlatform());
 * // "./dist/win32-x64/hello.dll is a PE library for windows/amd64; this process runs on linux/amd64 (linux-x64-gnu)"
 * ```
 */
export function libraryMismatch(file: string, host: Platform): string | undefined {
  const facts = inspectLibrary(fs.readFileSync(file));
  const here = `this process runs on ${host.target} (${host.key})`;
  if (!facts) return `${file} is not a shared library (no ELF, PE or Mach-O header); ${here}`;
  const built = `${facts.goos}/${facts.goarch}`;
  if (facts.bits !== 64 || facts.endianness !== "LE" || built !== host.target) {
    const what = facts.bits !== 64 || facts.endianness !== "LE" ? `, ${facts.bits}-bit ${facts.endianness}` : "";
    return `${file} is ${facts.format === "ELF" ? "an" : "a"} ${facts.format} library for ${built}${what}; ${here}`;
  }
  if (host.libc && facts.libc && facts.libc !== host.libc) {
    return `${file} is linked against ${facts.libc === "gnu" ? "glibc" : "musl"}; ${here}, ` +
      `whose C library is ${host.libc === "gnu" ? "glibc" : "musl"}`;
  }
  return undefined;
}

/**
 * Why the library at `file` cannot be loaded in this process (an unsupported host, or a library
 * for another platform), as one line; undefined when it can.
 *
 * @example
 * ```ts
 * import { unloadableReason } from "./platform.ts";
 * unloadableReason("./dist/win32-x64/hello.dll"); // on Linux: "… is a PE library for windows/amd64; …"
 * ```
 */
export function unloadableReason(file: string, facts?: HostFacts): string | undefined {
  let host: Platform;
  try {
    host = hostPlatform(facts);
  } catch (e) {
    return (e as Error).message;
  }
  return libraryMismatch(file, host);
}
