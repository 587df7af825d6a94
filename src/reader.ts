/**
 * Reading results: a frame's payload is in Ref layout whose pointers are offsets from `base`.
 *
 * @example
 * ```ts
 * import { readString, type ResultReader } from "./reader.ts";
 * const buf = new ArrayBuffer(32);
 * const r: ResultReader = { u8: new Uint8Array(buf), dv: new DataView(buf), base: 16 };
 * readString(r, 16); // "" (a zero Ref)
 * ```
 * @module
 */

import { InputError } from "./input.ts";
import { GoError, GoPanicError } from "./errors.ts";
import { FRAME_HEADER, STATUS_ERROR } from "./protocol.ts";

const TWO_32 = 4294967296;

/**
 * Where a result payload sits: `u8`/`dv` over the frame buffer and `base`, the payload's start.
 *
 * @example
 * ```ts
 * import type { ResultReader } from "./reader.ts";
 * const buf = new ArrayBuffer(32);
 * const r: ResultReader = { u8: new Uint8Array(buf), dv: new DataView(buf), base: 16 };
 * ```
 */
export interface ResultReader {
  u8: Uint8Array;
  dv: DataView;
  base: number;
}

/** The absolute index of the chunk a result Ref points to. @example `const p = refAt(r, at)` */
export function refAt(r: ResultReader, at: number): number {
  return r.base + r.dv.getUint32(at, true) + r.dv.getUint32(at + 4, true) * TWO_32;
}

/** The length field of a result Ref. @example `const n = refLen(r, at)` */
export function refLen(r: ResultReader, at: number): number {
  return r.dv.getUint32(at + 8, true) + r.dv.getUint32(at + 12, true) * TWO_32;
}

/**
 * The tag of a result union at `at`: 1 + the index of its member in the union, 0 for none.
 * @example `switch (unionTag(r, at)) { case 1: … }`
 */
export function unionTag(r: ResultReader, at: number): number {
  return r.dv.getUint32(at + 8, true);
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
      if (u8[start + i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, u8.subarray(start, start + len) as unknown as number[]);
  }
  return decoder.decode(r.u8.subarray(start, start + len));
}

/**
 * Checks that a result map (a `Map`, or a `Record`'s object) read from `len` entries has `len` keys:
 * distinct Go strings that are not valid UTF-8 can read as one string (each bad byte becomes
 * U+FFFD), which would lose entries.
 * @example `checkKeysKept(out, len)`
 */
export function checkKeysKept(map: Map<unknown, unknown> | Record<string, unknown>, len: number): void {
  const size = map instanceof Map ? map.size : Object.keys(map).length;
  if (size === len) return;
  const lost = `${len - size} of its ${len} keys read as another key`;
  throw new InputError(`a map from Go: ${lost} (Go strings that are not valid UTF-8 read with U+FFFD)`);
}

/** A typed-array class, e.g. `Float64Array`. */
export interface TypedArrayClass<T> {
  new (buffer: ArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * A buffer frames are copied into: bytes, views, and the reader of the frame at its start.
 *
 * @example
 * ```ts
 * import { FrameBuffer } from "./reader.ts";
 * const out = new FrameBuffer(64 * 1024);
 * out.reader.base; // 16: the payload of the frame at 0
 * ```
 */
export class FrameBuffer {
  readonly u8: Uint8Array;
  readonly reader: ResultReader;
  /** @param size its bytes. */
  constructor(size: number) {
    const buffer = new ArrayBuffer(size);
    this.u8 = new Uint8Array(buffer);
    this.reader = { u8: this.u8, dv: new DataView(buffer), base: FRAME_HEADER };
  }
}

/**
 * The error a failed call's payload describes: `GoError` for an error status, else `GoPanicError`.
 * @example `throw readFailure(status, r)`
 */
export function readFailure(status: number, r: ResultReader): Error {
  if (status === STATUS_ERROR) return new GoError(readString(r, r.base));
  return new GoPanicError(readString(r, r.base), readString(r, r.base + 16));
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
