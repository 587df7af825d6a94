// The result reader of src/reader.ts on its own: Refs, optionals, strings and typed arrays read from
// a frame payload laid out by hand, including bytes no well-behaved echo would send back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isPresent, noResult, readString, readTyped, refAt, refLen, type ResultReader } from "../src/reader.ts";

const BASE = 16; // a frame header before the payload, as in a drain buffer

/** A reader over a payload whose Ref at 0 points to `bytes` (placed at offset 16 of the payload). */
function payload(bytes: number[], extra = 64): ResultReader {
  const buf = new ArrayBuffer(BASE + 16 + bytes.length + extra);
  const r: ResultReader = { u8: new Uint8Array(buf), dv: new DataView(buf), base: BASE };
  r.dv.setUint32(BASE, 16, true); // offset of the chunk, from the payload start
  r.dv.setUint32(BASE + 8, bytes.length, true);
  r.u8.set(bytes, BASE + 16);
  return r;
}

const decode = (bytes: number[]) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(bytes));

test("strings decode as TextDecoder does, on the short path (up to 32 bytes) and past it", () => {
  const cases: number[][] = [
    [],
    [0x61],
    [0x61, 0x80, 0x62], // a lone continuation byte: U+FFFD, not U+0080
    [0xbf],
    [0xff, 0x61],
    [0xef, 0xbb, 0xbf, 0x61], // a leading U+FEFF is kept
    [0xc3, 0xa9],
    [0xf0, 0x9f, 0x98, 0x80],
    Array(32).fill(0x78),
    [...Array(31).fill(0x78), 0x80],
    [...Array(32).fill(0x78), 0x80],
    Array(33).fill(0x79),
  ];
  for (const bytes of cases) {
    const r = payload(bytes);
    assert.equal(readString(r, BASE), decode(bytes), JSON.stringify(bytes));
  }
});

test("Ref pointers are offsets from the payload's start; lengths and pointers are 64-bit", () => {
  const r = payload([1, 2, 3]);
  assert.equal(refAt(r, BASE), BASE + 16);
  assert.equal(refLen(r, BASE), 3);
  r.dv.setUint32(BASE + 4, 1, true); // a pointer past 4 GiB
  r.dv.setUint32(BASE + 12, 2, true);
  assert.equal(refAt(r, BASE), BASE + 16 + 2 ** 32);
  assert.equal(refLen(r, BASE), 3 + 2 * 2 ** 32);
});

test("an optional is present when either half of its pointer is set", () => {
  const r = payload([]);
  r.dv.setBigUint64(BASE + 16, 0n, true);
  assert.equal(isPresent(r, BASE + 16), false);
  r.dv.setUint32(BASE + 16, 8, true);
  assert.equal(isPresent(r, BASE + 16), true);
  r.dv.setUint32(BASE + 16, 0, true);
  r.dv.setUint32(BASE + 20, 1, true);
  assert.equal(isPresent(r, BASE + 16), true);
  assert.equal(noResult(r), undefined);
});

test("typed arrays are copies the caller owns, of the element count times the element size", () => {
  const r = payload([1, 0, 2, 0, 3, 0, 0xff, 0xff]);
  r.dv.setUint32(BASE + 8, 4, true); // 4 elements
  const u16 = readTyped(r, BASE, Uint16Array);
  assert.deepStrictEqual(u16, new Uint16Array([1, 2, 3, 0xffff]));
  assert.notEqual(u16.buffer, r.u8.buffer);
  assert.equal(u16.buffer.byteLength, 8);
  r.u8.fill(0);
  assert.deepStrictEqual(u16, new Uint16Array([1, 2, 3, 0xffff]), "the frame buffer is reused by the next drain");
  r.dv.setUint32(BASE + 8, 0, true);
  assert.deepStrictEqual(readTyped(r, BASE, Float64Array), new Float64Array(0));
});
