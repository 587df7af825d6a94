// The schema types of issue 15 (aliases, unions of literals, enums, discriminated unions, null, Record)
// through sync, async and stream methods and Go → TS calls, and their errors in both directions.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { buildProject } from "../scripts/projects.ts";
import { loadKindsEcho } from "./fixtures/kinds/schema.gen.ts";
import { loadEcho } from "./fixtures/types/schema.gen.ts";
import { Color, type Expr, type Kinds, type Shape, ShapeKind, Weekday } from "./fixtures/kinds/schema.ts";

const lib = await buildProject("tests/fixtures/kinds");
const api = loadKindsEcho(lib);
after(() => api.close());

const painted: Shape[] = [];
api.providePainter({
  paint: async (s) => {
    painted.push(s);
    return s.kind === "circle" ? "active" : "disabled";
  },
  echo: (k) => k,
  maybe: (s) => s,
});

const square = (side: number): Shape => ({ kind: ShapeKind.Square, side, color: Color.Green });
const text: Shape = { kind: "text", body: "héllo", tags: ["a", ""], status: "in-progress" };

/** Records come back with a null prototype; `record()` builds the expected value. */
function record<V>(entries: [string, V][]): Record<string, V> {
  const r: Record<string, V> = Object.create(null);
  for (const [k, v] of entries) r[k] = v;
  return r;
}

function kinds(): Kinds {
  return {
    id: 2n ** 64n - 1n,
    ids: [0n, 7n],
    tags: ["x", "ü"],
    status: "in-progress",
    level: -1,
    color: Color.Blue,
    day: Weekday.Fri,
    dir: "down" as Kinds["dir"],
    mode: "w",
    shape: text,
    figure: square(3),
    shapes: [{ kind: "circle", r: 1.5 }, square(4), { kind: ShapeKind.Square, side: 0 }, text],
    by_name: new Map<string, Shape>([["c", { kind: "circle", r: -0 }], ["t", text]]),
    maybe_shape: { kind: "circle", r: Infinity },
    nullable_shape: null,
    note: "n",
    either: null,
    scores: record([["a", 1], ["__proto__", 2], ["constructor", 3], ["", 4]]),
    nested: record([["x", record([["y", [square(1), text]], ["z", []]])], ["empty", record<Shape[]>([])]]),
    by_status: new Map([["active", Color.Red], ["disabled", Color.Blue]]),
    expr: { op: "add", left: { op: "num", value: 40n }, right: { op: "neg", arg: { op: "num", value: -2n } } },
    version: 2,
  };
}

test("every new type round-trips through sync, async and stream calls", async () => {
  assert.deepStrictEqual(api.kinds(kinds()), kinds());
  assert.deepStrictEqual(await api.kinds_async(kinds()), kinds());
  const items: Kinds[] = [];
  for await (const k of api.kinds_stream(kinds(), 3)) items.push(k);
  assert.deepStrictEqual(items, [kinds(), kinds(), kinds()]);
});

test("every new type round-trips through Go → TS calls (sync and async Host methods)", async () => {
  assert.deepStrictEqual(await api.call_echo(kinds()), kinds());
  assert.equal(await api.call_paint({ kind: "circle", r: 2 }), "active");
  assert.equal(await api.call_paint(text), "disabled");
  assert.deepStrictEqual(painted.slice(-2), [{ kind: "circle", r: 2 }, text]);
  assert.equal(await api.call_maybe(null), null);
  assert.deepStrictEqual(await api.call_maybe(square(9)), square(9));
});

test("Go sees named types, constants and member values", () => {
  assert.equal(
    api.describe(kinds()),
    "main.UserId 18446744073709551615 | main.Status true | main.Color 6 true | main.Level true | " +
      "main.Weekday true | main.Dir true | main.KindsMode true | main.Text {héllo [a ] in-progress} | " +
      "main.Square | main.Tags [x ü]",
  );
  const tree = (depth: number): Expr =>
    depth === 0
      ? { op: "num", value: 1n }
      : { op: "add", left: tree(depth - 1), right: { op: "neg", arg: tree(depth - 1) } };
  assert.equal(api.eval(kinds().expr), 42n);
  assert.equal(api.eval(tree(8)), 0n);
});

test("top-level enums, unions, optionals, nulls and records", () => {
  assert.equal(api.status("disabled"), "disabled");
  assert.equal(api.color(Color.Green), Color.Green);
  assert.deepStrictEqual(api.shape(square(5)), square(5));
  assert.equal(api.nullable(null), null);
  assert.deepStrictEqual(api.nullable(text), text);
  assert.equal(api.optional(), undefined);
  assert.equal(api.optional(undefined), undefined);
  assert.deepStrictEqual(api.optional(text), text);
  const r = api.record(record([["__proto__", text], ["toString", square(1)]]));
  assert.equal(Object.getPrototypeOf(r), null);
  assert.deepStrictEqual(Object.keys(r).sort(), ["__proto__", "toString"]);
  assert.deepStrictEqual(r["__proto__"], text);
});

test("a Record is its own enumerable string keys; a plain object, JSON or one with a null prototype", () => {
  const withHidden = Object.create({ inherited: text }, { hidden: { value: text, enumerable: false } });
  withHidden.own = square(2);
  withHidden[Symbol("s")] = text;
  assert.deepStrictEqual(api.record(withHidden), record([["own", square(2)]]));
  const parsed = JSON.parse('{"__proto__": {"kind": "circle", "r": 1}}');
  assert.deepStrictEqual(api.record(parsed), record([["__proto__", { kind: "circle", r: 1 }]]));
  // Keys that U+FFFD would make one are refused, as a Map's are (Go would get one entry for two).
  // (From entries: deno lint takes the two literal keys for one.)
  const merging = Object.fromEntries([["\uD800", text], ["\uFFFD", text]]);
  assert.throws(() => api.record(merging), {
    name: "TypeError",
    message: 'r["\\ud800"]: this key and the key "\uFFFD" are both sent as "\uFFFD" (lone surrogates become U+FFFD): ' +
      "Go would get one entry for two",
  });
});

test("`f?: T | null`: absent and null are both Go's nil and come back as null", () => {
  const { either: _, ...absent } = kinds();
  assert.equal(api.kinds(absent as Kinds).either, null);
  assert.equal(api.kinds({ ...kinds(), either: "e" }).either, "e");
  const { maybe_shape: __, ...noShape } = kinds();
  assert.equal("maybe_shape" in api.kinds(noShape as Kinds), false);
});

test("bad values are TypeErrors naming their path, before Go is called", async () => {
  const bad = (over: Record<string, unknown>) => ({ ...kinds(), ...over }) as Kinds;
  const cases: [Kinds, RegExp][] = [
    [
      bad({ status: "paused" }),
      /^v\.status: expected Status \("active" \| "disabled" \| "in-progress"\), got "paused"$/,
    ],
    [bad({ level: 4 }), /^v\.level: expected Level \(1 \| 2 \| 3 \| -1\), got 4$/],
    [bad({ color: 1 }), /^v\.color: expected Color \(Color\.Red = 0, Color\.Green = 5, Color\.Blue = 6\), got 1$/],
    [bad({ day: "sat" }), /^v\.day: expected Weekday \(.*Weekday\.Fri = "fri"\), got "sat"$/],
    [bad({ mode: "x" }), /^v\.mode: expected "r" \| "w", got "x"$/],
    [
      bad({ shape: { kind: "hexagon" } }),
      /^v\.shape\.kind: expected "circle" \| ShapeKind\.Square \| "text", got "hexagon"$/,
    ],
    [bad({ shape: { r: 1 } }), /^v\.shape\.kind: expected .*, got undefined$/],
    [bad({ shape: null }), /^v\.shape: expected an object \(Shape\), got null$/],
    [bad({ shapes: [text, { kind: "circle", r: "1" }] }), /^v\.shapes\[1\]\.r: expected number, got "1"$/],
    [bad({ figure: { ...square(1), kind: "circle" } }), /^v\.figure\.r: expected number, got undefined$/],
    [bad({ nullable_shape: undefined }), /^v\.nullable_shape: expected an object \(Shape\), got undefined$/],
    [bad({ note: undefined }), /^v\.note: expected string, got undefined$/],
    [bad({ version: 3 }), /^v\.version: expected 2, got 3$/],
    [bad({ scores: new Map() }), /^v\.scores: expected an object \(Record<string, u32>\), got a Map$/],
    [bad({ scores: { a: -1 } }), /^v\.scores\["a"\]: expected u32 \(0\.\.4294967295\), got -1$/],
    [bad({ nested: { x: { y: [null] } } }), /^v\.nested\["x"\]\["y"\]\[0\]: expected an object \(Shape\)/],
    [bad({ by_status: new Map([["nope", Color.Red]]) }), /^v\.by_status\["nope"\]: expected Status/],
    [
      bad({ expr: { op: "add", left: { op: "num", value: 1 }, right: { op: "num", value: 1n } } }),
      /^v\.expr\.left\.value: expected i64 as a bigint/,
    ],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => api.kinds(value), (e) => e instanceof TypeError && message.test(e.message), String(message));
    await assert.rejects(api.kinds_async(value), (e) => e instanceof TypeError && message.test(e.message));
  }
  assert.throws(() => api.status("" as never), /s: expected Status/);
  assert.throws(() => api.color(Color.Red + 1), /c: expected Color/);
});

test("what Go should not send is a TypeError naming the value's path", async () => {
  const nil = "got nil from Go (or a pointer: Go must send member values such as Circle{…})";
  const expected = [
    `result.shape: expected a Shape, ${nil}`,
    `result.shape: expected a Shape, ${nil}`,
    'result.status: expected Status ("active" | "disabled" | "in-progress"), got "paused" from Go',
    `result.shapes[1]: expected a Shape, ${nil}`,
    "result.color: expected Color (Color.Red = 0, Color.Green = 5, Color.Blue = 6), got 7 from Go",
    `result.by_name["a"]: expected a Shape, ${nil}`,
    `result.expr.right: expected an Expr, got nil from Go (or a pointer: Go must send member values such as Num{…})`,
    `result.nullable_shape: expected a Shape, ${nil}`,
    "result.scores: a map from Go: 1 of its 2 keys read as another key (Go strings that are not valid UTF-8 read" +
    " with U+FFFD)",
  ];
  expected.forEach((message, which) => {
    assert.throws(() => api.bad(which), (e) => e instanceof TypeError && e.message === message, message);
  });
  assert.equal(await api.call_paint_nil(), `Painter.paint (TypeScript): expected a Shape, ${nil}`);
  assert.equal(api.status("active"), "active"); // the client is fine
});

test("a stream item Go should not send ends the stream with a TypeError after the items before it", async () => {
  const nil = "got nil from Go (or a pointer: Go must send member values such as Circle{…})";
  for (let round = 0; round < 2; round++) {
    const items: Shape[] = [];
    await assert.rejects(async () => {
      for await (const s of api.bad_items()) items.push(s);
    }, (e) => e instanceof TypeError && e.message === `item: expected a Shape, ${nil}`);
    assert.deepStrictEqual(items, [{ kind: "circle", r: 1 }, { kind: "circle", r: 2 }]);
  }
  const more: Kinds[] = [];
  for await (const k of api.kinds_stream(kinds(), 2)) more.push(k);
  assert.equal(more.length, 2);
});

test("strict mode refuses keys that are not fields, with the path; by default they pass", async () => {
  const typo = { ...kinds(), shape: { kind: "circle", r: 1, radius: 2 } } as Kinds;
  assert.deepStrictEqual(api.kinds(typo).shape, { kind: "circle", r: 1 });
  using strict = loadKindsEcho(lib, { strict: true });
  const message = "v.shape.radius: unknown field (Circle has kind, r)";
  assert.throws(() => strict.kinds(typo), (e) => e instanceof TypeError && e.message === message);
  await assert.rejects(strict.kinds_async(typo), (e) => e instanceof TypeError && e.message === message);
  const misspelt = { ...kinds(), nullableShape: null } as unknown as Kinds;
  assert.throws(
    () => strict.kinds(misspelt),
    (e) =>
      e instanceof TypeError &&
      /^v\.nullableShape: unknown field \(Kinds has id, .*\); did you mean nullable_shape\?$/.test(e.message),
  );
  assert.deepStrictEqual(strict.kinds(kinds()), kinds());
  // A union or an optional struct as the argument itself; arguments without structs are not measured.
  const circle = { kind: "circle", r: 1, radius: 2 } as Shape;
  assert.throws(() => strict.shape(circle), {
    name: "TypeError",
    message: "s.radius: unknown field (Circle has kind, r)",
  });
  assert.throws(() => strict.optional(circle), {
    name: "TypeError",
    message: "s.radius: unknown field (Circle has kind, r)",
  });
  assert.equal(strict.optional(undefined), undefined);
  assert.equal(strict.status("active"), "active");
  // An empty string's Ref is written through a Uint32Array view, whose writes past its end are dropped
  // silently: a strict call must still hand Go its arguments (a strict writer without room did not).
  using strictEcho = loadEcho(await buildProject("tests/fixtures/types"), { strict: true });
  assert.equal(strictEcho.text(""), "");
  assert.equal(strictEcho.maybe(undefined), undefined);
  // Records take any keys; a Host result is checked too (Go gets the error).
  assert.deepStrictEqual(strict.record(record([["any key", text]])), record([["any key", text]]));
  strict.providePainter({ paint: async () => "active", echo: () => typo, maybe: (s) => s });
  await assert.rejects(strict.call_echo(kinds()), /Painter\.echo \(TypeScript\): result\.shape\.radius: unknown field/);
  process.env.TS2GO_STRICT = "1";
  try {
    using fromEnv = loadKindsEcho(lib);
    assert.throws(() => fromEnv.kinds(typo), /v\.shape\.radius: unknown field/);
    using off = loadKindsEcho(lib, { strict: false });
    assert.deepStrictEqual(off.kinds(typo).shape, { kind: "circle", r: 1 });
  } finally {
    delete process.env.TS2GO_STRICT;
  }
});
