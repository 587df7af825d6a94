// The schema fingerprint (gen/fingerprint.ts): every schema change that alters what the two sides
// exchange alters it, so that a stale library is refused at load; a change that alters nothing does not.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fingerprint, hex32 } from "../gen/fingerprint.ts";
import { computeLayout } from "../gen/layout.ts";
import { parseSchemaText } from "../gen/parse.ts";
import { LibraryError } from "../mod.ts";
import * as runtime from "../src/runtime.ts";
import { buildProject, REPO_ROOT } from "../scripts/projects.ts";
import { loadEcho } from "./fixtures/types/schema.gen.ts";

const IMPORTS = `import type { f32, f64, Host, i32, u16, u32, u64, u8 } from "./mod.ts";\n`;

const BASE = `
export interface P { x: u32; y: string; z?: u8; m: Map<string, u32>; b: Uint8Array; w: f64 }
export interface Q { p: P; list: P[] }
export interface Log extends Host { line(s: string): void; ask(n: u32): Promise<P> }
export interface Api {
  get(id: u32): Promise<Q>;
  put(q: Q): void;
  watch(n: u32): AsyncIterable<P>;
}
`;

/** The fingerprint of service `Api` in a schema (after the imports). */
function fp(text: string, service = "Api"): number {
  return fingerprint(computeLayout(parseSchemaText("schema.ts", IMPORTS + text)), service);
}

/** `BASE` with `from` replaced by `to` (which must occur). */
function edit(from: string, to: string): string {
  assert.ok(BASE.includes(from), `BASE has no ${from}`);
  return BASE.replace(from, to);
}

/** Each change alters what JS writes or Go reads, or which functions exist. */
const ABI_CHANGES: [what: string, schema: string][] = [
  ["a field's type u32 -> i32 (same size)", edit("x: u32", "x: i32")],
  ["a field's type u32 -> f32 (same size)", edit("x: u32", "x: f32")],
  ["a field's type u32 -> u64", edit("x: u32", "x: u64")],
  ["a field's type u32 -> u16", edit("x: u32", "x: u16")],
  ["a field's type string -> Uint8Array (same Ref)", edit("y: string", "y: Uint8Array")],
  ["a typed array's class", edit("b: Uint8Array", "b: Int8Array")],
  ["an optional's inner type", edit("z?: u8", "z?: u16")],
  ["an optional field made required", edit("z?: u8", "z: u8")],
  ["a map's key type", edit("Map<string, u32>", "Map<u32, u32>")],
  ["a map's value type", edit("Map<string, u32>", "Map<string, i32>")],
  ["a list's element type", edit("list: P[]", "list: (P | undefined)[]")],
  ["two fields swapped", edit("x: u32; y: string", "y: string; x: u32")],
  ["a field renamed", edit("x: u32", "x2: u32")],
  ["a field added", edit("w: f64 }", "w: f64; v: u8 }")],
  ["a field removed", edit("; w: f64", "")],
  ["a struct renamed", BASE.replace(/\bP\b/g, "R")],
  ["a parameter's type", edit("get(id: u32)", "get(id: i32)")],
  ["a parameter added", edit("get(id: u32)", "get(id: u32, more: u8)")],
  ["a parameter renamed", edit("get(id: u32)", "get(key: u32)")],
  ["a result's type", edit("Promise<Q>", "Promise<P>")],
  ["a void method given a result", edit("put(q: Q): void", "put(q: Q): u32")],
  ["async -> sync", edit("Promise<Q>", "Q")],
  ["stream -> async", edit("AsyncIterable<P>", "Promise<P>")],
  ["a method renamed", edit("put(", "store(")],
  ["a method added", edit("put(q: Q): void;", "put(q: Q): void;\n  del(id: u32): void;")],
  [
    "two methods swapped (wire codes are positions)",
    edit("get(id: u32): Promise<Q>;\n  put(q: Q): void;", "put(q: Q): void;\n  get(id: u32): Promise<Q>;"),
  ],
  ["a Host method's parameter type", edit("line(s: string)", "line(s: u32)")],
  ["a Host method made async", edit("line(s: string): void", "line(s: string): Promise<void>")],
  ["a Host method's result", edit("Promise<P> }", "Promise<Q> }")],
  ["a Host service added", BASE + "export interface Log2 extends Host { ping(): void }\n"],
  ["the service renamed", BASE.replace("interface Api", "interface Api2")],
];

test("every schema change that alters the ABI alters the fingerprint", () => {
  const base = fp(BASE);
  const seen = new Map<number, string>([[base, "the base schema"]]);
  for (const [what, schema] of ABI_CHANGES) {
    const service = what === "the service renamed" ? "Api2" : "Api";
    const f = fp(schema, service);
    assert.notEqual(f, base, `${what}: fingerprint unchanged (${hex32(f)})`);
    // Distinct from every other change too: the hash is over the whole description.
    assert.ok(!seen.has(f), `${what}: same fingerprint as ${seen.get(f)}`);
    seen.set(f, what);
  }
});

test("changes that alter nothing the two sides exchange leave the fingerprint as it is", () => {
  const base = fp(BASE);
  const neutral: [string, string][] = [
    [
      "comments, JSDoc and blank lines",
      "// a comment\n" + edit("export interface Q", "/** Q's doc. */\n\nexport interface Q"),
    ],
    ["whitespace", BASE.replaceAll("; ", ";   ").replaceAll("{ ", "{\n  ")],
    ["number for f64 (the same type)", edit("w: f64", "w: number")],
    ["another service that is not a Host", BASE + "export interface Other { ping(n: u32): u32 }\n"],
  ];
  for (const [what, schema] of neutral) assert.equal(hex32(fp(schema)), hex32(base), what);
});

test("fingerprints are written as 0x and 8 hex digits, leading zeros kept", () => {
  assert.deepStrictEqual([0, 255, 0x1234abcd, 0xffffffff, -1].map(hex32), [
    "0x00000000",
    "0x000000ff",
    "0x1234abcd",
    "0xffffffff",
    "0xffffffff",
  ]);
});

test("the generated files carry the fingerprint of their schema, on both sides", () => {
  const schema = readFileSync(`${REPO_ROOT}/tests/fixtures/types/schema.ts`, "utf8");
  const want = hex32(fingerprint(computeLayout(parseSchemaText("schema.ts", schema)), "Echo"));
  assert.match(readFileSync(`${REPO_ROOT}/tests/fixtures/types/schema.gen.ts`, "utf8"), new RegExp(`= ${want};`));
  assert.match(readFileSync(`${REPO_ROOT}/tests/fixtures/types/go/gen.go`, "utf8"), new RegExp(`return ${want} }`));
});

const libPath = await buildProject("tests/fixtures/types");

test("a library built from the schema before a field's type changed is refused, naming both fingerprints", () => {
  // The TS a schema with Scalars.a_u32 as an i32 generates, against the library built from u32.
  const schema = readFileSync(`${REPO_ROOT}/tests/fixtures/types/schema.ts`, "utf8");
  const changed = schema.replace("a_u32: u32;", "a_u32: i32;");
  assert.notEqual(changed, schema);
  const stale = fingerprint(computeLayout(parseSchemaText("schema.ts", changed)), "Echo");
  const built = fingerprint(computeLayout(parseSchemaText("schema.ts", schema)), "Echo");
  assert.throws(
    () => runtime.Connection.open(libPath, "Echo", stale, { text: "sync" }),
    (e: unknown) =>
      e instanceof LibraryError &&
      e.message.includes(`library fingerprint ${hex32(built)}, generated TS fingerprint ${hex32(stale)}`) &&
      /Re-run gen and rebuild/.test(e.message),
  );
  // The matching one loads.
  const api = loadEcho(libPath);
  after(() => api.close());
  assert.equal(api.text("same schema"), "same schema");
});
