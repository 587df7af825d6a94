/**
 * Names gen cannot use: each schema that would make Go or TypeScript that does not compile, or a
 * client that breaks, is refused with `file:line:col` and what to do (tests/names_test.ts runs the
 * names that work). Also checks that gen's tables of the Go runtime's names and imports are whole.
 * @module
 */

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSchemaText } from "../gen/parse.ts";
import { computeLayout } from "../gen/layout.ts";
import { emit } from "../gen/emit.ts";
import { SchemaError } from "../gen/diagnostics.ts";
import { GO_PACKAGES, GO_RUNTIME_NAMES } from "../gen/names.ts";
import { REPO_ROOT } from "../scripts/projects.ts";

/** ts2go's types, imported after the schema's last line (positions in it do not move). */
const IMPORTS = '\nimport type { u32, u8 } from "ts2go";';

/** The diagnostics of a schema gen refuses, parse or emit. */
function refusals(text: string): string[] {
  try {
    emit(computeLayout(parseSchemaText("schema.ts", text + IMPORTS)), {
      runtime: "../mod.ts",
      schemaImport: "./schema.ts",
    });
  } catch (e) {
    assert.ok(e instanceof SchemaError, `expected SchemaError, got ${e}`);
    return e.message.split("\n");
  }
  assert.fail(`gen accepted:\n${text}`);
}

/** Asserts that gen refuses `text` with exactly `expected` (each `line:col: message`). */
function refuses(text: string, ...expected: string[]): void {
  assert.deepEqual(refusals(text), expected.map((e) => `schema.ts:${e}`));
}

const GO_RUNTIME = join(REPO_ROOT, "go");
const runtimeSources = () =>
  readdirSync(GO_RUNTIME).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go")).map((f) =>
    readFileSync(join(GO_RUNTIME, f), "utf8")
  );

test("gen knows every package-level name of the Go runtime", () => {
  const names = new Set<string>();
  for (const src of runtimeSources()) {
    for (const [, name] of src.matchAll(/^(?:func|type|var|const) ([A-Za-z_]\w*)/gm)) names.add(name);
    for (const [, block] of src.matchAll(/^(?:var|const) \(\n([\s\S]*?)^\)/gm)) {
      for (const [, name] of block.matchAll(/^\t([A-Za-z_]\w*)/gm)) names.add(name);
    }
  }
  assert.deepEqual([...names].sort(), [...GO_RUNTIME_NAMES].sort(), "update GO_RUNTIME_NAMES in gen/names.ts");
});

test("gen knows every package the Go runtime imports", () => {
  for (const src of runtimeSources()) {
    const imports = [...src.matchAll(/^import "(.+)"$/gm), ...src.matchAll(/^\t"(.+)"$/gm)].map(([, p]) => p);
    for (const path of imports) assert.ok(GO_PACKAGES.has(path.split("/").pop()!), `${path}: add it to GO_PACKAGES`);
  }
});

test("interfaces named like Go's predeclared identifiers and imported packages", () => {
  const why = "which is predeclared in Go (declaring it would hide it from the whole package)";
  refuses(
    "export interface error { a: u32 }\nexport interface uint { a: u32 }\n" +
      "export interface context { a: u32 }\nexport interface unsafe { a: u32 }\nexport interface C { a: u32 }",
    `1:18: interface "error" cannot be used: its Go type needs the Go name "error", ${why}; rename the interface, e.g. "Error"`,
    `2:18: interface "uint" cannot be used: its Go type needs the Go name "uint", ${why}; rename the interface, e.g. "Uint"`,
    '3:18: interface "context" cannot be used: its Go type needs the Go name "context", which is the name of a package' +
      ' the generated Go imports; rename the interface, e.g. "Context"',
    '4:18: interface "unsafe" cannot be used: its Go type needs the Go name "unsafe", which is the name of a package' +
      ' the generated Go imports; rename the interface, e.g. "Unsafe"',
    '5:18: interface "C" cannot be used: its Go type needs the Go name "C", which is the name of a package the' +
      " generated Go imports; rename the interface",
  );
  refuses(
    "export interface main { a: u32 }",
    '1:18: interface "main" cannot be used: its Go type needs the Go name "main", which is declared by the ts2go Go' +
      ' runtime; rename the interface, e.g. "Main"',
  );
});

test("a struct beside the Register function of a service", () => {
  refuses(
    "export interface RegisterS { a: u32 }\nexport interface S { f(u: RegisterS): u32 }",
    '2:18: interface "RegisterS" (its Go type) and service "S" (its Register function) both need the Go name' +
      ' "RegisterS"; rename one of them',
  );
});

test("services whose method symbols coincide", () => {
  refuses(
    "export interface A_b { c(): void }\nexport interface A { b_c(): void }",
    '2:22: method "A_b.c" and method "A.b_c" both need the Go name "ts2go_A_b_c" for their C symbols; rename one of them',
  );
  refuses(
    "export interface AB { c(): Promise<void> }\nexport interface A { bC(): Promise<void> }",
    '2:22: method "AB.c" and method "A.bC" both need the Go name "ts2goRunABC" for their Go starters; rename one of them',
  );
  refuses(
    "export interface host { open(): void }",
    '1:25: method "host.open" cannot be used: its C symbol needs the Go name "ts2go_host_open", which is declared' +
      " by the ts2go Go runtime; rename the method",
  );
});

test("structs whose Go helpers are the runtime's or each other's", () => {
  refuses(
    "export interface List { a: string }\nexport interface S { f(): List[] }",
    '1:18: interface "List" cannot be used: its heap-size function needs the Go name "ts2goHeapList", which is' +
      " declared by the ts2go Go runtime; rename the interface",
  );
  refuses(
    "export interface X { a: string }\nexport interface DecodeX { b: u32 }\nexport interface XRef { c: u32 }\n" +
      "export interface S { f(x: X, d: DecodeX, r: XRef): void }",
    '3:18: interface "DecodeX" (its C layout) and interface "XRef" (its decoder) both need the Go name' +
      ' "ts2goDecodeXRef"; rename one of them',
  );
});

test("names of enum constants, union helpers and strict mode's sets that another name takes", () => {
  refuses(
    "export enum Status { Active }\nexport interface StatusActive { x: u32 }\n" +
      "export interface S { m(a: StatusActive, s: Status): void }",
    '1:22: interface "StatusActive" (its Go type) and Status.Active of Status (its Go constant) both need the Go' +
      ' name "StatusActive"; rename one of them',
  );
  refuses(
    'export interface Ci { kind: "c" }\nexport interface Di { kind: "d" }\nexport type Shape = Ci | Di;\n' +
      "export interface ts2goDecodeShape { x: u32 }\nexport interface S { m(a: Shape, b: ts2goDecodeShape): void }",
    '3:13: interface "ts2goDecodeShape" (its Go type) and type "Shape" (its decoder) both need the Go name' +
      ' "ts2goDecodeShape"; rename one of them',
  );
  refuses(
    "export interface Item { y: u32 }\nexport interface ITEM_FIELDS { z: u32 }\n" +
      "export interface S { m(a: Item, b: ITEM_FIELDS): void }",
    '1:18: interface "ITEM_FIELDS" (its import) and interface "Item" (its set of field names) both need the TS' +
      ' name "ITEM_FIELDS"; rename one of them',
  );
  refuses(
    'export type Status = "on" | "off" | "x" | "y" | "z";\nexport interface STATUS_VALUES { x: u32 }\n' +
      "export interface S { m(a: Status, b: STATUS_VALUES): void }",
    '1:13: interface "STATUS_VALUES" (its import) and type "Status" (its set of values) both need the TS name' +
      ' "STATUS_VALUES"; rename one of them',
  );
  refuses(
    "export enum error { A }\nexport interface S { m(a: error): void }",
    '1:13: type "error" cannot be used: its Go type needs the Go name "error", which is predeclared in Go' +
      " (declaring it would hide it from the whole package); rename the type",
  );
});

test("names the generated TypeScript needs for itself", () => {
  refuses(
    "export interface EchoClient { a: u32 }\nexport interface Echo { f(): EchoClient }",
    '2:18: interface "EchoClient" (its import) and service "Echo" (its client interface) both need the TS name' +
      ' "EchoClient"; rename one of them',
  );
  refuses(
    "export interface Svc { f(): void }\nexport interface SVC { g(): void }",
    '2:18: service "Svc" and service "SVC" both need the TS name "SVC_FINGERPRINT" for their fingerprint constants;' +
      " rename one of them",
  );
  refuses(
    "export interface Object { a: u32 }",
    '1:18: interface "Object" cannot be used: its import needs the TS name "Object", which is a global the generated' +
      " TS uses; rename the interface",
  );
  refuses(
    "export interface S { a: u32 }\nexport interface ListOfS { b: u32 }\nexport interface T { f(s: S[], l: ListOfS): void }",
    '2:18: interface "ListOfS" and type "S[]" both need the Go name "ts2goDecodeListOfS" for their decoders; rename' +
      " one of them",
    '2:18: interface "ListOfS" and type "S[]" both need the TS name "measureListOfS" for their measuring functions;' +
      " rename one of them",
  );
});

test("client methods named like the client's own members", () => {
  refuses(
    "export interface S { close(): void; then(): void }",
    '1:22: method "S.close" cannot be used: its client method needs the client property "close", which is the' +
      " client's own close(); rename the method",
    '1:37: method "S.then" cannot be used: its client method needs the client property "then", which would make the' +
      " client a thenable (await, and return from an async function, would call it); rename the method",
  );
  refuses(
    "import type { Host } from 'ts2go';\nexport interface L extends Host { log(): void }\nexport interface S { provideL(): void }",
    '2:18: method "S.provideL" (its client method) and service "L" (its provide method) both need the client' +
      ' property "provideL"; rename one of them',
  );
});

test("names with a meaning for every JavaScript object", () => {
  refuses(
    "export interface S { __proto__: u32; constructor: u32; toString?: string; valueOf: u32 }\n" +
      "export interface T { __proto__(): void }",
    `1:22: field name "__proto__" is JavaScript's accessor of an object's prototype, not a property an object can` +
      " carry; rename the field",
    '1:38: field name "constructor": every object has one, which ts2go reads to tell plain objects (TypeScript types' +
      " it as Function); rename the field",
    '1:56: optional field "toString": every object inherits a "toString" (from Object.prototype): TypeScript does' +
      " not let an object omit it; make it required (`toString: T | undefined`) or rename it",
    `2:22: method name "__proto__" is JavaScript's accessor of an object's prototype, not a property an object can` +
      " carry; rename the method",
  );
  refuses(
    "import type { Host } from 'ts2go';\nexport interface L extends Host { toString(): string }",
    '2:35: Host method "toString": every JavaScript object has a "toString" (from Object.prototype), so an' +
      " implementation lacking it would still seem to have it; rename the method",
  );
});

test("names a TypeScript module cannot declare", () => {
  refuses(
    "export interface S { m(eval: u32, let: u32, this: u32): void }\nexport interface number { a: u8 }",
    '1:24: parameter name "eval" is reserved in a JavaScript module (strict mode); rename the parameter',
    '1:35: parameter name "let" is reserved in a JavaScript module (strict mode); rename the parameter',
    '1:45: method "m": a "this" parameter declares the type of this, not an argument; remove it',
    '2:18: interface name "number" is the name of a TypeScript type; rename the interface',
  );
});

test("a required parameter after an optional one", () => {
  refuses(
    "export interface S { m(a?: u32, b: u32): void }",
    '1:33: parameter "b" of method "m" is required but follows the optional parameter "a"; make it optional ("b?: T")' +
      ' or move it before "a"',
  );
});

test("interfaces named like the types schemas are written with", () => {
  refuses(
    "export interface Map { a: u32 }\nexport interface Promise { f(): void }\nexport interface u8 { a: u32 }",
    '1:18: interface name "Map" would hide the type Map that schemas are written with; rename the interface',
    '2:18: interface name "Promise" would hide the type Promise that schemas are written with; rename the interface',
    '3:18: interface name "u8" would hide the type u8 that schemas are written with; rename the interface',
  );
});

test("two services may have methods of the same name: each has a client of its own", () => {
  const text = "export interface A { get(): u32 }\nexport interface B { get(): u32 }";
  const { ts } = emit(computeLayout(parseSchemaText("schema.ts", text + IMPORTS)), { runtime: "m", schemaImport: "s" });
  assert.match(ts, /export function loadA\(/);
  assert.match(ts, /export function loadB\(/);
});
