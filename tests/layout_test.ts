// gen/layout.ts against C layout worked out by hand: offsets, sizes, alignment and strides of
// structs, method arguments and map entries. The types fixture's generated Go asserts the same
// layout against Go's own at compile time (types_test.ts builds it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { alignUp, computeLayout, primSize } from "../gen/layout.ts";
import { parseSchemaText } from "../gen/parse.ts";

const layoutOf = (text: string) =>
  computeLayout(
    parseSchemaText("schema.ts", `import type { i16, i64, u16, u32, u64, u8, usize } from "./mod.ts";\n${text}`),
  );

/** `[offset…]`, size and align of a struct. */
function shape(text: string, name: string): [number[], number, number] {
  const l = layoutOf(text).struct(name);
  return [l.fields.map((f) => f.offset), l.size, l.align];
}

test("scalars sit at their natural size and alignment; the struct is padded to its largest", () => {
  assert.deepStrictEqual(shape("export interface S { a: u8; b: u64 }", "S"), [[0, 8], 16, 8]);
  assert.deepStrictEqual(shape("export interface S { a: u8; b: u16; c: u8 }", "S"), [[0, 2, 4], 6, 2]);
  assert.deepStrictEqual(shape("export interface S { a: u8; b: boolean; c: u32 }", "S"), [[0, 1, 4], 8, 4]);
  assert.deepStrictEqual(shape("export interface S { a: u32; b: u8 }", "S"), [[0, 4], 8, 4]);
  assert.deepStrictEqual(shape("export interface S { a: u8; b: u8; c: u8 }", "S"), [[0, 1, 2], 3, 1]);
  assert.deepStrictEqual(shape("export interface S { a: i16; b: number; c: usize }", "S"), [[0, 8, 16], 24, 8]);
  const sizes: [string, number][] = [["u8", 1], ["u16", 2], ["u32", 4], ["f32", 4], ["u64", 8], ["f64", 8], [
    "bool",
    1,
  ]];
  for (const [name, size] of sizes) {
    assert.equal(primSize(name as never), size, name);
  }
});

test("strings, typed arrays, lists and maps are 16-byte Refs; optionals 8-byte pointers", () => {
  const text = `export interface S {
    a: u8; s: string; b: u8; t: Uint16Array; c: u8; l: u32[]; d: u8; m: Map<string, u8>; e: u8; o?: u8; f: u8; p: u64 | undefined
  }`;
  assert.deepStrictEqual(shape(text, "S"), [[0, 8, 24, 32, 48, 56, 72, 80, 96, 104, 112, 120], 128, 8]);
  const l = layoutOf(text);
  assert.deepStrictEqual(l.type({ kind: "string" }), { size: 16, align: 8 });
  assert.deepStrictEqual(l.type({ kind: "optional", inner: { kind: "prim", name: "u8" } }), { size: 8, align: 8 });
});

test("a struct field takes the struct's size and alignment", () => {
  const text = `export interface In { a: u16; b: u8 }
export interface Out { x: u8; i: In; y: u8; j: In }
export interface Bytes { a: u8; b: u8; c: u8 }
export interface HasBytes { a: u8; b: Bytes; c: u8 }`;
  assert.deepStrictEqual(shape(text, "In"), [[0, 2], 4, 2]);
  assert.deepStrictEqual(shape(text, "Out"), [[0, 2, 6, 8], 12, 2]);
  assert.deepStrictEqual(shape(text, "HasBytes"), [[0, 1, 4], 5, 1]);
});

test("list strides are the element size rounded up to its alignment", () => {
  const l = layoutOf("export interface In { a: u32; b: u8 }\nexport interface P { a: u8; b: u8; c: u8 }");
  assert.equal(l.stride({ kind: "prim", name: "u8" }), 1);
  assert.equal(l.stride({ kind: "prim", name: "u64" }), 8);
  assert.equal(l.stride({ kind: "struct", name: "In" }), 8);
  assert.equal(l.stride({ kind: "struct", name: "P" }), 3);
  assert.equal(l.stride({ kind: "string" }), 16);
  assert.deepStrictEqual([alignUp(0, 8), alignUp(1, 8), alignUp(8, 8), alignUp(9, 4), alignUp(5, 1)], [0, 8, 8, 12, 5]);
});

test("a method's parameters are laid out as one struct; map entries as { key, value }", () => {
  const l = layoutOf(`export interface S { a: u8 }
export interface Api { m(a: u8, s: string, b: u16, x: S): Promise<u32>; v(): void }`);
  const method = (name: string) =>
    l.services.find((s) => s.service.name === "Api")!.methods.find((m) => m.method.name === name)!;
  const m = method("m");
  assert.equal(m.args.name, "Api.m");
  assert.deepStrictEqual(m.args.fields.map((f) => [f.name, f.offset, f.size]), [
    ["a", 0, 1],
    ["s", 8, 16],
    ["b", 24, 2],
    [
      "x",
      26,
      1,
    ],
  ]);
  assert.deepStrictEqual([m.args.size, m.args.align], [32, 8]);
  assert.deepStrictEqual(m.result, { size: 4, align: 4 });
  assert.equal(method("v").result, null);
  assert.deepStrictEqual([method("v").args.size, method("v").args.fields], [0, []]);
  const entry = l.mapEntry({ kind: "map", key: { kind: "prim", name: "u8" }, value: { kind: "prim", name: "u64" } });
  assert.deepStrictEqual(entry.fields.map((f) => f.name), ["key", "value"]);
  assert.deepStrictEqual([entry.fields.map((f) => f.offset), entry.size, entry.align], [[0, 8], 16, 8]);
  const strEntry = l.mapEntry({ kind: "map", key: { kind: "string" }, value: { kind: "prim", name: "i16" } });
  assert.deepStrictEqual([strEntry.fields.map((f) => f.offset), strEntry.size, strEntry.align], [[0, 16], 24, 8]);
  assert.throws(() => l.struct("Nope"), /layout: unknown struct Nope/);
  assert.throws(() => l.schemaStruct("Nope"), /layout: unknown struct Nope/);
});

test("a struct that contains itself by value is refused by the layout too (the parser refuses it first)", () => {
  const pos = { file: "s.ts", line: 1, col: 1 };
  const schema = {
    file: "s.ts",
    services: [],
    structs: [{ name: "A", pos, fields: [{ name: "a", type: { kind: "struct" as const, name: "A" }, pos }] }],
  };
  assert.throws(() => computeLayout(schema as never), { message: "layout: A contains itself by value" });
});
