/**
 * Byte-level helpers for generated packers and unpackers (Ref layout, docs/ABI.md).
 *
 * Arguments are written into an {@link ArgWriter}: one `ArrayBuffer` per call, the args Ref at
 * offset 0 and variable-length data in 8-aligned chunks after it; pointers are absolute addresses.
 * Results are read through a {@link ResultReader}: pointers there are offsets from `base`.
 *
 * @example
 * ```ts
 * import { ArgWriter, putString } from "./codec.ts";
 * const w = new ArgWriter(new ArrayBuffer(64), 0x1000, () => 0);
 * w.reset(16);
 * putString(w, 0, "hi"); // writes { ptr: 0x1010, len: 2 } at 0 and "hi" at 16
 * ```
 * @module
 */

/** Every chunk starts at a multiple of this (`HEAP_ALIGN` in gen/layout.ts). */
export const HEAP_ALIGN = 8;

/** Rounds up to a multiple of 8. @example `round8(13) // 16` */
export const round8 = (n: number): number => (n + 7) & ~7;

import { checkFixedLength, checkString, checkTyped, InputError, typedBytes, viewBuffer, viewOffset } from "./input.ts";

const TWO_32 = 4294967296;

/** The notes of a writer with none (never written to: a call's first noted string makes its own). */
const NO_NOTES: { readonly rope: string } = Object.freeze({ rope: "" });

/**
 * One argument buffer: its views, its address, the next free heap offset, and the typed arrays whose
 * memory Go reads in place (kept reachable until the call completes).
 *
 * @example
 * ```ts
 * import { ArgWriter } from "./codec.ts";
 * const w = new ArgWriter(new ArrayBuffer(64), 0x1000, () => 0);
 * w.reset(8); w.heap; // 8
 * ```
 */
export class ArgWriter {
  readonly buffer: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly dv: DataView;
  /** Address of `buffer`'s first byte as Go sees it. */
  readonly addr: number;
  /** Next free offset for a chunk. */
  heap = 0;
  /** The same memory as 32-bit words, for writing addresses (Refs are 8-aligned). */
  readonly u32: Uint32Array;
  /**
   * Whether this call's strings are noted and encoded together by {@link finishStrings} (on V8, a
   * call that may carry {@link DEFER_MIN_UNITS} UTF-16 units of strings) rather than each where it comes.
   */
  deferStrings = false;
  /**
   * The strings noted since {@link reset} for {@link finishStrings}, concatenated: V8 builds the
   * concatenation as a rope (each `+=` adds a node, nothing is copied). The holder is made afresh for
   * each call, so that the new nodes are stored into a new object, not into this long-lived writer
   * (which costs V8 a write-barrier entry per string). Each noted Ref holds its string's UTF-16 length
   * until {@link finishStrings}.
   */
  notes: { rope: string } = NO_NOTES;
  /** Where each noted string has its Ref. */
  stringRefs: number[] = [];
  /** How many strings were noted for this call. */
  stringCount = 0;
  /** Copies of large typed arrays an async call passes by address, kept until it completes; null until the first. */
  keep: ArrayBufferView[] | null = null;
  /** The runtime's way to find a typed array's address. */
  readonly addressOf: (view: ArrayBufferView) => number;
  /**
   * Whether typed arrays are copied rather than passed in place: true for async and stream calls,
   * during which JS runs on and could detach, resize or transfer the caller's buffer under Go.
   */
  readonly copyViews: boolean;

  /**
   * @param buffer memory from `new ArrayBuffer` (never a small in-heap typed array, which Bun moves).
   * @param addr the address of `buffer`.
   * @param addressOf returns the address of a view's first element.
   * @param copyViews copy typed arrays (async calls) instead of passing them in place (sync calls).
   */
  constructor(buffer: ArrayBuffer, addr: number, addressOf: (view: ArrayBufferView) => number, copyViews = false) {
    this.copyViews = copyViews;
    this.buffer = buffer;
    this.u8 = new Uint8Array(buffer);
    this.dv = new DataView(buffer);
    this.u32 = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
    this.addr = addr;
    this.addressOf = addressOf;
  }

  /** Starts a new call whose root Ref takes `rootSize` bytes, of `total` bytes as measured. */
  reset(rootSize: number, total = 0): void {
    this.heap = round8(rootSize);
    // Measuring reserves 3 bytes per UTF-16 unit: below this, the strings cannot add up to DEFER_MIN_UNITS.
    this.deferStrings = DEFER_STRINGS && total - this.heap >= 3 * DEFER_MIN_UNITS;
    this.release();
  }

  /** Drops the references to the caller's typed arrays and strings, before the writer is pooled. */
  release(): void {
    this.keep = null;
    if (this.stringCount > 0) forgetStrings(this);
  }

  /** {@link reset}, returning this writer. */
  resetTo(rootSize: number, total = 0): this {
    this.reset(rootSize, total);
    return this;
  }
}

/**
 * Where a result payload sits: `u8`/`dv` over the frame buffer and `base`, the payload's start.
 *
 * @example
 * ```ts
 * import type { ResultReader } from "./codec.ts";
 * const buf = new ArrayBuffer(32);
 * const r: ResultReader = { u8: new Uint8Array(buf), dv: new DataView(buf), base: 16 };
 * ```
 */
export interface ResultReader {
  u8: Uint8Array;
  dv: DataView;
  base: number;
}

/**
 * The error of a value that changed between measuring and writing (a getter or a Proxy): writing
 * never goes past what measuring reserved. @example `throw changedWhileSending()`
 */
export function changedWhileSending(): InputError {
  return new InputError("the value changed while it was being sent (a getter or Proxy?)");
}

/** Reserves a chunk of `n` bytes and returns its offset. @example `const off = alloc(w, 24)` */
export function alloc(w: ArgWriter, n: number): number {
  const off = w.heap;
  w.heap = off + round8(n);
  if (!(w.heap <= w.u8.length)) throw changedWhileSending();
  return off;
}

/** Writes an address (below 2^53) as a u64. @example `putAddr(w.dv, 0, 0x1000)` */
export function putAddr(dv: DataView, at: number, addr: number): void {
  dv.setUint32(at, addr >>> 0, true);
  dv.setUint32(at + 4, Math.floor(addr / TWO_32), true);
}

/** Writes a `{ ptr, len }` Ref to the chunk at `off` of this buffer. @example `putRef(w, 0, off, 3)` */
export function putRef(w: ArgWriter, at: number, off: number, len: number): void {
  const addr = len === 0 ? 0 : w.addr + off;
  const u32 = w.u32;
  const i = at >>> 2;
  u32[i] = addr >>> 0;
  u32[i + 1] = addr / TWO_32;
  u32[i + 2] = len >>> 0;
  u32[i + 3] = len / TWO_32;
}

/** Writes an optional's pointer to the chunk at `off`, or 0 (absent) when `off` is -1. @example `putOptional(w, 0, -1)` */
export function putOptional(w: ArgWriter, at: number, off: number): void {
  putAddr(w.dv, at, off < 0 ? 0 : w.addr + off);
}

/**
 * Checks a string and returns the heap bytes it may need: UTF-8 takes at most 3 bytes per UTF-16 unit.
 * @example `measureString("ab") // 8`
 */
export function measureString(s: string): number {
  checkString(s);
  return round8(s.length * 3);
}

const encoder = new TextEncoder();

/**
 * From this many UTF-16 units of strings in a call on, V8 encodes the call's strings together at the
 * end; below it, writing each where it comes is cheaper.
 */
const DEFER_MIN_UNITS = 128;

/**
 * Whether strings are deferred at all. On V8 one `encodeInto` of their concatenation (a rope) beats
 * writing each where it comes (1,000 16-character names, sync call: 22.5–24.5 k calls/s deferred,
 * 17.8–19.0 k in place); on JavaScriptCore writing each where it comes wins (29.5–34.7 k calls/s in
 * place, 27.1–28.3 k deferred and encoded by a loop, less still with a rope).
 */
const DEFER_STRINGS = !("Bun" in globalThis);

/**
 * Writes a string argument as UTF-8 (lone surrogates become U+FFFD, as `TextEncoder` does) and its
 * Ref, or, when the writer defers strings ({@link ArgWriter.deferStrings}), notes it and where its
 * Ref goes for {@link finishStrings}.
 *
 * @example
 * ```ts
 * import { ArgWriter, finishStrings, putString } from "./codec.ts";
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
 * import { ArgWriter, finishStrings, putString } from "./codec.ts";
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
      for (let k = 0; k < count; k++) addr = placeRef(u32, refs[k], addr);
      return addr - w.addr;
    }
  }
  let off = start;
  let pos = 0;
  for (let k = 0; k < count; k++) {
    const units = u32[(refs[k] >>> 2) + 2];
    const len = encodePiece(w.u8, off, rope, pos, units);
    putRef(w, refs[k], off, len);
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
 * import { ArgWriter, noteString } from "./codec.ts";
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
 * import { ArgWriter, noteString, putNotedStrings } from "./codec.ts";
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
        for (let e = off + fields[0], end = e + count * stride; e < end; e += stride) addr = placeRef(u32, e, addr);
      } else {
        for (let e = off, end = off + count * stride; e < end; e += stride) {
          for (let k = 0; k < fields.length; k++) addr = placeRef(u32, e + fields[k], addr);
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
      const ref = e + fields[k];
      const units = u32[(ref >>> 2) + 2];
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
  const len = u32[i + 2];
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

/** Drops the writer's references to the caller's strings: pooled writers must not keep them alive. */
function forgetStrings(w: ArgWriter): void {
  w.notes = NO_NOTES;
  w.stringCount = 0;
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

/** Typed arrays up to this many bytes are copied into the call's own buffer by async calls. */
export const SMALL_VIEW_BYTES = 4096;

/**
 * Checks a typed-array argument and returns the heap bytes it may need: room for a copy when it is
 * small (an async call copies it into its buffer), else 0.
 *
 * @example
 * ```ts
 * import { measureTyped } from "./codec.ts";
 * measureTyped(new Uint8Array(3), Uint8Array); // 8
 * ```
 */
export function measureTyped(view: ArrayBufferView, ctor: { readonly name: string }): number {
  const bytes = checkTyped(view, ctor);
  return bytes <= SMALL_VIEW_BYTES ? round8(bytes) : 0;
}

/** Bytes per element of each typed-array class a schema can use (not read from the class, which code can replace). */
const ELEMENT_BYTES: Readonly<Record<string, number>> = {
  Uint8Array: 1,
  Int8Array: 1,
  Uint16Array: 2,
  Int16Array: 2,
  Uint32Array: 4,
  Int32Array: 4,
  Float32Array: 4,
  Float64Array: 8,
  BigInt64Array: 8,
  BigUint64Array: 8,
};

/**
 * Writes a typed array's address and length at `at`. Go reads the caller's memory in place for a
 * sync call; an async call gets a copy it owns (see {@link ArgWriter.copyViews}): in its own
 * buffer when small, in a new `ArrayBuffer` otherwise. Sizes come from the view's internal slots
 * (see `checkTyped`), never from properties a caller could redefine.
 *
 * @example
 * ```ts
 * import { ArgWriter, putTyped } from "./codec.ts";
 * const w = new ArgWriter(new ArrayBuffer(64), 0x1000, () => 0x2000);
 * w.reset(16); putTyped(w, 0, new Uint8Array([1, 2, 3]), Uint8Array);
 * ```
 */
export function putTyped(w: ArgWriter, at: number, view: ArrayBufferView, ctor: { readonly name: string }): void {
  const bytes = typedBytes(view, ctor); // the view may have changed since it was measured
  // A sync call reads the view in place (and may not have measured it): the full check, which also
  // refuses a detached buffer (it reads as empty).
  if (!w.copyViews) checkFixedLength(view, ctor, bytes);
  if (bytes === 0) {
    putAddr(w.dv, at, 0);
    putAddr(w.dv, at + 8, 0);
    return;
  }
  if (!w.copyViews) {
    // The caller's own references keep the view alive until the call returns.
    putAddr(w.dv, at, w.addressOf(view));
  } else if (bytes <= SMALL_VIEW_BYTES) {
    const off = alloc(w, bytes); // reserved by measureTyped
    // set() reads a typed array source through its internal slots.
    const source = ctor.name === "Uint8Array"
      ? view as Uint8Array
      : new Uint8Array(viewBuffer(view), viewOffset(view), bytes);
    w.u8.set(source, off);
    putAddr(w.dv, at, w.addr + off);
  } else {
    const offset = viewOffset(view);
    const copy = new Uint8Array(viewBuffer(view).slice(offset, offset + bytes));
    putAddr(w.dv, at, w.addressOf(copy));
    (w.keep ??= []).push(copy);
  }
  putAddr(w.dv, at + 8, bytes / ELEMENT_BYTES[ctor.name]);
}

/** The absolute index of the chunk a result Ref points to. @example `const p = refAt(r, at)` */
export function refAt(r: ResultReader, at: number): number {
  return r.base + r.dv.getUint32(at, true) + r.dv.getUint32(at + 4, true) * TWO_32;
}

/** The length field of a result Ref. @example `const n = refLen(r, at)` */
export function refLen(r: ResultReader, at: number): number {
  return r.dv.getUint32(at + 8, true) + r.dv.getUint32(at + 12, true) * TWO_32;
}

/** Whether a result optional at `at` is present. @example `if (isPresent(r, at)) { … }` */
export function isPresent(r: ResultReader, at: number): boolean {
  return r.dv.getUint32(at, true) !== 0 || r.dv.getUint32(at + 4, true) !== 0;
}

// ignoreBOM: a leading U+FEFF is part of the string, not a byte-order mark to drop.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Reads a result string. @example `const s = readString(r, at)` */
export function readString(r: ResultReader, at: number): string {
  const len = refLen(r, at);
  if (len === 0) return "";
  const start = refAt(r, at);
  if (len <= 32) {
    // Short ASCII: String.fromCharCode beats TextDecoder's call overhead.
    const u8 = r.u8;
    let ascii = true;
    for (let i = 0; i < len; i++) {
      if (u8[start + i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, u8.subarray(start, start + len) as unknown as number[]);
  }
  return decoder.decode(r.u8.subarray(start, start + len));
}

/** A typed-array class, e.g. `Float64Array`. */
export interface TypedArrayClass<T> {
  new (buffer: ArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** Reads a result typed array into new memory owned by JS. @example `readTyped(r, at, Uint8Array)` */
export function readTyped<T>(r: ResultReader, at: number, ctor: TypedArrayClass<T>): T {
  const len = refLen(r, at);
  if (len === 0) return new ctor(new ArrayBuffer(0));
  const start = r.u8.byteOffset + refAt(r, at);
  return new ctor(r.u8.buffer.slice(start, start + len * ctor.BYTES_PER_ELEMENT) as ArrayBuffer);
}

/** The decoder of a method without a result. @example `noResult(r) // undefined` */
export function noResult(_r: ResultReader): void {}
