// The input checks of src/input.ts on their own: every range at both ends and one past, every kind
// of wrong value, the exact message, and the path an error gathers on its way out. The same checks
// through Go are in calls_test.ts and hostile_input_test.ts; these run in milliseconds.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as input from "../src/input.ts";

/** Asserts that `fn` throws an InputError (a TypeError) whose message is `message`. */
function refuses(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof input.InputError && e instanceof TypeError, `expected an InputError, got ${e}`);
    assert.equal(e.name, "TypeError");
    assert.equal(e.message, message);
    assert.equal(e.detail, message);
    return true;
  });
}

const INTS: [name: string, check: (v: unknown) => number, min: number, max: number][] = [
  ["u8", input.checkU8, 0, 255],
  ["u16", input.checkU16, 0, 65535],
  ["u32", input.checkU32, 0, 4294967295],
  ["i8", input.checkI8, -128, 127],
  ["i16", input.checkI16, -32768, 32767],
  ["i32", input.checkI32, -2147483648, 2147483647],
];

test("integer checks take their range's ends and refuse one past them, fractions, NaN, ±Infinity and non-numbers", () => {
  for (const [name, check, min, max] of INTS) {
    const range = `expected ${name} (${min}..${max})`;
    assert.equal(check(min), min);
    assert.equal(check(max), max);
    assert.equal(check(0), 0);
    refuses(() => check(min - 1), `${range}, got ${min - 1}`);
    refuses(() => check(max + 1), `${range}, got ${max + 1}`);
    refuses(() => check(0.5), `${range}, got 0.5`);
    refuses(() => check(NaN), `${range}, got NaN`);
    refuses(() => check(Infinity), `${range}, got Infinity`);
    refuses(() => check(-Infinity), `${range}, got -Infinity`);
    refuses(() => check("1"), `${range}, got "1"`);
    refuses(() => check(1n), `${range}, got 1n`);
    refuses(() => check(undefined), `${range}, got undefined`);
  }
  assert.ok(Object.is(input.checkU8(-0), -0), "-0 is an integer in range");
});

const BIGS: [name: string, check: (v: unknown) => bigint, min: bigint, max: bigint][] = [
  ["u64", input.checkU64, 0n, 2n ** 64n - 1n],
  ["usize", input.checkUsize, 0n, 2n ** 64n - 1n],
  ["i64", input.checkI64, -(2n ** 63n), 2n ** 63n - 1n],
  ["isize", input.checkIsize, -(2n ** 63n), 2n ** 63n - 1n],
];

test("64-bit checks take bigints at their range's ends and refuse one past them and numbers", () => {
  for (const [name, check, min, max] of BIGS) {
    const range = `expected ${name} (${min}..${max})`;
    assert.equal(check(min), min);
    assert.equal(check(max), max);
    refuses(() => check(min - 1n), `${range}, got ${min - 1n}n`);
    refuses(() => check(max + 1n), `${range}, got ${max + 1n}n`);
    refuses(() => check(5), `expected ${name} as a bigint (e.g. 5n), got 5`);
    refuses(() => check(-3), `expected ${name} as a bigint (e.g. -3n), got -3`);
    refuses(() => check(1.5), `expected ${name} as a bigint (e.g. 0n), got 1.5`);
    refuses(() => check("5"), `expected ${name} as a bigint (e.g. 0n), got "5"`);
  }
});

test("floats take any number; booleans and strings take only their own type", () => {
  for (const v of [NaN, -0, Infinity, -Infinity, 1e300, 5e-324]) {
    assert.ok(Object.is(input.checkF32(v), v));
    assert.ok(Object.is(input.checkF64(v), v));
  }
  refuses(() => input.checkF32(1n), "expected f32 (a number), got 1n");
  refuses(() => input.checkF64("1"), 'expected number, got "1"');
  assert.equal(input.checkBool(false), false);
  assert.equal(input.checkBool(true), true);
  refuses(() => input.checkBool(0), "expected boolean, got 0");
  input.checkString("");
  refuses(() => input.checkString(new String("x")), "expected string, got a String");
  refuses(() => input.checkString(null), "expected string, got null");
});

test("objects, arrays and Maps: what each accepts and how a wrong value is described", () => {
  input.checkObject({}, "S");
  input.checkObject(Object.create(null), "S");
  input.checkObject(new (class P {})(), "S");
  input.checkObject(new Date(0), "S"); // any object with fields: its fields are checked next
  refuses(() => input.checkObject(null, "S"), "expected an object (S), got null");
  refuses(() => input.checkObject([], "S"), "expected an object (S), got an array");
  refuses(() => input.checkObject(new Map(), "S"), "expected an object (S), got a Map");
  refuses(() => input.checkObject(new Uint8Array(1), "S"), "expected an object (S), got a Uint8Array");
  refuses(() => input.checkObject("s", "S"), 'expected an object (S), got "s"');
  refuses(() => input.checkObject(() => 1, "S"), "expected an object (S), got a function");
  assert.equal(input.checkArray([1, 2, 3], "u8[]"), 3);
  assert.equal(input.checkArray([], "u8[]"), 0);
  refuses(() => input.checkArray({ length: 1 }, "u8[]"), "expected an array (u8[]), got an Object");
  refuses(() => input.checkArray(new Uint8Array(1), "u8[]"), "expected an array (u8[]), got a Uint8Array");
  input.checkMap(new Map(), "Map<string, u8>");
  refuses(() => input.checkMap({}, "Map<string, u8>"), "expected a Map (Map<string, u8>), got an Object");
});

test("describe: how each kind of value is named in a message", () => {
  const cases: [unknown, string][] = [
    [-0, "-0"],
    [0, "0"],
    [1.5, "1.5"],
    [5n, "5n"],
    ["x".repeat(40), JSON.stringify("x".repeat(40))],
    ["y".repeat(41), `${JSON.stringify("y".repeat(40))}…`],
    [undefined, "undefined"],
    [true, "true"],
    [Symbol("s"), "Symbol(s)"],
    [null, "null"],
    [[1], "an array"],
    [new Int8Array(1), "an Int8Array"],
    [new Float64Array(1), "a Float64Array"],
    [new Map(), "a Map"],
    [{}, "an Object"],
    [Object.create(null), "an object"],
    [() => 0, "a function"],
  ];
  for (const [v, want] of cases) assert.equal(input.describe(v), want);
});

test("typed arrays: the class and byte length from internal slots; detached and resizable buffers refused", () => {
  assert.equal(input.checkTyped(new Uint16Array(4), Uint16Array), 8);
  assert.equal(input.typedBytes(new Float64Array(3), Float64Array), 24);
  assert.equal(input.checkTyped(new Uint8Array(0), Uint8Array), 0);
  const view = new Uint32Array(new ArrayBuffer(32), 8, 2);
  assert.equal(input.viewOffset(view), 8);
  assert.equal(input.viewBuffer(view).byteLength, 32);
  Object.defineProperty(view, "byteLength", { value: 1000 });
  assert.equal(input.typedBytes(view, Uint32Array), 8);
  refuses(() => input.typedBytes(new Int8Array(1), Uint8Array), "expected Uint8Array, got an Int8Array");
  refuses(() => input.typedBytes([1], Uint8Array), "expected Uint8Array, got an array");
  const detached = new Uint8Array(8);
  detached.buffer.transfer();
  refuses(
    () => input.checkTyped(detached, Uint8Array),
    'expected Uint8Array over a live buffer, got "a detached ArrayBuffer"',
  );
  // An empty view over a live buffer is not a detached one.
  assert.equal(input.checkTyped(new Uint8Array(new ArrayBuffer(8), 8), Uint8Array), 0);
  const resizable = new Uint8Array(new ArrayBuffer(8, { maxByteLength: 16 }));
  refuses(
    () => input.checkTyped(resizable, Uint8Array),
    'expected Uint8Array over a fixed-length buffer, got "a resizable ArrayBuffer"',
  );
  assert.equal(input.checkTyped(new Uint8Array(new SharedArrayBuffer(4, { maxByteLength: 8 })), Uint8Array), 4);
  // Shared memory can be neither detached nor shrunk: empty or not, fixed or growable, it is read.
  assert.equal(input.checkTyped(new Uint8Array(new SharedArrayBuffer(0)), Uint8Array), 0);
  assert.equal(input.checkTyped(new Uint8Array(new SharedArrayBuffer(0, { maxByteLength: 8 })), Uint8Array), 0);
});

test("an error's path: fields, indices and keys gather outermost first, and the parameter finishes it", () => {
  const e = new input.InputError("expected u8 (0..255), got 300");
  assert.equal(input.atField(e, "age"), e);
  input.atIndex(e, 3);
  input.atKey(e, 'k"ey');
  input.atKey(e, 7n);
  input.atMapKey(e);
  input.atField(e, "user");
  assert.deepStrictEqual(e.segments, [".user", ".<key>", "[7n]", '["k\\"ey"]', "[3]", ".age"]);
  // A map's string key is written whole, however long (describe() would cut it at 40 characters).
  const long = "k".repeat(50);
  const keyed = input.atKey(new input.InputError("x"), long) as input.InputError;
  assert.deepStrictEqual(keyed.segments, [`[${JSON.stringify(long)}]`]);
  assert.equal(input.atParam(e, "req"), e);
  assert.equal(e.message, 'req.user.<key>[7n]["k\\"ey"][3].age: expected u8 (0..255), got 300');
  // Other errors pass through unchanged.
  const other = new Error("mine");
  assert.equal(input.atField(other, "x"), other);
  assert.equal(input.atParam(other, "p"), other);
  assert.equal(other.message, "mine");
});

test("a stack overflow becomes a TypeError naming the parameter, or the result; other RangeErrors pass", () => {
  const overflow = new RangeError("Maximum call stack size exceeded");
  const atParam = input.atParam(overflow, "v") as Error;
  assert.ok(atParam instanceof TypeError);
  assert.equal(atParam.message, "v: value is too deeply nested or cyclic (Maximum call stack size exceeded)");
  const atResult = input.atResult(new RangeError("call stack exhausted")) as Error;
  assert.ok(atResult instanceof TypeError);
  assert.equal(atResult.message, "the result is too deeply nested to decode on this stack (call stack exhausted)");
  const range = new RangeError("offset is out of bounds");
  assert.equal(input.atParam(range, "v"), range);
  assert.equal(input.atResult(range), range);
  const plain = new Error("x");
  assert.equal(input.atResult(plain), plain);
});

test("strict keys: an unknown key is refused with the struct's fields and the one it was probably meant to be", () => {
  const fields = new Set(["id", "age", "ttl_ms", "user_ids"]);
  const has = "(User has id, age, ttl_ms, user_ids)";
  input.checkKeys({ id: 1, age: 2 }, fields, "User");
  refuses(() => input.checkKeys({ ttlMs: 1 }, fields, "User"), `unknown field ${has}; did you mean ttl_ms?`);
  refuses(() => input.checkKeys({ agee: 1 }, fields, "User"), `unknown field ${has}; did you mean age?`);
  refuses(() => input.checkKeys({ userid: 1 }, fields, "User"), `unknown field ${has}; did you mean user_ids?`);
  refuses(() => input.checkKeys({ radius: 1 }, fields, "User"), `unknown field ${has}`);
});
