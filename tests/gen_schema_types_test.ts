/**
 * The schema types of issue 15 in the parser and the emitters: type aliases, unions of literals,
 * enums, discriminated unions, `null` and `Record` — the model each becomes, the Go each gives, and
 * the `file:line:col` diagnostic of each form that is refused.
 * @module
 */

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSchemaText, SchemaError } from "../gen/parse.ts";
import { computeLayout } from "../gen/layout.ts";
import { emit } from "../gen/emit.ts";
import { fingerprint } from "../gen/fingerprint.ts";
import type { Schema, Type } from "../gen/model.ts";

/** ts2go's types, imported after the schema's last line (positions in it do not move). */
const IMPORTS = '\nimport type { Host, i64, u32, u64, u8 } from "ts2go";';

const parse = (text: string): Schema => parseSchemaText("schema.ts", text + IMPORTS);

/** The type of field `f` in `export interface S { f: <type> }` (preceded by `decls`). */
const fieldType = (type: string, decls = ""): Type =>
  parse(`${decls}\nexport interface S { f: ${type} }`).structs.find((s) => s.name === "S")!.fields[0].type;

/** Every diagnostic of a schema that parse or emit refuses, as `line:col: message`. */
function refusals(text: string): string[] {
  try {
    emit(computeLayout(parse(text)), { runtime: "ts2go/runtime", schemaImport: "./schema.ts" });
  } catch (e) {
    assert.ok(e instanceof SchemaError, `expected SchemaError, got ${e}`);
    return e.diagnostics.map((d) => `${d.pos.line}:${d.pos.col}: ${d.message}`);
  }
  assert.fail(`gen accepted:\n${text}`);
}

/** The generated Go of a schema. */
const go = (text: string): string =>
  emit(computeLayout(parse(text)), { runtime: "ts2go/runtime", schemaImport: "./schema.ts" }).go;

const u32: Type = { kind: "prim", name: "u32" };
const str: Type = { kind: "string" };
const S = "export interface S { f: ";

test("an exported alias is a named type; one that is not exported stands for its type", () => {
  const s = parse(
    "export type UserId = u64;\nexport type Tags = string[];\nexport interface User { id: UserId }\n" +
      "export type Admin = User;\ntype Local = u32;\nexport interface S { a: UserId; b: Tags; c: Admin; d: Local }",
  );
  const fields = s.structs.find((x) => x.name === "S")!.fields.map((f) => f.type);
  assert.deepEqual(fields, [
    { kind: "alias", name: "UserId", target: { kind: "prim", name: "u64" } },
    { kind: "alias", name: "Tags", target: { kind: "list", elem: str } },
    { kind: "alias", name: "Admin", target: { kind: "struct", name: "User" } },
    u32,
  ]);
  assert.deepEqual(s.aliases?.map((a) => a.name), ["UserId", "Tags", "Admin"]);
  const out = go(
    "export type UserId = u64;\nexport interface User { id: UserId }\nexport type Admin = User;\n" +
      "export interface Api { get(id: UserId): Admin }",
  );
  assert.match(out, /^type UserId uint64$/m);
  assert.match(out, /^type Admin = User$/m);
  assert.match(out, /^\tGet\(id UserId\) \(Admin, error\)$/m);
});

test("unions of literals and enums are enums with Go constants", () => {
  const s = parse(
    'export type Status = "active" | "in-progress";\nexport type Level = 1 | -2;\n' +
      'export enum Color { Red, Green = 5, Blue }\nexport const enum Dir { Up = "up", Down = "down" }\n' +
      'export interface S { s: Status; l: Level; c: Color; d: Dir; m: "r" | "w"; x: ("a" | "b")[] }',
  );
  assert.deepEqual(s.enums?.map((e) => [e.name, e.base, e.origin, e.members.map((m) => [m.goSuffix, m.value])]), [
    ["Status", "string", "union", [["Active", "active"], ["InProgress", "in-progress"]]],
    ["Level", "i32", "union", [["1", 1], ["Minus2", -2]]],
    ["Color", "i32", "enum", [["Red", 0], ["Green", 5], ["Blue", 6]]],
    ["Dir", "string", "enum", [["Up", "up"], ["Down", "down"]]],
    ["SM", "string", "inline", [["R", "r"], ["W", "w"]]],
    ["SX", "string", "inline", [["A", "a"], ["B", "b"]]],
  ]);
  const out = go(
    'export type Status = "active" | "in-progress";\nexport interface Api { f(s: Status, m: "x" | "y"): Status }',
  );
  assert.match(out, /^type Status string$/m);
  assert.match(out, /^\tStatusInProgress Status = "in-progress"$/m);
  assert.match(out, /^type ApiFM string$/m);
  assert.match(out, /^\tApiFMX ApiFM = "x"$/m);
  // Aliases of unions and enums in a union are flattened; true | false is boolean.
  assert.deepEqual(fieldType('Ab | "c"', 'export type Ab = "a" | "b";'), {
    kind: "enum",
    name: "SF",
    ts: '"a" | "b" | "c"',
  });
  assert.deepEqual(fieldType("true | false"), { kind: "prim", name: "bool" });
});

test("a field of one literal value is a constant; elsewhere one value is refused", () => {
  assert.deepEqual(fieldType('"circle"'), { kind: "literal", value: "circle", ts: '"circle"' });
  assert.deepEqual(fieldType("2"), { kind: "literal", value: 2, ts: "2" });
  assert.deepEqual(fieldType("E.A", 'export enum E { A = "a" }'), { kind: "literal", value: "a", ts: "E.A" });
  assert.deepEqual(refusals('export interface S { m(x: "a"): void }'), [
    '1:27: parameter "x" of method "m": type "a" has one value and carries nothing here; use a union of literals ' +
    'such as "a" | …, or string',
  ]);
  assert.deepEqual(refusals('export interface S { a: u8; k?: "x" }'), [
    '1:29: field "k" has one value ("x") and cannot be optional; remove the "?"',
  ]);
  assert.doesNotMatch(go('export interface S { kind: "s"; a: u8 }\nexport interface A { f(s: S): void }'), /Kind/);
});

test("a discriminated union: interfaces told apart by a field of one literal value", () => {
  const shapes = 'export interface Circle { kind: "circle"; r: number }\n' +
    'export interface Square { kind: "square"; side: u32 }\nexport interface Text { kind: "text"; body: string }\n';
  const s = parse(
    `${shapes}export type Round = Circle;\nexport type Shape = Circle | Square | Text;\n` +
      "export type Plain = Square | Text;\nexport type Any = Shape | Plain;\nexport interface S { s: Shape; o?: Shape }",
  );
  assert.deepEqual(s.unions?.map((u) => [u.name, u.discriminant, u.members.map((m) => `${m.struct}=${m.value}`)]), [
    ["Shape", "kind", ["Circle=circle", "Square=square", "Text=text"]],
    ["Plain", "kind", ["Square=square", "Text=text"]],
    ["Any", "kind", ["Circle=circle", "Square=square", "Text=text"]],
  ]);
  const out = go(`${shapes}export type Shape = Circle | Square | Text;\nexport interface Api { f(s: Shape): Shape[] }`);
  assert.match(out, /^type Shape interface\{ isShape\(\) \}$/m);
  assert.match(out, /^func \(Circle\) isShape\(\) \{\}$/m);
  assert.match(out, /^type Circle struct \{\n\tR float64\n\}$/m, "the discriminant is not a Go field");
  assert.match(out, /^\tF\(s Shape\) \(\[\]Shape, error\)$/m);
  // Members with no heap bytes of their own: the heap-size switch binds no value (Go: "m declared and not used").
  const bare = go(
    'export interface Ci { kind: "c"; x: u32 }\nexport interface Di { kind: "d" }\nexport type Pair = Ci | Di;\n' +
      "export interface Api { f(): Pair }",
  );
  assert.match(bare, /^func ts2goHeapPair\(v \*Pair\) int \{\n\tswitch \(\*v\)\.\(type\) \{$/m);
  // Recursive unions are fine: a union's Ref points to its member.
  const expr = 'export interface Num { op: "num"; v: i64 }\nexport interface Neg { op: "neg"; arg: Expr }\n' +
    "export type Expr = Num | Neg;\nexport interface Api { eval(e: Expr): i64 }";
  assert.match(go(expr), /^type Neg struct \{\n\tArg Expr\n\}$/m);
});

test("unions refused: members that cannot be told apart, or of different kinds", () => {
  const ab = 'export interface A { kind: "x"; a: u8 }\nexport interface B { kind: "x"; b: u8 }\n';
  assert.deepEqual(refusals(`${ab}export type AB = A | B;`), [
    "3:13: union AB cannot tell its members apart: give each of A, B a field of one literal value, a different " +
    'one in each (e.g. kind: "a")',
  ]);
  assert.deepEqual(refusals(`${ab}${S}A | "a" }`), [
    '3:25: field "f" has a union type "A | "a"" of literals and interfaces; ts2go supports unions of literals ' +
    '("a" | "b"), of interfaces told apart by a field of one literal value (kind: "a"), and T | null / ' +
    "T | undefined. Use separate optional fields or a struct instead.",
  ]);
  assert.match(refusals(`${S}string | u8 }`)[0], /^1:25: field "f" has a union type "string \| u8"; ts2go supports/);
});

test("enums and unions of literals refused", () => {
  assert.deepEqual(refusals(`${S}1 | 2.5 }`), [
    '1:29: field "f": 2.5 is not an integer in the i32 range; numeric literals of a union must be',
  ]);
  assert.deepEqual(refusals(`${S}"" | "a" }`), [
    '1:25: "" has no letters or digits to name its Go constant (SF…); declare an enum instead, whose member ' +
    "names you choose",
  ]);
  assert.deepEqual(refusals('export enum E { A = 1, B = "b" }\nexport interface S { e: E }'), [
    "1:13: enum E mixes string and number members; use one kind",
  ]);
  assert.deepEqual(refusals('export enum E { A = "a".length }\nexport interface S { e: E }'), [
    "1:17: enum member E.A has no constant value; give it a number or a string",
  ]);
  assert.deepEqual(refusals("export enum E { A = 2 ** 40 }\nexport interface S { e: E }"), [
    "1:17: enum member E.A = 1099511627776 is not an integer in the i32 range",
  ]);
  assert.deepEqual(refusals("enum E { A }\nexport interface S { e: E }"), [
    "1:6: enum E is not exported; export it or remove it",
  ]);
  // Two values whose Go constants would be one.
  assert.match(refusals(`${S}"a-b" | "a_b" }`).join("\n"), /both need the Go name "SFAB"/);
});

test("null, Record and enum keys", () => {
  assert.deepEqual(fieldType("string | null"), { kind: "optional", inner: str, absent: "null" });
  assert.deepEqual(fieldType("null | string | undefined"), { kind: "optional", inner: str, absent: "nullish" });
  const s = parse("export interface S { a?: string | null; b?: string }");
  assert.deepEqual(s.structs[0].fields.map((f) => f.type), [
    { kind: "optional", inner: str, absent: "nullish" },
    { kind: "optional", inner: str },
  ]);
  assert.deepEqual(fieldType("Record<string, u32>"), { kind: "map", key: str, value: u32, record: true });
  assert.deepEqual(fieldType("Record<Name, u32>", "export type Name = string;"), {
    kind: "map",
    key: { kind: "alias", name: "Name", target: str },
    value: u32,
    record: true,
  });
  assert.deepEqual(fieldType('Map<"a" | "b", u32>'), {
    kind: "map",
    key: { kind: "enum", name: "SFKey", ts: '"a" | "b"' },
    value: u32,
  });
  assert.deepEqual(refusals(`${S}Record<"a" | "b", u8> }`), [
    '1:32: field "f": Record key type ""a" | "b"" is not supported; write Record<string, V>, or Map<K, V> for ' +
    "other keys",
  ]);
  const out = go("export interface Api { f(r: Record<string, u8 | null>): string | null }");
  assert.match(out, /^\tF\(r map\[string\]\*uint8\) \(\*string, error\)$/m);
});

test("aliases refused: recursive, generic, and named like ts2go's types", () => {
  assert.deepEqual(refusals("export type J = J[];\nexport interface S { j: J }"), [
    "1:17: type J refers to itself; use an interface (with an optional field or a list) for recursive data",
  ]);
  assert.deepEqual(
    refusals("export type L<T> = T[];\nexport interface S { l: L<u8> }"),
    [
      '2:25: field "l": type "L<u8>" is not supported; write T[], Map<K, V>, or a name without type arguments',
      "1:15: type L is generic; declare one concrete type per use instead",
    ].sort(),
  );
  assert.deepEqual(refusals("export type u32 = string;\nexport interface S { a: u8 }"), [
    '1:13: type alias name "u32" would hide the type u32 that schemas are written with; rename the type alias',
  ]);
});

test("a type named like a local of the generated Go functions is refused (func(v *[]v) would not compile)", () => {
  // Found by tests/gen_fuzz_test.ts: gen accepted it and go vet said "v (parameter) is not a type".
  assert.deepEqual(refusals("export interface v { next: v[] | undefined }\nexport interface A { f(x: v): v }"), [
    '1:18: interface "v" cannot be used: its Go type needs the Go name "v", which names a parameter or local of ' +
    "the generated Go; rename the interface",
  ]);
  assert.match(
    refusals('export type m = "a" | "b";\nexport interface A { f(x: m): void }')[0],
    /^1:13: type "m" cannot/,
  );
});

test("the fingerprint covers enum values and the order of a union's members", () => {
  const fp = (text: string) => fingerprint(computeLayout(parse(text)), "Api");
  const shapes = 'export interface A { k: "a"; x: u8 }\nexport interface B { k: "b"; y: u8 }\n';
  const base = fp(`${shapes}export type U = A | B;\nexport interface Api { f(u: U): void }`);
  assert.notEqual(fp(`${shapes}export type U = B | A;\nexport interface Api { f(u: U): void }`), base);
  assert.notEqual(
    fp('export type E = "a" | "b";\nexport interface Api { f(e: E): void }'),
    fp('export type E = "a" | "c";\nexport interface Api { f(e: E): void }'),
  );
});
