/**
 * Strings in arguments: UTF-8 into the call's buffer, each where it comes or — on V8, for calls with
 * many strings — noted into a rope and encoded together at the end ({@link finishStrings}).
 *
 * @example
 * ```ts
 * import { ArgWriter } from "./writer.ts";
 * import { finishStrings, putString } from "./strings.ts";
 * const w = new ArgWriter(new ArrayBuffer(64), 0x1000, () => 0);
 * w.reset(16);
 * putString(w, 0, "hi"); // writes { ptr: 0x1010, len: 2 } at 0 and "hi" at 16
 * finishStrings(w);
 * ```
 * @module
 */

import { checkString, InputError } from "./input.ts";
import {
  type ArgWriter,
  changedWhileSending,
  DEFER_MIN_UNITS,
  forgetStrings,
  putRef,
  round8,
  TWO_32,
} from "./writer.ts";

/**
 * Checks a string and returns the heap bytes it may need: UTF-8 takes at most 3 bytes per UTF-16 unit.
 * @example `measureString("ab") // 8`
 */
export function measureString(s: string): number {
  checkString(s);
  return round8(s.length * 3);
}

const encoder = new TextEncoder();

/** A `Map`, or the keys of a `Record` (from `recordKeys`). */
export type MapKeys = Map<unknown, unknown> | readonly string[];

/**
 * Checks a string key of `map` (a Map, or a Record's keys) and returns the heap bytes it may need (as {@link measureString}). A
 * key with lone surrogates is sent with U+FFFD in their place (as `TextEncoder` writes it): it must
 * not then equal another key of the map, or Go would get one entry for two.
 *
 * @example
 * ```ts
 * import { measureMapKey } from "./strings.ts";
 * measureMapKey("\uD800", new Map([["\uD800", 1], ["\uFFFD", 2]])); // throws: both are sent as "\uFFFD"
 * ```
 */
export function measureMapKey(k: string, map: MapKeys): number {
  const bytes = measureString(k);
  if (!wellFormed(k).isWellFormed()) checkKeyStaysDistinct(k, map);
  return bytes;
}

/**
 * Writes a string key of `map` (as {@link putString}), with the check of {@link measureMapKey}.
 * @example `putMapKey(w, 0, "k", map)`
 */
export function putMapKey(w: ArgWriter, at: number, k: string, map: MapKeys): void {
  putString(w, at, k);
  if (!wellFormed(k).isWellFormed()) checkKeyStaysDistinct(k, map);
}

// The map's own keys, whatever a subclass does to iteration.
const mapKeys = Map.prototype.keys;

/** ES2024's well-formed string methods (Deno and Bun have them; the package's TS lib is older). */
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}
const wellFormed = (s: string): WellFormed => s as unknown as WellFormed;

function checkKeyStaysDistinct(k: string, map: MapKeys): void {
  const sent = wellFormed(k).toWellFormed();
  for (const other of Array.isArray(map) ? map : mapKeys.call(map as Map<unknown, unknown>)) {
    if (other === k || typeof other !== "string" || wellFormed(other).toWellFormed() !== sent) continue;
    const both = `this key and the key ${JSON.stringify(other)} are both sent as ${JSON.stringify(sent)}`;
    throw new InputError(`${both} (lone surrogates become U+FFFD): Go would get one entry for two`);
  }
}

/**
 * Writes a string argument as UTF-8 (lone surrogates become U+FFFD, as `TextEncoder` does) and its
 * Ref, or, when the writer defers strings ({@link ArgWriter.deferStrings}), notes it and where its
 * Ref goes for {@link finishStrings}.
 *
 * @example
 * ```ts
 * import { ArgWriter } from "./writer.ts";
 * import { finishStrings, putString } from "./strings.ts";
 * const w = new ArgWriter(new ArrayBuffer(64), 0x1000, () => 0);
 * w.reset(16); putString(w, 0, "héllo"); finishStrings(w);
 * ```
 */
export function putString(w: ArgWriter, at: number, s: string): void {
  checkString(s);
  if (s.length === 0) {
    putRef(w, at, 0, 0);
    return;
  }
  if (!w.deferStrings) {
    const off = w.heap;
    const len = encodeString(w.u8, off, s);
    w.heap = round8(off + len);
    putRef(w, at, off, len);
    return;
  }
  const k = w.stringCount++;
  if (k === 0) w.notes = { rope: s };
  else w.notes.rope += s;
  w.stringRefs[k] = at;
  holdUnits(w.u32, at, s.length);
}

/** Writes a noted string's UTF-16 length into its Ref's length (u64), where it stays until encoded. */
function holdUnits(u32: Uint32Array, at: number, units: number): void {
  const i = (at >>> 2) + 2;
  u32[i] = units;
  u32[i + 1] = 0;
}

/**
 * Encodes the strings {@link putString} noted (if any) into one chunk after everything else and
 * writes their Refs. It runs once per call, after the arguments are written and before Go reads them. It throws
 * an {@link InputError} when the strings no longer fit what measuring reserved (a getter changed them).
 *
 * @example
 * ```ts
 * import { ArgWriter } from "./writer.ts";
 * import { finishStrings, putString } from "./strings.ts";
 * const w = new ArgWriter(new ArrayBuffer(64), 0x1000, () => 0);
 * w.reset(16); putString(w, 0, "hi"); finishStrings(w); // { ptr: 0x1010, len: 2 } at 0, "hi" at 16
 * ```
 */
export function finishStrings(w: ArgWriter): void {
  if (w.stringCount === 0) return;
  try {
    w.heap = round8(encodeRope(w));
  } finally {
    forgetStrings(w);
  }
}

/**
 * Encodes the noted strings from their concatenation and writes their Refs; returns the end of the
 * chunk. When the concatenation is long and all ASCII (one byte per unit), that is one `encodeInto`,
 * which flattens the rope and encodes it in one pass; otherwise string by string.
 */
function encodeRope(w: ArgWriter): number {
  const rope = w.notes.rope;
  const count = w.stringCount;
  const refs = w.stringRefs;
  const u32 = w.u32;
  const start = w.heap;
  if (rope.length >= DEFER_MIN_UNITS) {
    const done = encoder.encodeInto(rope, w.u8.subarray(start));
    if (done.read !== rope.length) throw changedWhileSending(); // it did not fit
    if (done.written === rope.length) {
      let addr = w.addr + start;
      for (let k = 0; k < count; k++) addr = placeRef(u32, refs[k]!, addr);
      return addr - w.addr;
    }
  }
  let off = start;
  let pos = 0;
  for (let k = 0; k < count; k++) {
    const units = u32[(refs[k]! >>> 2) + 2]!;
    const len = encodePiece(w.u8, off, rope, pos, units);
    putRef(w, refs[k]!, off, len);
    off += len;
    pos += units;
  }
  return off;
}

/**
 * The noting half of a list writer that defers its strings ({@link ArgWriter.deferStrings}): checks
 * `s`, writes its UTF-16 length into the Ref at `at` and returns `rope` with `s` appended. The list
 * writer keeps the rope in a local (V8 keeps it in a register) and gives it to {@link putNotedStrings}.
 *
 * @example
 * ```ts
 * import { ArgWriter } from "./writer.ts";
 * import { noteString } from "./strings.ts";
 * const w = new ArgWriter(new ArrayBuffer(64), 0x1000, () => 0);
 * noteString(w, 0, "hi", "ab"); // "abhi"; the Ref at 0 has length 2 so far
 * ```
 */
export function noteString(w: ArgWriter, at: number, s: string, rope: string): string {
  checkString(s);
  holdUnits(w.u32, at, s.length);
  return rope + s;
}

/**
 * Encodes the strings a list writer noted with {@link noteString} (in the order of its elements, and
 * within each element of `fields`, the offsets of its string Refs) into one chunk and writes their
 * Refs: `count` elements of `stride` bytes from `off`. When the rope is long and all ASCII, that is
 * one `encodeInto` and addresses by index; otherwise string by string, each given the 3 bytes per
 * UTF-16 unit that measuring reserves. Throws an {@link InputError} when they do not fit.
 *
 * @example
 * ```ts
 * import { ArgWriter } from "./writer.ts";
 * import { noteString, putNotedStrings } from "./strings.ts";
 * const w = new ArgWriter(new ArrayBuffer(128), 0x1000, () => 0);
 * w.reset(32);
 * const rope = noteString(w, 16, "b", noteString(w, 0, "a", "")); // a string[] of 2 at 0
 * putNotedStrings(w, rope, 0, 2, 16, [0]); // { 0x1020, 1 } at 0, { 0x1021, 1 } at 16
 * ```
 */
export function putNotedStrings(
  w: ArgWriter,
  rope: string,
  off: number,
  count: number,
  stride: number,
  fields: readonly number[],
): void {
  const u8 = w.u8;
  const u32 = w.u32;
  const start = w.heap;
  if (rope.length >= DEFER_MIN_UNITS) {
    const done = encoder.encodeInto(rope, u8.subarray(start));
    if (done.read !== rope.length) throw changedWhileSending(); // it did not fit
    if (done.written === rope.length) {
      // One loop for one string field per element: the nested loop costs V8 ~4 µs more for 1,000.
      let addr = w.addr + start;
      if (fields.length === 1) {
        for (let e = off + fields[0]!, end = e + count * stride; e < end; e += stride) addr = placeRef(u32, e, addr);
      } else {
        for (let e = off, end = off + count * stride; e < end; e += stride) {
          for (let k = 0; k < fields.length; k++) addr = placeRef(u32, e + fields[k]!, addr);
        }
      }
      setHeap(w, start + rope.length);
      return;
    }
  }
  let at = start;
  let pos = 0;
  for (let e = off, end = off + count * stride; e < end; e += stride) {
    for (let k = 0; k < fields.length; k++) {
      const ref = e + fields[k]!;
      const units = u32[(ref >>> 2) + 2]!;
      if (at + units * 3 > u8.length) throw changedWhileSending();
      const len = encodePiece(u8, at, rope, pos, units);
      putRef(w, ref, at, len);
      at += len;
      pos += units;
    }
  }
  setHeap(w, at);
}

/**
 * Points the noted Ref at `ref` (8-aligned; its length holds the string's UTF-16 length, here its
 * byte length: all ASCII) to `addr`, or to 0 when empty; returns the address after its bytes.
 */
function placeRef(u32: Uint32Array, ref: number, addr: number): number {
  const i = ref >>> 2;
  const len = u32[i + 2]!;
  const p = len === 0 ? 0 : addr;
  u32[i] = p >>> 0;
  u32[i + 1] = p / TWO_32;
  return addr + len;
}

/** Moves the heap to `end` (rounded up to 8), within the buffer. */
function setHeap(w: ArgWriter, end: number): void {
  w.heap = round8(end);
  if (!(w.heap <= w.u8.length)) throw changedWhileSending();
}

/** Writes `units` UTF-16 units of `rope` from `pos` as UTF-8 at `off`; returns the bytes written. */
function encodePiece(u8: Uint8Array, off: number, rope: string, pos: number, units: number): number {
  let j = 0;
  if (off + units <= u8.length) {
    for (; j < units; j++) {
      const c = rope.charCodeAt(pos + j);
      if (c >= 0x80) break;
      u8[off + j] = c;
    }
  }
  return j === units ? units : encodeString(u8, off, rope.slice(pos, pos + units));
}

/** Writes `s` as UTF-8 at `off` and returns its byte length; throws when it does not fit. */
function encodeString(u8: Uint8Array, off: number, s: string): number {
  const n = s.length;
  if (n <= 64) {
    // Short strings: a plain loop beats encodeInto's per-call cost.
    let i = 0;
    if (off + n <= u8.length) {
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        u8[off + i] = c;
      }
    }
    if (i === n) return n;
  }
  const done = encoder.encodeInto(s, u8.subarray(off));
  if (done.read !== n) throw changedWhileSending();
  return done.written;
}
