// The string encoders of src/strings.ts on their own: Refs and bytes as Go would read them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ArgWriter } from "../src/writer.ts";
import { noteString, putNotedStrings } from "../src/strings.ts";

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
