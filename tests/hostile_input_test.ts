// Hostile input from JS: every value gets a precise TypeError or a documented correct result
// (docs/RELIABILITY.md), never a crash, a hang or a silently wrong value.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildProject } from "../scripts/projects.ts";
import { type EchoClient, loadEcho } from "./fixtures/types/schema.gen.ts";
import type { Everything, Scalars, Tree, Typed } from "./fixtures/types/schema.ts";
import { emptyLists, emptyMaps, emptyTyped } from "./fixtures/types/values.ts";

const libPath = await buildProject("tests/fixtures/types");
const api: EchoClient = loadEcho(libPath);
after(() => api.close());

const scalars = (): Scalars => ({
  a_u8: 1,
  a_u16: 2,
  a_u32: 3,
  a_u64: 4n,
  a_usize: 5n,
  a_i8: -6,
  a_i16: -7,
  a_i32: -8,
  a_i64: -9n,
  a_isize: -10n,
  a_f32: 0.5,
  a_f64: 1.25,
  a_number: -2.5,
  a_bool: true,
});

const everything = (over: Partial<Everything> = {}): Everything => ({
  text: "",
  scalars: scalars(),
  typed: emptyTyped(),
  lists: emptyLists(),
  optionals: { o_u64: undefined },
  maps: emptyMaps(),
  tree: { label: "", children: [] },
  ...over,
});

/** Asserts that `fn` throws a TypeError with exactly this message (or matching this pattern). */
function throwsType(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TypeError, `expected a TypeError, got ${e}`);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

// A cyclic struct nests past MAX_DEPTH (src/input.ts); the path is shown by its two ends.
const TOO_DEEP =
  /^v\.tree\.(next|children\[0\])\..*….*: Tree nests deeper than 1000 levels, ts2go's limit \(is the value cyclic\?\)$/;

test("cyclic values: a TypeError naming the parameter, for sync and async calls alike", async () => {
  const viaNext: Tree = { label: "a", children: [] };
  viaNext.next = viaNext;
  const viaChildren: Tree = { label: "b", children: [] };
  viaChildren.children.push(viaChildren);
  for (const tree of [viaNext, viaChildren]) {
    throwsType(() => api.everything(everything({ tree })), TOO_DEEP);
    await assert.rejects(
      api.everything_async(everything({ tree })),
      (e: Error) => e instanceof TypeError && TOO_DEEP.test(e.message),
    );
  }
  // An array that contains itself, where the type wants numbers, fails on the element's type first.
  const self: unknown[] = [];
  self.push(self);
  throwsType(() => api.list(self as number[]), "v[0]: expected u32 (0..4294967295), got an array");
  const nested: unknown[] = [];
  nested.push(nested);
  const lists = { ...everything().lists, nested: nested as number[][] };
  throwsType(
    () => api.everything(everything({ lists })),
    "v.lists.nested[0][0]: expected u32 (0..4294967295), got an array",
  );
  assert.equal(api.text("alive"), "alive");
});

/** Calls `f` with `frames` more frames on the stack (not a tail call: JSC would elide those). */
function withFramesUsed(frames: number, f: () => void): void {
  if (frames === 0) f();
  else withFramesUsed(frames - 1, f);
}

test("values too deep to encode are TypeErrors, and async methods reject instead of throwing", async () => {
  // The stack runs out at different depths in the measuring, writing and reading passes. Sending one
  // deep value with more and more of the stack already used makes it overflow in each pass in turn.
  // Each pass turns an overflow into a TypeError, and async methods reject with it.
  // As deep as MAX_DEPTH (src/input.ts) lets a value be: with room on the stack, it is sent.
  let tree: Tree = { label: "", children: [] };
  for (let i = 1; i < 1000; i++) tree = { label: "", children: [tree] };
  const v = everything({ tree });
  const failures: string[] = [];
  const outcomes = new Set<string>();
  const rejections: Promise<unknown>[] = [];
  for (let used = 0; used < 1_000_000; used += 64) {
    let reached = false;
    try {
      withFramesUsed(used, () => {
        reached = true;
        try {
          api.everything(v);
          outcomes.add("ok");
        } catch (e) {
          outcomes.add(e instanceof TypeError ? "TypeError" : "other");
          if (!(e instanceof TypeError)) failures.push(`sync, ${used} frames used: ${(e as Error).name}`);
        }
        try {
          rejections.push(
            api.everything_async(v).catch((e) => {
              if (!(e instanceof TypeError)) failures.push(`async, ${used} frames used: ${(e as Error).name}`);
            }),
          );
        } catch (e) {
          failures.push(`async, ${used} frames used: threw ${(e as Error).name} synchronously`);
        }
      });
    } catch (e) {
      if (!reached) break; // the padding itself ran out of stack: every depth has been tried
      throw e;
    }
  }
  await Promise.all(rejections);
  assert.ok(outcomes.has("ok") && outcomes.has("TypeError"), `outcomes: ${[...outcomes]}`);
  assert.deepStrictEqual(failures.slice(0, 5), []);
});

test("lone UTF-16 surrogates become U+FFFD, as TextEncoder does, on every string path", async () => {
  const cases: [string, string][] = [
    ["abc\ud800", "abc\ufffd"], // high surrogate at the end
    ["\udc00abc", "\ufffdabc"], // low surrogate at the start
    ["\ude00\ud83d", "\ufffd\ufffd"], // a pair in the wrong order
    ["\ud83d\ude00", "\ud83d\ude00"], // a valid pair is kept
    ["x".repeat(70) + "\ud800", "x".repeat(70) + "\ufffd"], // the encodeInto path (> 64 units)
  ];
  for (const [sent, back] of cases) {
    assert.equal(back, new TextDecoder().decode(new TextEncoder().encode(sent)));
    assert.equal(api.text(sent), back);
    assert.equal(await api.text_async(sent), back);
  }
  assert.deepStrictEqual(api.map(new Map([["k\ud800", 1]])), new Map([["k\ufffd", 1]]));
  const lists = { ...everything().lists, strings: ["\udfff"], deep: [[["\ud800x"]]] };
  const out = api.everything(everything({ lists }));
  assert.deepStrictEqual([out.lists.strings, out.lists.deep], [["\ufffd"], [[["\ufffdx"]]]]);
});

test("a string that starts with U+FEFF keeps it, both ways", async () => {
  // Found by tests/property_test.ts: readString's TextDecoder is made without { ignoreBOM: true }, so
  // it strips a leading byte-order mark from every non-ASCII result string: silently wrong.
  for (const s of ["\ufeff", "\ufeffx", "\ufeff" + "y".repeat(40)]) {
    assert.equal(api.text(s), s);
    assert.equal(await api.text_async(s), s);
  }
  assert.deepStrictEqual(api.map(new Map([["\ufeffkey", 1]])), new Map([["\ufeffkey", 1]]));
});

test("__proto__, constructor and other Object.prototype names are ordinary Map<string, V> keys", () => {
  const keys = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];
  const sent = new Map(keys.map((k, i) => [k, i]));
  const back = api.map(sent);
  assert.deepStrictEqual(back, sent); // Map equality ignores order: Go maps do not keep it
  assert.equal(back.get("__proto__"), 0);
  assert.equal(Object.getPrototypeOf(back), Map.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const nested = new Map([["__proto__", new Map([[1, true]])]]);
  const out = api.everything(everything({ maps: { ...everything().maps, nested } }));
  assert.deepStrictEqual(out.maps.nested, nested);
  // A struct read from JSON with an own "__proto__" key: fields are read by name, the key is ignored.
  const parsed = JSON.parse(`{"__proto__": {"a_u8": 99}, "a_u8": 1}`);
  assert.equal(api.scalars({ ...scalars(), ...parsed }).a_u8, 1);
});

test("typed arrays over detached or resizable buffers are TypeErrors, sync and async; shared buffers are read", async () => {
  const detached = new Uint8Array(8);
  detached.buffer.transfer(); // detaches
  throwsType(() => api.bytes(detached), 'v: expected Uint8Array over a live buffer, got "a detached ArrayBuffer"');
  const f64 = new Float64Array(4);
  structuredClone(f64.buffer, { transfer: [f64.buffer] });
  throwsType(
    () => api.everything(everything({ typed: { ...emptyTyped(), f64s: f64 } })),
    'v.typed.f64s: expected Float64Array over a live buffer, got "a detached ArrayBuffer"',
  );
  const resizable = new ArrayBuffer(8, { maxByteLength: 64 });
  throwsType(
    () => api.bytes(new Uint8Array(resizable)),
    'v: expected Uint8Array over a fixed-length buffer, got "a resizable ArrayBuffer"',
  );
  throwsType(
    () => api.everything(everything({ typed: { ...emptyTyped(), u32s: new Uint32Array(resizable, 4, 1) } })),
    'v.typed.u32s: expected Uint32Array over a fixed-length buffer, got "a resizable ArrayBuffer"',
  );
  // Async calls reject with the same errors (and copy only what is live and fixed).
  const rejects = (p: Promise<unknown>, message: string) =>
    assert.rejects(p, (e: unknown) => e instanceof TypeError && e.message === message);
  await rejects(
    api.sum_bytes_async(detached),
    'v: expected Uint8Array over a live buffer, got "a detached ArrayBuffer"',
  );
  await rejects(
    api.everything_async(everything({ typed: { ...emptyTyped(), f64s: f64 } })),
    'v.typed.f64s: expected Float64Array over a live buffer, got "a detached ArrayBuffer"',
  );
  await rejects(
    api.sum_bytes_async(new Uint8Array(resizable)),
    'v: expected Uint8Array over a fixed-length buffer, got "a resizable ArrayBuffer"',
  );
  await rejects(
    api.everything_async(everything({ typed: { ...emptyTyped(), u32s: new Uint32Array(resizable, 4, 1) } })),
    'v.typed.u32s: expected Uint32Array over a fixed-length buffer, got "a resizable ArrayBuffer"',
  );
  // Same-length views of another class are not accepted either.
  throwsType(
    () => api.bytes(new Uint8ClampedArray(4) as unknown as Uint8Array),
    "v: expected Uint8Array, got a Uint8ClampedArray",
  );
  // SharedArrayBuffer memory (fixed or growable) never moves: it is read in place like any other.
  assert.deepStrictEqual(api.bytes(new Uint8Array(new SharedArrayBuffer(4)).fill(3)), new Uint8Array([3, 3, 3, 3]));
  const growable = new SharedArrayBuffer(4, { maxByteLength: 64 });
  assert.deepStrictEqual(api.bytes(new Uint8Array(growable).fill(4)), new Uint8Array([4, 4, 4, 4]));
});

const TYPED_CLASSES = [
  ["u8s", Uint8Array],
  ["i8s", Int8Array],
  ["u16s", Uint16Array],
  ["i16s", Int16Array],
  ["u32s", Uint32Array],
  ["i32s", Int32Array],
  ["f32s", Float32Array],
  ["f64s", Float64Array],
  ["i64s", BigInt64Array],
  ["u64s", BigUint64Array],
] as const;

test("subarray views at every legal offset of every typed-array class are read in place exactly", async () => {
  const backing = new ArrayBuffer(256);
  new Uint8Array(backing).forEach((_, i, a) => (a[i] = (i * 37 + 11) & 0xff));
  let checked = 0;
  // Offsets 1..7 elements: for Uint8Array that is byte offset 3, 5, 7 (odd); for 8-byte types 8..56.
  for (let offset = 0; offset < 8; offset++) {
    for (const length of [1, 3, 8]) {
      const typed = emptyTyped() as unknown as Record<string, ArrayBufferView>;
      const expected = emptyTyped() as unknown as Record<string, ArrayBufferView>;
      for (const [field, C] of TYPED_CLASSES) {
        const view = new C(backing, offset * C.BYTES_PER_ELEMENT, length);
        typed[field] = view;
        expected[field] = view.slice(); // a copy over its own buffer, offset 0
      }
      const v = everything({ typed: typed as unknown as Typed });
      const sync = api.everything(v).typed;
      const asyncOut = (await api.everything_async(v)).typed;
      for (const [field] of TYPED_CLASSES) {
        // Compare bytes: NaN payloads in the float views must come back bit for bit.
        const bytes = (x: ArrayBufferView) => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
        assert.deepStrictEqual(bytes((sync as never)[field]), bytes(expected[field]), `${field} offset ${offset}`);
        assert.deepStrictEqual(bytes((asyncOut as never)[field]), bytes(expected[field]), `${field} offset ${offset}`);
        checked++;
      }
    }
  }
  assert.equal(checked, 8 * 3 * 10);
  assert.deepStrictEqual(api.bytes(new Uint8Array(backing, 3, 5)), new Uint8Array(backing.slice(3, 8)));
  assert.equal(api.sum_bytes(new Uint8Array(backing, 7, 1)), BigInt(new Uint8Array(backing)[7]));
});

test("integer fields refuse NaN, ±Infinity, fractions, strings and boxed numbers; -0 is sent as 0", () => {
  const u32 = "expected u32 (0..4294967295)";
  throwsType(() => api.list([NaN]), `v[0]: ${u32}, got NaN`);
  throwsType(() => api.list([1, Infinity]), `v[1]: ${u32}, got Infinity`);
  throwsType(() => api.list([-Infinity]), `v[0]: ${u32}, got -Infinity`);
  throwsType(() => api.list([1.5]), `v[0]: ${u32}, got 1.5`);
  throwsType(() => api.list([2 ** 32]), `v[0]: ${u32}, got 4294967296`);
  throwsType(() => api.list(["1" as unknown as number]), `v[0]: ${u32}, got "1"`);
  throwsType(() => api.list([new Number(1) as unknown as number]), `v[0]: ${u32}, got a Number`);
  throwsType(() => api.scalars({ ...scalars(), a_i8: 128 }), "v.a_i8: expected i8 (-128..127), got 128");
  throwsType(() => api.scalars({ ...scalars(), a_u16: NaN }), "v.a_u16: expected u16 (0..65535), got NaN");
  throwsType(
    () => api.scalars({ ...scalars(), a_i32: -0.5 }),
    "v.a_i32: expected i32 (-2147483648..2147483647), got -0.5",
  );
  const back = api.list([-0]);
  assert.ok(Object.is(back[0], 0), "-0 is an integer: it is sent, and comes back, as 0");
  // Floats take any number, including NaN and ±Infinity (tests/types_test.ts).
  throwsType(() => api.f64(1n as unknown as number), "v: expected number, got 1n");
});

test("64-bit integers: bigints outside the range, and numbers, are TypeErrors", () => {
  throwsType(() => api.u64(2n ** 64n), "v: expected u64 (0..18446744073709551615), got 18446744073709551616n");
  throwsType(() => api.u64(-1n), "v: expected u64 (0..18446744073709551615), got -1n");
  throwsType(
    () => api.i64(2n ** 63n),
    "v: expected i64 (-9223372036854775808..9223372036854775807), got 9223372036854775808n",
  );
  throwsType(
    () => api.i64(-(2n ** 63n) - 1n),
    "v: expected i64 (-9223372036854775808..9223372036854775807), got -9223372036854775809n",
  );
  throwsType(() => api.i64(5 as unknown as bigint), "v: expected i64 as a bigint (e.g. 5n), got 5");
  throwsType(() => api.i64(1.5 as unknown as bigint), "v: expected i64 as a bigint (e.g. 0n), got 1.5");
  throwsType(
    () => api.scalars({ ...scalars(), a_usize: 2n ** 64n }),
    "v.a_usize: expected usize (0..18446744073709551615), got 18446744073709551616n",
  );
  throwsType(
    () => api.scalars({ ...scalars(), a_isize: 2n ** 63n }),
    "v.a_isize: expected isize (-9223372036854775808..9223372036854775807), got 9223372036854775808n",
  );
  const lists = { ...everything().lists, bigs: [0n, 2n ** 63n] };
  throwsType(
    () => api.everything(everything({ lists })),
    "v.lists.bigs[1]: expected i64 (-9223372036854775808..9223372036854775807), got 9223372036854775808n",
  );
  assert.equal(api.u64(2n ** 64n - 1n), 2n ** 64n - 1n);
});

test("a getter that throws: its own error reaches the caller unchanged, and nothing reaches Go", async () => {
  const boom = new Error("getter boom");
  const s = Object.defineProperty(scalars(), "a_u16", {
    get() {
      throw boom;
    },
    enumerable: true,
  });
  assert.throws(() => api.scalars(s), (e) => e === boom);
  const v = everything({ scalars: s });
  await assert.rejects(api.everything_async(v), (e) => e === boom);
  assert.deepStrictEqual(api.scalars(scalars()), scalars());
});

test("Proxy objects and arrays are read through their traps; a revoked Proxy is a TypeError", () => {
  assert.deepStrictEqual(api.scalars(new Proxy(scalars(), {})), scalars());
  const answering = new Proxy(scalars(), { get: (o, k) => (k === "a_u8" ? 9 : Reflect.get(o, k)) });
  assert.equal(api.scalars(answering).a_u8, 9);
  assert.deepStrictEqual(api.list(new Proxy([1, 2, 3], {})), [1, 2, 3]);
  const trapError = new RangeError("trap");
  assert.throws(() =>
    api.scalars(
      new Proxy(scalars(), {
        get: () => {
          throw trapError;
        },
      }),
    ), (e) => e === trapError);
  const { proxy, revoke } = Proxy.revocable(scalars(), {});
  revoke();
  assert.throws(() => api.scalars(proxy), TypeError);
});

test("a getter that answers differently on a second read: the value sent is a value that was checked", () => {
  // The packer reads each field twice (measure, then write) and checks it both times, so 300 is
  // never written as 300 & 0xff = 44.
  let reads = 0;
  const s = Object.defineProperty(scalars(), "a_u8", { get: () => (reads++ === 0 ? 1 : 300), enumerable: true });
  let got: unknown;
  try {
    got = api.scalars(s).a_u8;
  } catch (e) {
    got = e instanceof TypeError ? "TypeError" : e;
  }
  assert.ok(got === 1 || got === "TypeError", `a_u8 came back as ${String(got)}`);
});

function runChild(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const path = fileURLToPath(new URL(`./fixtures/scripts/${script}`, import.meta.url));
  const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
  const argv = isDeno ? ["run", "-A", "--v8-flags=--expose-gc", path, ...args] : [path, ...args];
  try {
    const stdout = execFileSync(process.execPath, argv, { encoding: "utf8", timeout: 120_000, stdio: "pipe" });
    return { status: 0, stdout, stderr: "" };
  } catch (e) {
    const err = e as { status: number | null; stdout: string; stderr: string };
    return { status: err.status, stdout: String(err.stdout), stderr: String(err.stderr) };
  }
}

test("a getter whose string grows between measuring and writing never makes Go read outside the arguments", () => {
  // Writing never goes past what measuring reserved (putString and alloc check), so a string that
  // grew between the two reads is a TypeError instead of a Ref into foreign memory.
  for (const length of ["10000", "1000000"]) {
    const r = runChild("changing_getter.ts", [libPath, length]);
    assert.equal(r.status, 0, `length ${length}: exit ${r.status}\n${r.stderr.slice(0, 300)}`);
    const out = JSON.parse(r.stdout.trim());
    if (out.error === undefined) {
      assert.equal(out.label, "L".repeat(40), `length ${length}: tree.label came back wrong`);
      assert.ok(
        out.textLength === 0 || out.textLength === Number(length),
        `text came back with ${out.textLength} chars`,
      );
    } else {
      assert.equal(out.error, "TypeError");
    }
  }
});

test("a getter whose string grows inside a list that encodes its own strings is refused", () => {
  // An async call measures, then writes: the list's strings no longer fit the room measured for
  // them, so the call fails with a TypeError before Go sees a Ref.
  for (const length of ["10000", "1000000"]) {
    const r = runChild("changing_getter_list.ts", [libPath, length]);
    assert.equal(r.status, 0, `length ${length}: exit ${r.status}\n${r.stderr.slice(0, 300)}`);
    const out = JSON.parse(r.stdout.trim());
    assert.equal(out.error, "TypeError", `length ${length}: ${r.stdout.slice(0, 200)}`);
    assert.match(out.message, /changed while it was being sent/);
  }
});

test("detaching a buffer while an async call reads it in place cannot crash or corrupt the call", () => {
  // Async calls get their own copy of typed arrays, so transfer() cannot pull memory from under Go
  // (sync calls read in place: JS cannot run during them).
  const r = runChild("detach_in_flight.ts", [libPath, "5"]);
  assert.equal(r.status, 0, `exit ${r.status}\n${r.stderr.slice(0, 300)}`);
  assert.doesNotMatch(r.stderr, /fatal error|unexpected fault|SIGSEGV/);
  assert.deepStrictEqual(JSON.parse(r.stdout.trim()), { total: 20, wrong: 0, errors: 0 });
});

test("frozen objects and arrays are read like any other", async () => {
  assert.deepStrictEqual(api.scalars(Object.freeze(scalars())), scalars());
  assert.deepStrictEqual(api.list(Object.freeze([1, 2, 3]) as number[]), [1, 2, 3]);
  const v = Object.freeze(
    everything({
      text: "frozen",
      lists: Object.freeze({ ...everything().lists, strings: Object.freeze(["a"]) as string[] }),
    }),
  );
  const out = await api.everything_async(v);
  assert.equal(out.text, "frozen");
  assert.deepStrictEqual(out.lists.strings, ["a"]);
});

test("sparse arrays: a hole is a TypeError with its index, except where undefined is a valid element", () => {
  // deno-lint-ignore no-sparse-arrays
  throwsType(() => api.list([1, , 3] as number[]), "v[1]: expected u32 (0..4294967295), got undefined");
  // deno-lint-ignore no-sparse-arrays
  const strings = ["a", , "c"] as string[];
  throwsType(
    () => api.everything(everything({ lists: { ...everything().lists, strings } })),
    "v.lists.strings[1]: expected string, got undefined",
  );
  throwsType(() => api.list(new Array(3) as number[]), "v[0]: expected u32 (0..4294967295), got undefined");
  // In a (u16 | undefined)[] a hole reads as undefined, which is a valid element.
  // deno-lint-ignore no-sparse-arrays
  const maybe = [1, , 3] as (number | undefined)[];
  assert.deepStrictEqual(api.everything(everything({ lists: { ...everything().lists, maybe } })).lists.maybe, [
    1,
    undefined,
    3,
  ]);
});

test("arrays with extra properties: only the indexed elements 0..length-1 are sent", () => {
  const extra = Object.assign([1, 2], { extra: 5, "-1": 7, "1.5": 9 });
  assert.deepStrictEqual(api.list(extra), [1, 2]);
  const long = [1, 2, 3];
  long.length = 2;
  assert.deepStrictEqual(api.list(long), [1, 2]);
});

test("struct arguments: class instances, null-prototype and inherited fields work; non-objects are TypeErrors", () => {
  assert.deepStrictEqual(api.scalars(Object.assign(Object.create(null), scalars())), scalars());
  assert.deepStrictEqual(api.scalars(Object.create(scalars())), scalars()); // fields found on the prototype
  throwsType(() => api.scalars([] as unknown as Scalars), "v: expected an object (Scalars), got an array");
  throwsType(() => api.scalars(new Map() as unknown as Scalars), "v: expected an object (Scalars), got a Map");
  throwsType(
    () => api.scalars(new Uint8Array(80) as unknown as Scalars),
    "v: expected an object (Scalars), got a Uint8Array",
  );
  throwsType(() => api.scalars(new Date(0) as unknown as Scalars), "v.a_u8: expected u8 (0..255), got undefined");
  throwsType(() => api.text(Symbol("s") as unknown as string), "s: expected string, got Symbol(s)");
  throwsType(() => api.text(new String("boxed") as unknown as string), "s: expected string, got a String");
});

test("a typed array whose length, byteLength or buffer are redefined, or whose prototype is swapped, is sent as what it really is", async () => {
  // Sizes come from the view's internal slots: Go must never be told a view is longer than its memory.
  const lying = new Uint8Array([1, 2, 3, 4]);
  Object.defineProperty(lying, "length", { value: 50_000_000 });
  Object.defineProperty(lying, "byteLength", { value: 50_000_000 });
  Object.defineProperty(lying, "buffer", { value: new ArrayBuffer(50_000_000) });
  assert.equal(api.sum_bytes(lying), 10n);
  assert.equal(await api.sum_bytes_async(lying), 10n);
  assert.deepStrictEqual(api.bytes(lying), new Uint8Array([1, 2, 3, 4]));
  // A Uint8Array dressed as a Float64Array (8 bytes per element) is not one.
  const dressed = new Uint8Array(8);
  Object.setPrototypeOf(dressed, Float64Array.prototype);
  assert.throws(() => api.everything(everything({ typed: { ...emptyTyped(), f64s: dressed as never } })), {
    name: "TypeError",
    message: /typed\.f64s: expected Float64Array/,
  });
  // …and a real Float64Array dressed as a Uint8Array is refused as a Uint8Array.
  const f64 = new Float64Array(2);
  Object.setPrototypeOf(f64, Uint8Array.prototype);
  assert.throws(() => api.sum_bytes(f64 as never), { name: "TypeError", message: /expected Uint8Array/ });
  // A resizable buffer that claims not to be is still refused.
  const rab = new ArrayBuffer(8, { maxByteLength: 64 });
  Object.defineProperty(rab, "resizable", { value: false });
  assert.throws(() => api.sum_bytes(new Uint8Array(rab)), { name: "TypeError", message: /fixed-length buffer/ });
});

test("sync calls that skip measuring refuse what measuring refuses: array-likes, plain objects as Maps, arrays as structs", () => {
  // A large call first, so that the client's sync buffer has room and later calls write without measuring.
  assert.equal(api.text("x".repeat(100_000)).length, 100_000);
  throwsType(() => api.list({ length: 2, 0: 1, 1: 2 } as never), "v: expected an array (u32[]), got an Object");
  throwsType(() => api.list(new Uint32Array([1, 2]) as never), /^v: expected an array \(u32\[\]\), got /);
  throwsType(() => api.map({ a: 1 } as never), /^v: expected a Map \(Map<string, u32>\), got /);
  throwsType(() => api.scalars([1, 2] as never), /^v: expected an object \(Scalars\), got /);
  assert.deepStrictEqual(api.list([1, 2]), [1, 2]);
});

test("a Map that grows while it is written (a getter in one of its values adds entries) is a TypeError", async () => {
  // Without the bound, the added entry was written past the room taken for the map's entries, over
  // the string Refs of the first entry's list: Go got a string whose length was an address (the
  // echo answered "the result is 139797228424040 bytes"; a method reading it would fault).
  const grow = (): Everything => {
    const lists = new Map<number, string[]>();
    const names = ["a", "b"];
    Object.defineProperty(names, 0, {
      get() {
        lists.set(100 + lists.size, ["zz"]); // one more entry on every read
        return "a";
      },
      enumerable: true,
    });
    lists.set(1, names);
    return everything({ maps: { ...emptyMaps(), lists } });
  };
  await assert.rejects(api.everything_async(grow()), /^TypeError: v: the value changed while it was being sent/);
  throwsType(() => api.everything(grow()), /^v: the value changed while it was being sent/);
  assert.deepStrictEqual(api.everything(everything()), everything());
});
