// Round trips over the whole type table: Go echoes each value back, sync and async.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { buildProject } from "../scripts/projects.ts";
import { loadEcho } from "./fixtures/types/schema.gen.ts";
import type { Everything, Lists, Maps, Optionals, Scalars, Tree, Typed } from "./fixtures/types/schema.ts";
import { BOUNDARY_STRINGS, emptyLists, emptyMaps, emptyTyped } from "./fixtures/types/values.ts";

const libPath = await buildProject("tests/fixtures/types");
const api = loadEcho(libPath);
after(() => api.close());

const U64_MAX = 2n ** 64n - 1n;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function scalars(over: Partial<Scalars> = {}): Scalars {
  return {
    a_u8: 255,
    a_u16: 65535,
    a_u32: 4294967295,
    a_u64: U64_MAX,
    a_usize: U64_MAX,
    a_i8: -128,
    a_i16: -32768,
    a_i32: -2147483648,
    a_i64: I64_MIN,
    a_isize: I64_MAX,
    a_f32: 0.5,
    a_f64: Number.MAX_VALUE,
    a_number: -Number.MIN_VALUE,
    a_bool: true,
    ...over,
  };
}

const zeroScalars = (): Scalars =>
  scalars({
    a_u8: 0,
    a_u16: 0,
    a_u32: 0,
    a_u64: 0n,
    a_usize: 0n,
    a_i8: 127,
    a_i16: 32767,
    a_i32: 2147483647,
    a_i64: I64_MAX,
    a_isize: I64_MIN,
    a_f32: -0,
    a_f64: -0,
    a_number: 0,
    a_bool: false,
  });

function typed(): Typed {
  return {
    u8s: new Uint8Array([0, 1, 255]),
    i8s: new Int8Array([-128, 0, 127]),
    u16s: new Uint16Array([0, 65535]),
    i16s: new Int16Array([-32768, 32767]),
    u32s: new Uint32Array([0, 4294967295]),
    i32s: new Int32Array([-2147483648, 2147483647]),
    f32s: new Float32Array([NaN, Infinity, -Infinity, -0, 1.5]),
    f64s: new Float64Array([NaN, Infinity, -Infinity, -0, Math.PI]),
    i64s: new BigInt64Array([I64_MIN, -1n, I64_MAX]),
    u64s: new BigUint64Array([0n, U64_MAX]),
  };
}

function lists(): Lists {
  return {
    strings: ["", "a", "héllo wörld", "日本語", "emoji 🎉", "nul\0inside"],
    numbers: [NaN, -0, Infinity, -Infinity, 1e-300],
    bools: [true, false, true],
    bigs: [I64_MIN, 0n, I64_MAX],
    nested: [[], [1], [1, 2, 3], []],
    deep: [[["a"], []], [], [["b", "c"], ["d"]]],
    structs: [scalars(), zeroScalars()],
    maybe: [1, undefined, 65535, undefined],
    blobs: [new Uint8Array([1, 2]), new Uint8Array(0), new Uint8Array([3])],
  };
}

function maps(): Maps {
  return {
    by_name: new Map([["a", 1], ["", 0], ["ünï", 4294967295]]),
    by_id: new Map([[0, "zero"], [4294967295, ""]]),
    by_i64: new Map([[I64_MIN, scalars()], [I64_MAX, zeroScalars()]]),
    nested: new Map([["x", new Map([[0, true], [255, false]])], ["empty", new Map()]]),
    lists: new Map([[-1, ["a", "b"]], [2, []]]),
  };
}

function tree(depth: number): Tree {
  const t: Tree = { label: `level ${depth}`, children: [] };
  if (depth > 0) {
    t.children = [tree(depth - 1), { label: "leaf", children: [] }];
    t.next = { label: `next of ${depth}`, children: [] };
  }
  return t;
}

function everything(): Everything {
  const optionals: Optionals = {
    o_u32: 7,
    o_string: "",
    o_struct: scalars(),
    o_list: ["x"],
    o_u64: U64_MAX,
    o_bytes: new Uint8Array([9]),
  };
  return {
    text: "top",
    scalars: scalars(),
    typed: typed(),
    lists: lists(),
    optionals,
    maps: maps(),
    tree: tree(4),
  };
}

const minimal = (): Everything => ({
  text: "",
  scalars: zeroScalars(),
  typed: emptyTyped(),
  lists: emptyLists(),
  optionals: { o_u64: undefined },
  maps: emptyMaps(),
  tree: { label: "", children: [] },
});

test("every type round-trips through a sync call", () => {
  assert.deepStrictEqual(api.everything(everything()), everything());
});

test("every type round-trips through an async call", async () => {
  assert.deepStrictEqual(await api.everything_async(everything()), everything());
});

test("decoded lists are reused between calls: 1,000 calls in flight with lists of varied lengths each get their own back", async () => {
  // Go lends each call's decoded lists memory that earlier calls gave back; a result built from
  // them is written before the memory serves another call.
  const numbered = (i: number): Everything => {
    const v = everything();
    v.text = `call ${i}`;
    v.lists.strings = Array.from({ length: i % 9 }, (_, k) => `${i}:${k}`);
    v.lists.structs = Array.from({ length: i % 5 }, (_, k) => scalars({ a_u32: i * 10 + k }));
    v.lists.deep = Array.from({ length: i % 3 }, (_, k) => [[`${i}`], Array(k).fill(`${k}`)]);
    v.tree = tree(i % 4);
    return v;
  };
  const calls = Array.from(
    { length: 1000 },
    (_, i) => i % 4 === 0 ? Promise.resolve(api.everything(numbered(i))) : api.everything_async(numbered(i)),
  );
  (await Promise.all(calls)).forEach((r, i) => assert.deepStrictEqual(r, numbered(i)));
});

test("empty strings, empty arrays, empty maps and absent optionals round-trip", async () => {
  assert.deepStrictEqual(api.everything(minimal()), minimal());
  assert.deepStrictEqual(await api.everything_async(minimal()), minimal());
});

test("absent `f?: T` fields come back missing; `f: T | undefined` fields come back undefined", () => {
  const out = api.everything({ ...minimal(), optionals: { o_u64: undefined } });
  assert.deepStrictEqual(Object.keys(out.optionals), ["o_u64"]);
  assert.equal(out.optionals.o_u64, undefined);
});

test("integer extremes round-trip exactly", () => {
  assert.deepStrictEqual(api.scalars(scalars()), scalars());
  assert.deepStrictEqual(api.scalars(zeroScalars()), zeroScalars());
  for (const v of [0n, 1n, 2n ** 53n + 1n, U64_MAX]) assert.equal(api.u64(v), v);
  for (const v of [I64_MIN, -1n, 0n, I64_MAX]) assert.equal(api.i64(v), v);
});

test("floats keep NaN, infinities and negative zero", () => {
  for (const v of [NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, Number.MAX_VALUE]) {
    assert.ok(Object.is(api.f64(v), v), `f64 ${v}`);
  }
  for (const v of [NaN, Infinity, -Infinity, -0, 1.5]) assert.ok(Object.is(api.f32(v), v), `f32 ${v}`);
  assert.equal(api.f32(0.1), Math.fround(0.1));
  assert.equal(api.bool(true), true);
  assert.equal(api.bool(false), false);
});

test("strings: empty, non-ASCII, NUL bytes and 1 MiB", async () => {
  for (const s of ["", "a", "naïve", "日本語テキスト", "🎉🎉", "a\0b\0", "x".repeat(64), "é".repeat(65)]) {
    assert.equal(api.text(s), s);
    assert.equal(await api.text_async(s), s);
  }
  const big = "0123456789abcdef".repeat(65536);
  assert.equal(api.text(big), big);
  assert.equal(await api.text_async(big), big);
  const bigUnicode = "ü€😀".repeat(100_000);
  assert.equal(api.text(bigUnicode), bigUnicode);
});

test("many strings in one call: all ASCII, one non-ASCII among them, and lone surrogates", async () => {
  // A call's strings are encoded together once they reach 128 UTF-16 units (on V8), those of a list of
  // strings or of structs with string fields by the list itself; a non-ASCII one makes them go one by
  // one. Every way must give every string its own bytes: here in a string[], in the labels of a
  // Tree[] (whose elements hold lists of their own), and in both at once.
  const ascii = Array.from({ length: 300 }, (_, i) => `user-${String(i).padStart(11, "0")}`);
  const mixed = ascii.map((s, i) => (i === 150 ? "ünïcødé 😀" : s));
  const surrogates = ascii.map((s, i) => (i % 100 === 7 ? "a\ud800b" : s));
  const children = (labels: string[]): Tree[] =>
    labels.map((label, i) => ({ label, children: i % 50 === 0 ? [{ label: `${label}/kid`, children: [] }] : [] }));
  for (const strings of [ascii, mixed, surrogates, ["x".repeat(200)], ["", ...ascii.slice(0, 10), ""]]) {
    const want = strings.map((s) => s.replace("\ud800", "\ufffd"));
    const v = { ...minimal(), text: "t".repeat(130), lists: { ...emptyLists(), strings } };
    assert.deepStrictEqual(api.everything(v).lists.strings, want);
    assert.deepStrictEqual((await api.everything_async(v)).lists.strings, want);
    const t = { ...v, tree: { label: "root", children: children(strings) } };
    const wantTree = { label: "root", children: children(want) };
    assert.deepStrictEqual(api.everything(t).tree, wantTree);
    assert.deepStrictEqual((await api.everything_async(t)).tree, wantTree);
    assert.deepStrictEqual(api.everything(t).lists.strings, want);
  }
});

test("every UTF-8 encoder boundary comes back as TextEncoder encodes it: alone, in long strings, in lists, sync and async", async () => {
  // U+0080 sent as the single byte 0x80 would come back as U+FFFD: the expected value is what
  // TextEncoder makes of each string (lone surrogates become U+FFFD).
  const wellFormed = (s: string) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(new TextEncoder().encode(s));
  for (const b of BOUNDARY_STRINGS) {
    for (const s of [b, `a${b}z`, "x".repeat(70) + b, b + "y".repeat(200)]) {
      assert.equal(api.text(s), wellFormed(s), JSON.stringify(s));
      assert.equal(await api.text_async(s), wellFormed(s), JSON.stringify(s));
    }
  }
  // In a list: with many strings a call encodes them together (on V8), ASCII ropes in one pass.
  const strings = [...BOUNDARY_STRINGS, ...BOUNDARY_STRINGS.map((b) => "n".repeat(20) + b)];
  for (const list of [strings, [...Array(20).fill("ascii-padding"), ...strings]]) {
    const v = { ...minimal(), text: "t".repeat(130), lists: { ...emptyLists(), strings: list } };
    assert.deepStrictEqual(api.everything(v).lists.strings, list.map(wellFormed));
    assert.deepStrictEqual((await api.everything_async(v)).lists.strings, list.map(wellFormed));
  }
});

test("lone surrogates are sent as U+FFFD, as TextEncoder does", () => {
  assert.equal(api.text("a\ud800b"), "a\ufffdb");
  assert.equal(api.text("\udc00"), "\ufffd");
});

/** Compares two byte arrays in full without assert's diff of millions of elements. */
function sameBytes(got: Uint8Array, want: Uint8Array): void {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) assert.fail(`byte ${i} is ${got[i]}, not ${want[i]}`);
}

test("results larger than the reusable buffers come back whole", async () => {
  const repeated = await api.repeat("abc", 1_000_000);
  assert.equal(repeated.length, 3_000_000);
  assert.ok(repeated === "abc".repeat(1_000_000), "the 3,000,000-char result differs");
  // A pattern whose period is no power of two: a shifted or misplaced chunk shows.
  const big = new Uint8Array(20 * 1024 * 1024).map((_, i) => (i * 7 + (i >>> 9)) % 251);
  sameBytes(api.bytes(big), big);
});

test("a sync result that fills the result buffer exactly, or by one byte less or more, comes back whole", () => {
  // A new client's sync result buffer holds 64 KiB: the frame of a Uint8Array of about that size
  // fits with room to spare, exactly, or not at all (then Go keeps it for JS to take). Each size
  // gets its own pattern, so that bytes left over from the call before show.
  const fresh = loadEcho(libPath);
  try {
    for (let n = 64 * 1024 - 48; n <= 64 * 1024; n++) {
      const v = new Uint8Array(n).map((_, i) => (i + n) % 251);
      sameBytes(fresh.bytes(v), v);
    }
  } finally {
    fresh.close();
  }
});

test("top-level optionals, lists and maps", async () => {
  assert.equal(api.maybe(undefined), undefined);
  assert.equal(api.maybe(""), "");
  assert.equal(api.maybe("x"), "x");
  assert.equal(await api.maybe_async(), undefined);
  assert.deepStrictEqual(await api.maybe_async(scalars()), scalars());
  assert.deepStrictEqual(api.list([]), []);
  assert.deepStrictEqual(api.list([1, 2, 4294967295]), [1, 2, 4294967295]);
  assert.deepStrictEqual(api.map(new Map()), new Map());
  assert.deepStrictEqual(api.map(new Map([["k", 1]])), new Map([["k", 1]]));
});

test("typed arrays are read in place, including views at an offset", () => {
  const backing = new Uint8Array(4096).map((_, i) => i & 0xff);
  assert.equal(api.sum_bytes(backing.subarray(1, 4)), 1n + 2n + 3n);
  assert.deepStrictEqual(api.bytes(backing.subarray(255, 258)), new Uint8Array([255, 0, 1]));
  const f64 = new Float64Array([1, 2, 3, 4]).subarray(1);
  const t = { ...emptyTyped(), f64s: f64 };
  assert.deepStrictEqual(api.everything({ ...minimal(), typed: t }).typed.f64s, new Float64Array([2, 3, 4]));
});

test("a 16 MiB Uint8Array is summed by Go (read in place by sync calls, copied for async ones)", async () => {
  const big = new Uint8Array(16 * 1024 * 1024).fill(1);
  assert.equal(api.sum_bytes(big), BigInt(big.length));
  assert.equal(await api.sum_bytes_async(big), BigInt(big.length));
});

test("many parameters of mixed kinds", async () => {
  const out = await api.many(3, "héllo", new Uint8Array([1, 2]), scalars(), [I64_MIN, 5n]);
  assert.deepStrictEqual(out.strings, ["héllo", "xxx"]);
  assert.deepStrictEqual(out.bigs, [I64_MIN, 5n]);
  assert.deepStrictEqual(out.structs, [scalars()]);
  assert.deepStrictEqual(out.blobs, [new Uint8Array([1, 2])]);
  assert.deepStrictEqual(out.numbers, []);
});

test("deep nesting: a 500-level tree", async () => {
  const t = tree(500);
  const out = await api.everything_async({ ...minimal(), tree: t });
  assert.deepStrictEqual(out.tree, t);
});

test("void methods, sync and async", async () => {
  assert.equal(api.nothing(), undefined);
  assert.equal(await api.nothing_async(), undefined);
});
