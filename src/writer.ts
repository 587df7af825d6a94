/**
 * The argument writer: one `ArrayBuffer` per call, the args Ref at offset 0 and variable-length data
 * in 8-aligned chunks after it; pointers are absolute addresses (Ref layout, docs/ABI.md). Strings
 * are written by `strings.ts`, results read by `reader.ts`.
 *
 * @example
 * ```ts
 * import { alloc, ArgWriter, putRef } from "./writer.ts";
 * const w = new ArgWriter(new ArrayBuffer(64), 0x1000, () => 0);
 * w.reset(16);
 * putRef(w, 0, alloc(w, 3), 3); // { ptr: 0x1010, len: 3 } at 0
 * ```
 * @module
 */

import { checkFixedLength, checkTyped, InputError, typedBytes, viewBuffer, viewOffset } from "./input.ts";

/** Every chunk starts at a multiple of this (`HEAP_ALIGN` in gen/layout.ts). */
export const HEAP_ALIGN = 8;

/** Rounds up to a multiple of 8. @example `round8(13) // 16` */
export const round8 = (n: number): number => (n + 7) & ~7;

/** 2^32, to split and join the two halves of a u64. @example `putAddr(dv, 0, 5 * TWO_32)` */
export const TWO_32 = 4294967296;

/** The notes of a writer with none (never written to: a call's first noted string makes its own). */
const NO_NOTES: { readonly rope: string } = Object.freeze({ rope: "" });

/**
 * From this many UTF-16 units of strings in a call on, V8 encodes the call's strings together at the
 * end; below it, writing each where it comes is cheaper. @example `DEFER_MIN_UNITS // 128`
 */
export const DEFER_MIN_UNITS = 128;

/**
 * Whether strings are deferred at all. On V8 one `encodeInto` of their concatenation (a rope) beats
 * writing each where it comes (1,000 16-character names, sync call: 22.5–24.5 k calls/s deferred,
 * 17.8–19.0 k in place); on JavaScriptCore writing each where it comes wins (29.5–34.7 k calls/s in
 * place, 27.1–28.3 k deferred and encoded by a loop, less still with a rope).
 */
const DEFER_STRINGS = !("Bun" in globalThis);

/**
 * One argument buffer: its views, its address, the next free heap offset, and the typed arrays whose
 * memory Go reads in place (kept reachable until the call completes).
 *
 * @example
 * ```ts
 * import { ArgWriter } from "./writer.ts";
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
  /** The size of the root Ref, from {@link reset}. */
  root = 0;
  /** The parameter being written, so that an error names it (see `ArgTracker` in packing.ts). */
  param = "";
  /** The first parameter of the call (where measuring and writing again start from). */
  first = "";
  /** The nesting count to go back to once a sync call's arguments are written (see `startNesting`). */
  nesting = 0;
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
  /** Buffers holding copies of an async call's large typed arrays, kept until it completes; null until the first. */
  keep: ArgWriter[] | null = null;
  /**
   * Where those buffers come from: the pool of this writer, so that they are memory of the same kind
   * (for async calls, memory Go owns: see `ArenaPool`) and go back with it. Null: a new `ArrayBuffer`.
   */
  copies: ((bytes: number) => ArgWriter) | null = null;
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
    this.root = rootSize;
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
 * Drops the writer's references to the caller's strings: pooled writers must not keep them alive.
 * @example `forgetStrings(w)`
 */
export function forgetStrings(w: ArgWriter): void {
  w.notes = NO_NOTES;
  w.stringCount = 0;
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

/**
 * Writes a union's Ref: the address of its member's chunk at `off`, and its tag (1 + the member's
 * index in the union). @example `putUnion(w, 0, off, 1)`
 */
export function putUnion(w: ArgWriter, at: number, off: number, tag: number): void {
  putAddr(w.dv, at, w.addr + off);
  w.dv.setUint32(at + 8, tag, true);
  w.dv.setUint32(at + 12, 0, true);
}

/** Writes an optional's pointer to the chunk at `off`, or 0 (absent) when `off` is -1. @example `putOptional(w, 0, -1)` */
export function putOptional(w: ArgWriter, at: number, off: number): void {
  putAddr(w.dv, at, off < 0 ? 0 : w.addr + off);
}

/** Typed arrays up to this many bytes are copied into the call's own buffer by async calls. */
export const SMALL_VIEW_BYTES = 4096;

/**
 * Checks a typed-array argument and returns the heap bytes it may need: room for a copy when it is
 * small (an async call copies it into its buffer), else 0.
 *
 * @example
 * ```ts
 * import { measureTyped } from "./writer.ts";
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

/** A writer over a new `ArrayBuffer` of `bytes` bytes, for a copy when `w` has no pool. */
function ownBuffer(w: ArgWriter, bytes: number): ArgWriter {
  const buffer = new ArrayBuffer(bytes);
  return new ArgWriter(buffer, w.addressOf(new Uint8Array(buffer)), w.addressOf);
}

/**
 * Writes a typed array's address and length at `at`. Go reads the caller's memory in place for a
 * sync call; an async call gets a copy it owns (see {@link ArgWriter.copyViews}): in its own
 * buffer when small, in a buffer of its own from {@link ArgWriter.copies} otherwise. Sizes come from the view's internal slots
 * (see `checkTyped`), never from properties a caller could redefine.
 *
 * @example
 * ```ts
 * import { ArgWriter, putTyped } from "./writer.ts";
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
    const copy = w.copies?.(bytes) ?? ownBuffer(w, bytes);
    copy.u8.set(new Uint8Array(viewBuffer(view), viewOffset(view), bytes));
    putAddr(w.dv, at, copy.addr);
    (w.keep ??= []).push(copy);
  }
  putAddr(w.dv, at + 8, bytes / ELEMENT_BYTES[ctor.name]!);
}
