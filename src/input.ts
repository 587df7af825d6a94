/**
 * Input validation for generated packers: every value is checked before any byte crosses the FFI.
 *
 * A check throws an {@link InputError} with what was expected; each enclosing struct, list, map and
 * parameter adds its segment on the way out, so the message reads `req.user.age: expected u8
 * (0..255), got 300`.
 *
 * @example
 * ```ts
 * import { atField, atParam, checkU8 } from "./input.ts";
 * try {
 *   try { checkU8(300) } catch (e) { throw atField(e, "age") }
 * } catch (e) {
 *   (atParam(e, "user") as TypeError).message; // "user.age: expected u8 (0..255), got 300"
 * }
 * ```
 * @module
 */

import { nearest } from "./nearest.ts";

/**
 * A value that does not fit its schema type. It is a `TypeError`; its message gains the path to the
 * value as it propagates through {@link atField}, {@link atIndex}, {@link atKey} and {@link atParam}.
 *
 * @example
 * ```ts
 * import { InputError } from "./input.ts";
 * new InputError("expected string, got 5") instanceof TypeError; // true
 * ```
 */
export class InputError extends TypeError {
  /** What was expected and what was found. */
  readonly detail: string;
  /** The path from the parameter to the value, outermost first, e.g. `[".user", ".age"]`. */
  readonly segments: string[] = [];

  /** @param detail what was expected and what was found. */
  constructor(detail: string) {
    super(detail);
    this.name = "TypeError";
    this.detail = detail;
  }
}

/**
 * Renders a value for a message: numbers as written, strings quoted and cut, objects by kind.
 *
 * @example
 * ```ts
 * import { describe } from "./input.ts";
 * describe(-0); // "-0"
 * describe(5n); // "5n"
 * ```
 */
export function describe(v: unknown): string {
  switch (typeof v) {
    case "number":
      return Object.is(v, -0) ? "-0" : String(v);
    case "bigint":
      return `${v}n`;
    case "string":
      return v.length > 40 ? `${JSON.stringify(v.slice(0, 40))}…` : JSON.stringify(v);
    case "undefined":
    case "boolean":
    case "symbol":
      return String(v);
    case "function":
      return "a function";
    default:
      if (v === null) return "null";
      if (Array.isArray(v)) return "an array";
      // A view's class from its internal slot: a swapped prototype does not change it.
      if (ArrayBuffer.isView(v)) return withArticle(classGetter.call(v) ?? "DataView");
      return describeObject(v as object);
  }
}

/** Built-ins ts2go checks by their internal slots, which a Proxy or a borrowed prototype does not give. */
const SLOTTED = new Set(["Map", ...[8, 16, 32].flatMap((n) => [`Int${n}Array`, `Uint${n}Array`])]);
for (const name of ["Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"]) SLOTTED.add(name);

function describeObject(v: object): string {
  let name = "object";
  try {
    name = v.constructor?.name || "object";
  } catch {
    // A throwing getter or trap: the object speaks for itself no further.
  }
  if (SLOTTED.has(name) && !isMap(v)) {
    return `an object posing as ${withArticle(name)} (a Proxy, or a borrowed prototype)`;
  }
  return withArticle(name);
}

/** Whether `v` has a Map's internal slots (a Map or a Map subclass's instance; no Proxy of one). */
function isMap(v: unknown): boolean {
  try {
    mapSizeGetter.call(v);
    return true;
  } catch {
    return false;
  }
}

function withArticle(noun: string): string {
  return `${/^(?:[aeio]|u(?!int|ni|s))/i.test(noun) ? "an" : "a"} ${noun}`;
}

function fail(expected: string, got: unknown): never {
  throw new InputError(`expected ${expected}, got ${describe(got)}`);
}

function checkInt(v: unknown, min: number, max: number, label: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    fail(`${label} (${min}..${max})`, v);
  }
  return v;
}

function checkBigInt(v: unknown, min: bigint, max: bigint, label: string): bigint {
  if (typeof v !== "bigint") {
    fail(`${label} as a bigint (e.g. ${typeof v === "number" && Number.isInteger(v) ? v : 0}n)`, v);
  }
  if (v < min || v > max) fail(`${label} (${min}..${max})`, v);
  return v;
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Checks a `u8`. @example `checkU8(255)` */
export const checkU8 = (v: unknown): number => checkInt(v, 0, 0xff, "u8");
/** Checks a `u16`. @example `checkU16(65535)` */
export const checkU16 = (v: unknown): number => checkInt(v, 0, 0xffff, "u16");
/** Checks a `u32`. @example `checkU32(4294967295)` */
export const checkU32 = (v: unknown): number => checkInt(v, 0, 0xffffffff, "u32");
/** Checks an `i8`. @example `checkI8(-128)` */
export const checkI8 = (v: unknown): number => checkInt(v, -0x80, 0x7f, "i8");
/** Checks an `i16`. @example `checkI16(-32768)` */
export const checkI16 = (v: unknown): number => checkInt(v, -0x8000, 0x7fff, "i16");
/** Checks an `i32`. @example `checkI32(-2147483648)` */
export const checkI32 = (v: unknown): number => checkInt(v, -0x80000000, 0x7fffffff, "i32");
/** Checks a `u64`. @example `checkU64(2n ** 64n - 1n)` */
export const checkU64 = (v: unknown): bigint => checkBigInt(v, 0n, U64_MAX, "u64");
/** Checks a `usize` (64-bit). @example `checkUsize(0n)` */
export const checkUsize = (v: unknown): bigint => checkBigInt(v, 0n, U64_MAX, "usize");
/** Checks an `i64`. @example `checkI64(-(2n ** 63n))` */
export const checkI64 = (v: unknown): bigint => checkBigInt(v, I64_MIN, I64_MAX, "i64");
/** Checks an `isize` (64-bit). @example `checkIsize(-1n)` */
export const checkIsize = (v: unknown): bigint => checkBigInt(v, I64_MIN, I64_MAX, "isize");

/** Checks an `f32` (any number; it is rounded to single precision). @example `checkF32(0.5)` */
export function checkF32(v: unknown): number {
  if (typeof v !== "number") fail("f32 (a number)", v);
  return v;
}

/** Checks an `f64` / `number`. @example `checkF64(NaN)` */
export function checkF64(v: unknown): number {
  if (typeof v !== "number") fail("number", v);
  return v;
}

/** Checks a `boolean`. @example `checkBool(true)` */
export function checkBool(v: unknown): boolean {
  if (typeof v !== "boolean") fail("boolean", v);
  return v;
}

/** Checks a `string`. @example `checkString("")` */
export function checkString(v: unknown): asserts v is string {
  if (typeof v !== "string") fail("string", v);
}

/** Checks that a value is a plain object standing for the struct `name`. @example `checkObject({}, "User")` */
export function checkObject(v: unknown, name: string): asserts v is Record<string, unknown> {
  // Plain objects (literals, JSON.parse) pass on their constructor alone; others get the full check.
  if (typeof v !== "object" || v === null || (v.constructor !== Object && notStruct(v))) {
    fail(`an object (${name})`, v);
  }
}

function notStruct(v: object): boolean {
  return Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof Map;
}

/**
 * Checks a field of one value (`kind: "circle"`): nothing of it travels, but the value must be it.
 * @example `checkConst(v.kind, "circle", '"circle"')`
 */
export function checkConst(v: unknown, value: string | number | boolean, ts: string): void {
  if (v !== value) fail(ts, v);
}

/**
 * The error of a value outside an enum or a union of literals; `expected` names the type and its values.
 * @example `throw notOneOf("paused", 'Status ("active" | "disabled")')`
 */
export function notOneOf(v: unknown, expected: string): InputError {
  return new InputError(`expected ${expected}, got ${describe(v)}`);
}

/**
 * Checks a value Go sent with the check of its type: Go can hold any string or integer in an enum
 * type, and such a value is a TypeError that says it came from Go.
 *
 * @example
 * ```ts
 * import { fromGo } from "./input.ts";
 * fromGo((v) => v as string, "a"); // "a"
 * ```
 */
export function fromGo<T>(check: (v: unknown) => T, v: unknown): T {
  try {
    return check(v);
  } catch (e) {
    throw e instanceof InputError ? new InputError(`${e.detail} from Go`) : e;
  }
}

/**
 * The error of a union Go sent without a member: a nil interface, or a pointer to a member (Go sends
 * member values). @example `throw noMemberFromGo("Shape", "Circle{…}")`
 */
export function noMemberFromGo(union: string, example: string): InputError {
  const pointer = `or a pointer: Go must send member values such as ${example}`;
  return new InputError(`expected ${withArticle(union)}, got nil from Go (${pointer})`);
}

/**
 * Checks a `Record<string, V>` (an object that is not an array, Map or typed array) and returns its
 * own enumerable string keys. @example `recordKeys({ a: 1 }, "Record<string, u32>") // ["a"]`
 */
export function recordKeys(v: unknown, type: string): string[] {
  if (typeof v !== "object" || v === null || (v.constructor !== Object && notStruct(v))) {
    fail(`an object (${type})`, v);
  }
  return Object.keys(v);
}

/**
 * Strict mode: checks that a struct's own enumerable keys are all fields of it. An unknown key is an
 * error at that key, listing the fields and the one it may be a misspelling of (equal but for case and
 * `_`).
 *
 * @example
 * ```ts
 * import { checkKeys } from "./input.ts";
 * checkKeys({ id: 1 }, new Set(["id", "name"]), "User"); // passes
 * ```
 */
export function checkKeys(v: object, fields: ReadonlySet<string>, struct: string): void {
  for (const key of Object.keys(v)) {
    if (fields.has(key)) continue;
    const like = nearest(key, fields);
    const hint = like === undefined ? "" : `; did you mean ${like}?`;
    throw atField(new InputError(`unknown field (${struct} has ${[...fields].join(", ")})${hint}`), key);
  }
}

/**
 * Whether clients are strict unless `load…()` says otherwise: `TS2GO_STRICT=1` in the environment
 * (false when the environment cannot be read, as on Deno without --allow-env).
 * @example `strictByDefault() // false`
 */
export function strictByDefault(): boolean {
  try {
    return (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.TS2GO_STRICT === "1";
  } catch {
    return false;
  }
}

/** Checks an array and returns its length. @example `checkArray([1, 2], "u32[]")` // 2 */
export function checkArray(v: unknown, type: string): number {
  if (!Array.isArray(v)) fail(`an array (${type})`, v);
  return v.length;
}

/**
 * Checks a `Map` by its internal slots (a Map subclass passes; a Proxy of a Map, whose methods throw,
 * does not). @example `checkMap(new Map(), "Map<string, u32>")`
 */
export function checkMap(v: unknown, type: string): asserts v is Map<unknown, unknown> {
  if (!isMap(v)) fail(`a Map (${type})`, v);
}

// A typed array's class, size and buffer are read with the built-in getters, captured here: own
// properties (`Object.defineProperty(view, "length", …)`) and swapped prototypes cannot fake them, so
// Go never gets told a view is longer than its memory.
const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const getter = (proto: object, key: string | symbol) => Object.getOwnPropertyDescriptor(proto, key)!.get!;
const classGetter = getter(typedArrayPrototype, Symbol.toStringTag);
const byteLengthGetter = getter(typedArrayPrototype, "byteLength");
const byteOffsetGetter = getter(typedArrayPrototype, "byteOffset");
const bufferGetter = getter(typedArrayPrototype, "buffer");
const resizableGetter = getter(ArrayBuffer.prototype, "resizable");
const detachedGetter = getter(ArrayBuffer.prototype, "detached");
const mapSizeGetter = getter(Map.prototype, "size");

/** The memory of a typed array, from its internal slots. @example `viewBuffer(new Uint8Array(2))` */
export function viewBuffer(v: ArrayBufferView): ArrayBufferLike {
  return bufferGetter.call(v);
}

/** The byte offset of a typed array in its buffer, from its internal slot. @example `viewOffset(v)` */
export function viewOffset(v: ArrayBufferView): number {
  return byteOffsetGetter.call(v);
}

/**
 * Checks a typed array of exactly class `ctor` whose memory Go can read in place, and returns its
 * length in bytes (from its internal slots, whatever its own properties say). Measuring runs this
 * full check; writing runs {@link typedBytes} and, for memory Go reads in place, {@link checkFixedLength}.
 *
 * @example
 * ```ts
 * import { checkTyped } from "./input.ts";
 * checkTyped(new Uint16Array(4), Uint16Array); // 8
 * ```
 */
export function checkTyped(v: unknown, ctor: { readonly name: string }): number {
  const bytes = typedBytes(v, ctor);
  checkFixedLength(v as ArrayBufferView, ctor, bytes);
  return bytes;
}

/**
 * Checks that `v` is a typed array of exactly class `ctor` and returns its length in bytes, both from
 * its internal slots. @example `typedBytes(new Uint8Array(3), Uint8Array) // 3`
 */
export function typedBytes(v: unknown, ctor: { readonly name: string }): number {
  if (!ArrayBuffer.isView(v) || classGetter.call(v) !== ctor.name) fail(ctor.name, v);
  return byteLengthGetter.call(v);
}

/**
 * Checks that a typed array's buffer is neither detached (when it reads as empty) nor resizable, so
 * that its memory stays as it is while Go reads it. @example `checkFixedLength(view, Uint8Array, 4)`
 */
export function checkFixedLength(v: ArrayBufferView, ctor: { readonly name: string }, bytes: number): void {
  const buffer = bufferGetter.call(v);
  let detached = false;
  let resizable = false;
  try {
    detached = bytes === 0 && detachedGetter.call(buffer);
    resizable = resizableGetter.call(buffer);
  } catch {
    // A SharedArrayBuffer: it can neither be detached nor shrink.
  }
  if (detached) fail(`${ctor.name} over a live buffer`, "a detached ArrayBuffer");
  if (resizable) fail(`${ctor.name} over a fixed-length buffer`, "a resizable ArrayBuffer");
}

/**
 * A struct field whose name every object inherits from `Object.prototype` (`toString`,
 * `constructor`…), read as the object's own property: an omitted field is absent (undefined), not
 * the inherited member. @example `ownField({}, "toString") // undefined`
 */
export function ownField<T extends object, K extends keyof T & string>(v: T, name: K): T[K] {
  return (Object.hasOwn(v, name) ? v[name] : undefined) as T[K];
}

function addSegment(e: unknown, segment: string): unknown {
  if (e instanceof InputError) e.segments.unshift(segment);
  return e;
}

/** Adds `.name` to the path of an {@link InputError}; other errors pass through. @example `throw atField(e, "age")` */
export const atField = (e: unknown, name: string): unknown => addSegment(e, `.${name}`);
/** Adds `[i]` to the path of an {@link InputError}. @example `throw atIndex(e, 3)` */
export const atIndex = (e: unknown, i: number): unknown => addSegment(e, `[${i}]`);
/** Adds `[key]` to the path of an {@link InputError} from a map. @example `throw atKey(e, "k")` */
export const atKey = (e: unknown, key: unknown): unknown =>
  addSegment(e, `[${typeof key === "string" ? JSON.stringify(key) : describe(key)}]`);
/** Adds `.key` (the key itself, not its value) for a bad map key. @example `throw atMapKey(e)` */
export const atMapKey = (e: unknown): unknown => addSegment(e, `.<key>`);

/** A path longer than this many segments (a deep value) is shown by its two ends. */
const PATH_ENDS = 12;

function pathOf(e: InputError): string {
  const s = e.segments;
  if (s.length <= 2 * PATH_ENDS) return s.join("");
  return `${s.slice(0, PATH_ENDS).join("")}…${s.slice(-PATH_ENDS).join("")}`;
}

/**
 * Finishes an {@link InputError} at a parameter: its message becomes `param.path: detail`.
 *
 * @example
 * ```ts
 * import { atParam, InputError } from "./input.ts";
 * (atParam(new InputError("expected string, got 5"), "name") as Error).message; // "name: expected string, got 5"
 * ```
 */
export function atParam(e: unknown, name: string): unknown {
  if (e instanceof InputError) e.message = `${name}${pathOf(e)}: ${e.detail}`;
  else if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new TypeError(`${name}: value is too deeply nested or cyclic (${e.message})`);
  }
  return e;
}

/**
 * Finishes an error from decoding what Go sent (`what`: a method's result, a stream's item): an
 * {@link InputError} (a value Go should not have sent) gets its path, `result.items[2]: …`; a stack
 * overflow becomes a `TypeError`; other errors pass through.
 *
 * @example
 * ```ts
 * import { atResult } from "./input.ts";
 * (atResult(new RangeError("Maximum call stack size exceeded")) as Error).name; // "TypeError"
 * ```
 */
export function atResult(e: unknown, what = "result"): unknown {
  if (e instanceof InputError) e.message = `${what}${pathOf(e)}: ${e.detail}`;
  else if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new TypeError(`the result is too deeply nested to decode on this stack (${e.message})`);
  }
  return e;
}

/**
 * How deep a struct that holds itself (a tree's nodes, a list's links) may nest in a value sent to
 * Go or read from it, on every runtime: deeper values are refused with a `TypeError` naming the
 * struct — arguments before Go is called, results as they are read. (Packing and reading recurse;
 * without a limit of its own, V8's stack, smaller than JavaScriptCore's, decided: at 5,000 levels
 * Deno refused what Bun took.) @example `MAX_DEPTH // 1000`
 */
export const MAX_DEPTH = 1000;

let depth = 0;

/**
 * Enters one level of the self-holding struct `name`: generated packers and unpackers call it and,
 * in a `finally`, {@link leaveNested}. @example `enterNested("Tree")`
 */
export function enterNested(name: string): void {
  if (depth === MAX_DEPTH) {
    throw new InputError(`${name} nests deeper than ${MAX_DEPTH} levels, ts2go's limit (is the value cyclic?)`);
  }
  depth++;
}

/** Leaves a level entered with {@link enterNested}. @example `leaveNested()` */
export function leaveNested(): void {
  depth--;
}

/**
 * Starts counting levels from 0, for a value packed or read while another one is (a call made from a
 * getter); returns the count to give {@link resumeNesting} after. @example `const outer = startNesting()`
 */
export function startNesting(): number {
  const outer = depth;
  depth = 0;
  return outer;
}

/** Goes back to the count {@link startNesting} returned. @example `resumeNesting(outer)` */
export function resumeNesting(outer: number): void {
  depth = outer;
}
