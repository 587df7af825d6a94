// The string encoders of src/strings.ts on their own: Refs and bytes as Go would read them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgWriter } from "../src/writer.ts";
import { BOUNDARY_STRINGS } from "./fixtures/types/values.ts";
import { finishStrings, measureString, noteString, putNotedStrings, putString } from "../src/strings.ts";

const ADDR = 0x10000;
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Reads the string a Ref at `at` points to, as Go would (pointer 0 with length 0 is ""). */
function stringAt(w: ArgWriter, at: number): string {
  const ptr = w.u32[at >>> 2] + w.u32[(at >>> 2) + 1] * 2 ** 32;
  const len = w.u32[(at >>> 2) + 2] + w.u32[(at >>> 2) + 3] * 2 ** 32;
  if (len === 0) {
    assert.equal(ptr, 0);
    return "";
  }
  return decoder.decode(w.u8.subarray(ptr - ADDR, ptr - ADDR + len));
}

/** Writes elements of two string fields (at 0 and 16 of a 40-byte stride) the way a list writer notes them. */
function noteElements(w: ArgWriter, pairs: [string, string][]): void {
  const off = w.heap;
  w.heap += pairs.length * 40;
  let rope = "";
  pairs.forEach(([a, b], i) => {
    rope = noteString(w, off + i * 40, a, rope);
    rope = noteString(w, off + i * 40 + 16, b, rope);
  });
  putNotedStrings(w, rope, off, pairs.length, 40, [0, 16]);
}

test("a list's noted strings, two fields per element, get their own bytes in element and field order", () => {
  const names = Array.from({ length: 100 }, (_, i) => `name-${i}`);
  const cases: [string, [string, string][]][] = [
    ["all ASCII (one encodeInto)", names.map((n, i) => [n, `v${i}`])],
    [
      "all ASCII with empty ones (one encodeInto; an empty string's pointer is 0)",
      names.map((n, i) => [n, i % 3 ? `v${i}` : ""]),
    ],
    [
      "one non-ASCII and a lone surrogate (one by one)",
      names.map((n, i) => [i === 50 ? "ünï😀" : n, i === 7 ? "a\ud800" : ""]),
    ],
    ["few units (one by one)", [["a", ""], ["", "b"]]],
  ];
  for (const [what, pairs] of cases) {
    const w = new ArgWriter(new ArrayBuffer(16384), ADDR, () => 0);
    w.reset(8);
    noteElements(w, pairs);
    const got = pairs.map((_, i) => [stringAt(w, 8 + i * 40), stringAt(w, 8 + i * 40 + 16)]);
    const want = pairs.map(([a, b]) => [a.replace("\ud800", "\ufffd"), b.replace("\ud800", "\ufffd")]);
    assert.deepStrictEqual(got, want, what);
    assert.equal(w.heap % 8, 0, what);
  }
});

test("noted strings that do not fit the buffer are refused, not written past it", () => {
  const w = new ArgWriter(new ArrayBuffer(1024), ADDR, () => 0);
  w.reset(8);
  const pairs: [string, string][] = Array.from({ length: 20 }, (_, i) => [`long-name-${i}`.repeat(3), "x"]);
  assert.throws(() => noteElements(w, pairs), /changed while it was being sent/);
});

/** The bytes a Ref at `at` points to, as Go would read them. */
function bytesAt(w: ArgWriter, at: number): number[] {
  const ptr = w.u32[at >>> 2] + w.u32[(at >>> 2) + 1] * 2 ** 32;
  const len = w.u32[(at >>> 2) + 2] + w.u32[(at >>> 2) + 3] * 2 ** 32;
  return len === 0 ? [] : [...w.u8.subarray(ptr - ADDR, ptr - ADDR + len)];
}

const encoder = new TextEncoder();
const utf8 = (s: string) => [...encoder.encode(s)];

/** The boundary strings alone, inside ASCII, and long enough for each way the encoders take. */
function boundaryCases(): string[] {
  const out: string[] = [];
  for (const s of BOUNDARY_STRINGS) {
    out.push(s, `x${s}y`, "p".repeat(63) + s, "q".repeat(70) + s + "r", s + "z".repeat(200));
  }
  return out;
}

test("putString writes every encoder boundary as TextEncoder does, where it comes and deferred", () => {
  for (const deferred of [false, true]) {
    for (const s of boundaryCases()) {
      const w = new ArgWriter(new ArrayBuffer(4096), ADDR, () => 0);
      w.reset(16);
      w.deferStrings = deferred; // V8 defers long calls' strings; forced here so Bun runs this path too
      putString(w, 0, s);
      finishStrings(w);
      assert.deepStrictEqual(bytesAt(w, 0), utf8(s), `${deferred ? "deferred" : "in place"}: ${JSON.stringify(s)}`);
    }
  }
});

test("deferred strings around a boundary string keep their own bytes (rope, short and long)", () => {
  for (const s of BOUNDARY_STRINGS) {
    for (const pad of [1, 200]) {
      const strings = ["a".repeat(pad), s, "b".repeat(pad), s + "c"];
      const w = new ArgWriter(new ArrayBuffer(8192), ADDR, () => 0);
      w.reset(16 * strings.length);
      w.deferStrings = true;
      strings.forEach((v, i) => putString(w, i * 16, v));
      finishStrings(w);
      assert.deepStrictEqual(
        strings.map((_, i) => bytesAt(w, i * 16)),
        strings.map(utf8),
        `${JSON.stringify(s)} padded by ${pad}`,
      );
      assert.equal(w.heap % 8, 0);
    }
  }
});

test("a list's noted strings: every encoder boundary, in short and long ropes, gets TextEncoder's bytes", () => {
  for (const s of BOUNDARY_STRINGS) {
    for (const pad of [0, 1, 150]) {
      const pairs: [string, string][] = [["a".repeat(pad), s], [s, ""], [s + "k", "b".repeat(pad)]];
      const w = new ArgWriter(new ArrayBuffer(8192), ADDR, () => 0);
      w.reset(8);
      noteElements(w, pairs);
      const got = pairs.map((_, i) => [bytesAt(w, 8 + i * 40), bytesAt(w, 8 + i * 40 + 16)]);
      assert.deepStrictEqual(got, pairs.map(([a, b]) => [utf8(a), utf8(b)]), `${JSON.stringify(s)} padded by ${pad}`);
    }
  }
});

test("Refs are written whole over a buffer left dirty by an earlier call, on every path", () => {
  const paths: [string, (w: ArgWriter, strings: string[]) => void][] = [
    ["in place", (w, strings) => strings.forEach((s, i) => putString(w, i * 16, s))],
    ["deferred", (w, strings) => {
      w.deferStrings = true;
      strings.forEach((s, i) => putString(w, i * 16, s));
      finishStrings(w);
    }],
    ["noted by a list", (w, strings) => {
      let rope = "";
      strings.forEach((s, i) => (rope = noteString(w, i * 16, s, rope)));
      putNotedStrings(w, rope, 0, strings.length, 16, [0]);
    }],
  ];
  const lists = [["a", "", "bc"], Array.from({ length: 20 }, (_, i) => `ascii-${i}-padding`), [
    "é".repeat(50),
    "x".repeat(100),
  ]];
  for (const [how, write] of paths) {
    for (const strings of lists) {
      const w = new ArgWriter(new ArrayBuffer(8192), ADDR, () => 0);
      w.u8.fill(0xff);
      w.reset(16 * strings.length);
      write(w, strings);
      finishStrings(w);
      assert.deepStrictEqual(strings.map((_, i) => bytesAt(w, i * 16)), strings.map(utf8), `${how}: ${strings[0]}`);
    }
  }
});

test("strings are checked where they are written (sync calls write without measuring first)", () => {
  const w = new ArgWriter(new ArrayBuffer(256), ADDR, () => 0);
  w.reset(16);
  for (const bad of [5, undefined, null, new String("s")]) {
    assert.throws(() => measureString(bad as string), { name: "TypeError", message: /^expected string, got / });
    assert.throws(() => putString(w, 0, bad as string), { name: "TypeError", message: /^expected string, got / });
    assert.throws(() => noteString(w, 0, bad as string, ""), { name: "TypeError", message: /^expected string, got / });
  }
  assert.equal(measureString(""), 0);
  assert.equal(measureString("abc"), 16); // 3 bytes per unit, rounded up to 8
});

test("strings that fill the buffer exactly fit; one byte more is refused", () => {
  // [how, buffer bytes (16 of them the Ref), string that just fits, string one unit longer]. A list's
  // noted strings take 3 bytes per UTF-16 unit (what measuring reserves) unless one encodeInto of a
  // long ASCII rope writes them.
  const write = {
    "in place": (w: ArgWriter, s: string) => putString(w, 0, s),
    "noted": (w: ArgWriter, s: string) => putNotedStrings(w, noteString(w, 0, s, ""), 0, 1, 16, [0]),
  };
  const cases: [keyof typeof write, number, number][] = [["in place", 64, 48], ["noted", 64, 16], ["noted", 144, 128]];
  for (const [how, size, fits] of cases) {
    const w = new ArgWriter(new ArrayBuffer(size), ADDR, () => 0);
    w.reset(16);
    write[how](w, "z".repeat(fits));
    assert.deepStrictEqual(bytesAt(w, 0), utf8("z".repeat(fits)), `${how}, ${fits} units in ${size} bytes`);
    assert.ok(w.heap <= size);
    const over = new ArgWriter(new ArrayBuffer(size), ADDR, () => 0);
    over.reset(16);
    assert.throws(
      () => write[how](over, "z".repeat(fits + 1)),
      /changed while it was being sent/,
      `${how}, ${fits + 1}`,
    );
  }
});
