/**
 * Schema parser tests: the model produced for valid schemas, and the exact `file:line:col` and advice
 * of every rejected form. Uses only node:test and node:assert so it runs under `deno test` and `bun test`.
 * @module
 */

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSchema, parseSchemaText, SchemaError } from "../gen/parse.ts";
import { goName } from "../gen/names.ts";
import type { Type } from "../gen/model.ts";

const EXAMPLE = `import type { u8, u32, usize } from "../../mod.ts";
export interface User { id: u32; name: string; age: u8 }
export interface LoginRequest { user: User; password: string }
export interface LoginResponse { succ: boolean; message: string; token: Uint8Array }
export interface FriendsListRequest { token: Uint8Array; user_ids: u32[] }
export interface FriendsListResponse { users: User[] }
export interface TestCall {
  ping(n: usize): usize;
  login(req: LoginRequest): LoginResponse;
  logout(req: User): void;
  add_friends(req: FriendsListRequest): Promise<FriendsListResponse>;
  multi_param_test(user: User, message: string, token: Uint8Array): Promise<LoginResponse>;
}
`;

/**
 * ts2go's types, imported at the end of a test schema (after every line, so that positions in the
 * schema do not move): scalar aliases count only when they come from ts2go.
 */
const IMPORTS = '\nimport type { Host, f32, f64, i16, i32, i64, i8, isize, u16, u32, u64, u8, usize } from "ts2go";';

/** Parses a test schema that uses ts2go's types without importing them. */
const parse = (text: string) => parseSchemaText("schema.ts", text + IMPORTS);

/** Every diagnostic line of a schema that must fail. */
function diagnostics(text: string): string[] {
  try {
    parse(text);
  } catch (e) {
    assert.ok(e instanceof SchemaError, `expected SchemaError, got ${e}`);
    assert.equal(e.message, e.diagnostics.map((d) => `schema.ts:${d.pos.line}:${d.pos.col}: ${d.message}`).join("\n"));
    return e.message.split("\n");
  }
  assert.fail("expected a SchemaError");
}

/** Asserts exactly one diagnostic, at `where` ("line:col"), whose message contains each of `parts`. */
function rejects(text: string, where: string, ...parts: string[]): void {
  const lines = diagnostics(text);
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.ok(lines[0].startsWith(`schema.ts:${where}: `), lines[0]);
  for (const part of parts) assert.ok(lines[0].includes(part), `${lines[0]}\n  does not contain: ${part}`);
}

/** The type of field `f` in `export interface S { f: <type> }` (preceded by `decls`). */
function fieldType(type: string, decls = ""): Type {
  const schema = parse(`${decls}\nexport interface S { f: ${type} }`);
  return schema.structs.find((s) => s.name === "S")!.fields[0].type;
}

const u8: Type = { kind: "prim", name: "u8" };
const u32: Type = { kind: "prim", name: "u32" };
const str: Type = { kind: "string" };
const user: Type = { kind: "struct", name: "User" };
const CONCRETE = "use a concrete type such as string, u32 or an interface";
// `export interface S { f: ` is 24 characters, so on line 1 a field's type starts at column 25.
const S = "export interface S { f: ";

test("goName converts snake_case and camelCase to Go PascalCase", () => {
  assert.equal(goName("user_ids"), "UserIds");
  assert.equal(goName("add_friends"), "AddFriends");
  assert.equal(goName("id"), "Id");
  assert.equal(goName("multi_param_test"), "MultiParamTest");
  assert.equal(goName("userId"), "UserId");
  assert.equal(goName("User"), "User");
});

test("the example schema parses to the expected model", () => {
  const schema = parseSchemaText("examples/schema.ts", EXAMPLE);
  assert.equal(schema.file, "examples/schema.ts");
  assert.deepEqual(schema.structs.map((s) => s.name), [
    "User",
    "LoginRequest",
    "LoginResponse",
    "FriendsListRequest",
    "FriendsListResponse",
  ]);
  const [userStruct, loginReq, loginResp, friendsReq, friendsResp] = schema.structs;
  assert.deepEqual(userStruct.fields.map((f) => [f.name, f.type]), [["id", u32], ["name", str], ["age", u8]]);
  assert.deepEqual(loginReq.fields[0].type, user);
  assert.deepEqual(loginResp.fields.map((f) => f.type), [
    { kind: "prim", name: "bool" },
    str,
    { kind: "typed", name: "Uint8Array" },
  ]);
  assert.deepEqual(friendsReq.fields[1], {
    name: "user_ids",
    type: { kind: "list", elem: u32 },
    pos: { file: "examples/schema.ts", line: 5, col: 58 },
  });
  assert.deepEqual(friendsResp.fields[0].type, { kind: "list", elem: user });
  assert.deepEqual(userStruct.pos, { file: "examples/schema.ts", line: 2, col: 18 });

  assert.equal(schema.services.length, 1);
  const svc = schema.services[0];
  assert.equal(svc.name, "TestCall");
  assert.deepEqual(svc.pos, { file: "examples/schema.ts", line: 7, col: 18 });
  const summary = svc.methods.map((m) => [m.name, m.async, m.result, m.params.map((p) => p.name)]);
  assert.deepEqual(summary, [
    ["ping", false, { kind: "prim", name: "usize" }, ["n"]],
    ["login", false, { kind: "struct", name: "LoginResponse" }, ["req"]],
    ["logout", false, null, ["req"]],
    ["add_friends", true, { kind: "struct", name: "FriendsListResponse" }, ["req"]],
    ["multi_param_test", true, { kind: "struct", name: "LoginResponse" }, ["user", "message", "token"]],
  ]);
  const multi = svc.methods[4];
  assert.deepEqual(multi.pos, { file: "examples/schema.ts", line: 12, col: 3 });
  assert.deepEqual(multi.params.map((p) => p.type), [user, str, { kind: "typed", name: "Uint8Array" }]);
  assert.deepEqual(multi.params[1].pos, { file: "examples/schema.ts", line: 12, col: 32 });
});

test("parseSchema reads the file and keeps the path as given", () => {
  const dir = mkdtempSync(join(tmpdir(), "ts2go-parse-"));
  try {
    const path = join(dir, "schema.ts");
    writeFileSync(path, EXAMPLE);
    const schema = parseSchema(path);
    assert.equal(schema.file, path);
    assert.equal(schema.services[0].methods[0].pos.file, path);
    writeFileSync(path, `${S}any }`);
    assert.throws(() => parseSchema(path), (e) => e instanceof SchemaError && e.message.startsWith(`${path}:1:25: `));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("every scalar form maps to a prim, string or typed array", () => {
  for (const name of ["u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize", "f32", "f64"]) {
    assert.deepEqual(fieldType(name), { kind: "prim", name });
  }
  assert.deepEqual(fieldType("number"), { kind: "prim", name: "f64" });
  assert.deepEqual(fieldType("boolean"), { kind: "prim", name: "bool" });
  assert.deepEqual(fieldType("string"), str);
  assert.deepEqual(fieldType("(string)"), str);
  const typed = ["Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array"];
  for (const name of [...typed, "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"]) {
    assert.deepEqual(fieldType(name), { kind: "typed", name });
  }
});

test("lists, maps, structs and optionals", () => {
  const decls = "export interface User { id: u32 }";
  for (const list of ["u8[]", "Array<u8>", "ReadonlyArray<u8>", "readonly u8[]", "(u8)[]"]) {
    assert.deepEqual(fieldType(list), { kind: "list", elem: u8 }, list);
  }
  assert.deepEqual(fieldType("u8[][]"), { kind: "list", elem: { kind: "list", elem: u8 } });
  assert.deepEqual(fieldType("User", decls), user);
  assert.deepEqual(fieldType("User[]", decls), { kind: "list", elem: user });
  assert.deepEqual(fieldType("Map<string, User>", decls), { kind: "map", key: str, value: user });
  for (const key of ["u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize"]) {
    assert.deepEqual(fieldType(`Map<${key}, string[]>`), {
      kind: "map",
      key: { kind: "prim", name: key },
      value: { kind: "list", elem: str },
    });
  }
  const optU8: Type = { kind: "optional", inner: u8 };
  for (const opt of ["u8 | undefined", "undefined | u8", "(u8 | undefined)", "(u8) | undefined"]) {
    assert.deepEqual(fieldType(opt), optU8, opt);
  }
  assert.deepEqual(fieldType("(u8 | undefined)[]"), { kind: "list", elem: optU8 });
  assert.deepEqual(fieldType("Map<string, u8 | undefined>"), { kind: "map", key: str, value: optU8 });

  const s = parse("export interface S { a?: u8; b?: u8 | undefined; c?: (u8 | undefined)[] }");
  assert.deepEqual(s.structs[0].fields.map((f) => f.type), [optU8, optU8, {
    kind: "optional",
    inner: { kind: "list", elem: optU8 },
  }]);
});

test("recursion through optional, list and map is allowed", () => {
  const s = parse("export interface T { next?: T; kids: T[]; byName: Map<string, T>; v: u8 }");
  assert.deepEqual(s.structs[0].fields.map((f) => f.type.kind), ["optional", "list", "map", "prim"]);
});

test("method forms: optional params, sync and async results", () => {
  const s = parse(
    `export interface Svc {
  a(x?: u32, y?: string | undefined): Promise<u32 | undefined>;
  b(): Promise<void>;
  c(): void;
  d(): string[];
  e(): (Promise<(u8)>);
}`,
  );
  const [a, b, c, d, e] = s.services[0].methods;
  assert.deepEqual(a.params.map((p) => p.type), [{ kind: "optional", inner: u32 }, { kind: "optional", inner: str }]);
  assert.deepEqual([a.async, a.result], [true, { kind: "optional", inner: u32 }]);
  assert.deepEqual([b.async, b.result, b.params], [true, null, []]);
  assert.deepEqual([c.async, c.result], [false, null]);
  assert.deepEqual([d.async, d.result], [false, { kind: "list", elem: str }]);
  assert.deepEqual([e.async, e.result], [true, u8]);
  assert.deepEqual(a.params[1].pos, { file: "schema.ts", line: 2, col: 14 });
});

test("non-exported interfaces that nothing refers to are ignored", () => {
  const s = parse("interface Scratch { a: any }\nexport interface S { a: u8 }");
  assert.deepEqual(s.structs.map((x) => x.name), ["S"]);
});

test("rejected field types give the position of the type and an alternative", () => {
  rejects(
    `${S}string | number }`,
    "1:25",
    `field "f" has a union type "string | number"; ts2go supports unions of literals ("a" | "b"), of interfaces`,
    "Use separate optional fields or a struct instead.",
  );
  rejects(`${S}any }`, "1:25", `field "f": type "any" is not supported; ${CONCRETE}`);
  rejects(`${S}unknown }`, "1:25", `type "unknown" is not supported; ${CONCRETE}`);
  rejects(`${S}object }`, "1:25", `type "object" is not supported; ${CONCRETE}`);
  rejects(`${S}null }`, "1:25", 'field "f": null alone carries nothing; write T | null');
  rejects(`${S}1 | "a" }`, "1:29", "a union mixes string and number literals; use all strings or all numbers");
  rejects(`${S}u8 & u16 }`, "1:25", `type "u8 & u16" is not supported; declare one exported interface`);
  rejects(`${S}Date }`, "1:25", `type "Date" is not supported`, "i64 milliseconds", "ISO 8601 string");
  rejects(`${S}bigint }`, "1:25", "use u64, i64, usize or isize");
  rejects(`${S}Record<u8, u8> }`, "1:32", 'Record key type "u8" is not supported; write Record<string, V>');
  rejects(`${S}[u8, u8] }`, "1:25", "use an exported interface with named fields, or a list T[]");
  rejects(`${S}{ a: u8 } }`, "1:25", "declare it as an exported interface and refer to it by name");
  rejects(`${S}Promise<u8> }`, "1:25", "Promise is allowed only as a method result");
  rejects(`${S}void }`, "1:25", "void is allowed only as a method result");
  rejects(`${S}undefined }`, "1:25", "use `T | undefined`, `T | null` or `f?: T`");
  rejects(`export interface S { a: u8; f: (x: u8) => void }`, "1:32", "declare a method on a service interface");
  rejects(`${S}Foo }`, "1:25", `field "f" has unknown type "Foo": declare it as an exported interface in this file`);
  rejects(`${S}Set<u8> }`, "1:25", "use a list T[]");
});

test("rejected forms nested in lists and maps point at the inner type", () => {
  rejects(`${S}(string | u8)[] }`, "1:26", `has a union type "string | u8"`);
  rejects(`${S}Array<any> }`, "1:31", `type "any" is not supported`);
  rejects(`${S}Map<f64, u8> }`, "1:29", `Map key type "f64" is not supported; use string, an integer type`);
  rejects(`${S}Map<boolean, u8> }`, "1:29", `Map key type "boolean" is not supported`);
  rejects(`${S}Map<string, null> }`, "1:37", "null alone carries nothing");
  rejects(`${S}Map<string> }`, "1:25", "Map<K, V>");
});

test("local declarations that are not exported interfaces (and aliases, which may)", () => {
  rejects("class C { a = 1 }\n" + `${S}C }`, "2:25", "classes are not supported; declare an exported interface");
  rejects("enum E { A }\n" + `${S}E }`, "1:6", "enum E is not exported; export it or remove it");
  assert.deepEqual(fieldType("T", "type T = u8;"), u8, "an alias that is not exported stands for its type");
  rejects(
    "interface Hidden { a: u8 }\n" + `${S}Hidden; g: Hidden[] }`,
    "1:11",
    "interface Hidden is not exported; export it or remove it",
  );
  rejects("export interface Svc { m(): void }\n" + `${S}Svc }`, "2:25", "services cannot be passed");
});

test("every exported declaration that is not a type is rejected with what to write instead", () => {
  const INTERFACE = "declare an exported interface instead";
  rejects("export class S { f(a: u32): u32 { return a } }", "1:14", "class S is not supported", INTERFACE);
  rejects("export abstract class S {}", "1:23", "class S is not supported", INTERFACE);
  rejects("class C {}\nexport { C };", "1:7", "class C is not supported", INTERFACE);
  const NS = "declare its interfaces, type aliases and enums at the top level of the file";
  rejects("export namespace N { export interface S { a: u32 } }", "1:18", "namespace N is not supported", NS);
  rejects("export module M {}", "1:15", "namespace M is not supported", NS);
  rejects("export function f(a: u32): u32 { return a }", "1:17", "function f is not supported", "method signature");
  rejects("export declare function g(): void;", "1:25", "function g is not supported");
  const VALUE = "a schema declares types only: remove it, or declare an exported interface, type alias or enum";
  rejects("export const x = 1, y = 2;", "1:14", 'exported const "x" is not supported', VALUE);
  rejects("export let x: u32;", "1:12", 'exported let "x" is not supported', VALUE);
  rejects("export var v = 1;", "1:12", 'exported var "v" is not supported', VALUE);
  const DEFAULT = "a default export is not supported; export each interface, type alias or enum by name";
  rejects("export default interface S { a: u32 }", "1:26", DEFAULT);
  rejects("export default class {}", "1:1", DEFAULT);
  rejects("interface S { a: u32 }\nexport default S;", "2:1", DEFAULT);
  rejects("export = 3;", "1:1", DEFAULT);
  rejects('export * from "./other";', "1:1", "re-exports from another module are not supported");
  // What stays accepted: `export { A }` of an interface, and helpers that are not exported.
  const s = parse("interface A { a: u32 }\nexport { A };\nclass H {}\nfunction h() {}\nconst z = 1;\nnamespace Q {}");
  assert.deepEqual(s.structs.map((x) => x.name), ["A"]);
});

test("interface-level errors", () => {
  rejects("export interface S {}", "1:18", "interface S has no members");
  rejects("export interface S<T> { f: T }", "1:20", "generic", "declare one concrete interface per type");
  rejects("export interface S extends Host { m(): AsyncIterable<u8> }", "1:40", "a Host (TS) method cannot stream");
  rejects(
    "export interface S extends Host { f: u8 }",
    "1:18",
    "S extends Host, so it is a service: give it methods only",
  );
  rejects("export interface S { m(): AsyncIterable<void> }", "1:41", "a stream needs an item type");
  rejects(
    "export interface A { a: u8 }\nexport interface S extends A { b: u8 }",
    "2:28",
    "inheritance is not supported. Copy the fields of A into S",
  );
  rejects(
    "export interface S { [k: string]: u8 }",
    "1:22",
    "index signatures are not supported; use fields",
    "a Map<string, V> field",
  );
  rejects(
    "export interface S { a: u8; m(): void }",
    "1:29",
    "mixes fields and methods",
    'move method "m" to a service interface',
  );
  rejects("export interface S { a: u8 }\nexport interface S { b: u8 }", "2:18", "declared twice; merge them");
});

test("method errors", () => {
  rejects(
    "export interface S { m: (x: u8) => void }",
    "1:22",
    'property "m" has a function type; write a method signature: m(x: u8): void',
  );
  rejects(
    "export interface S { m(...xs: u8[]): void }",
    "1:24",
    'rest parameters are not supported; take a list "xs: T[]" instead',
  );
  rejects("export interface S { m<T>(x: T): T }", "1:24", 'method "m" is generic; use concrete types');
  rejects("export interface S { m?(): void }", "1:22", 'method "m" is optional; remove the "?"');
  rejects(
    "export interface S { m(): void; m(x: u8): void }",
    "1:33",
    'method "m" is declared twice',
    "give each its own name",
  );
  rejects("export interface S { m({ a }: { a: u8 }): void }", "1:24", "destructuring is not supported");
  rejects("export interface S { m(x): void }", "1:24", 'parameter "x" of method "m" has no type');
  rejects("export interface S { m(x: u8) }", "1:22", 'method "m" has no result type; write ": void"');
  rejects("export interface S { m(x: string | u8): void }", "1:27", 'parameter "x" of method "m" has a union type');
  rejects("export interface S { m(): Promise<null> }", "1:35", 'result of method "m": null alone carries nothing');
  rejects("export interface S { m(): Promise<Promise<u8>> }", "1:35", "Promise is allowed only as a method result");
  rejects("export interface S { m(): Promise<u8, u8> }", "1:27", "write Promise<T> or Promise<void>");
});

test("a struct that contains itself by value has infinite size", () => {
  rejects(
    "export interface S { a: u8; me: S }",
    "1:29",
    "struct S has infinite size",
    "use an optional field `me?: S` or a list",
  );
  rejects(
    "export interface A { b: B }\nexport interface B { c: C }\nexport interface C { a: A }",
    "1:22",
    "struct A has infinite size: it contains itself by value (A.b → B.c → C.a → A)",
    "`b?: B`",
  );
});

test("names must be identifiers and must not collide in Go", () => {
  rejects(
    "export interface S { user_id: u8; userId: u8 }",
    "1:35",
    'field "userId" and "user_id"',
    'both become "UserId"',
    "rename one",
  );
  rejects(
    'export interface S { "foo-bar": u8 }',
    "1:22",
    'field name "foo-bar" is not a valid identifier',
    '"foo_bar"',
  );
  rejects("export interface S { _: u8 }", "1:22", 'field name "_" is not a valid identifier');
  rejects("export interface S { [k]: u8 }", "1:22", "field name [k] is not supported; use a plain name");
  rejects(
    "export interface user_info { a: u8 }\nexport interface UserInfo { b: u8 }",
    "2:18",
    'both become "UserInfo"',
  );
  rejects("export interface S { get_x(): void; getX(): void }", "1:37", 'method "getX" and "get_x"');
  rejects("export interface S { m(a_b: u8, aB: u8): void }", "1:33", 'parameter "aB" and "a_b"');
});

test("odd corners", () => {
  // TS 5.7+ typed arrays take a buffer type argument; the data is the same.
  assert.deepEqual(fieldType("Uint8Array<ArrayBuffer>"), { kind: "typed", name: "Uint8Array" });
  // Names inherited by every JS object must not be mistaken for known types.
  rejects(`${S}toString }`, "1:25", 'unknown type "toString"');
  rejects("export interface User { a: u8 }\n" + `${S}User<u8> }`, "2:25", "a name without type arguments");
  rejects("export interface S { a: u8; (x: u8): void }", "1:29", '"(x: u8): void" is not supported; use fields');
  rejects(
    "export interface S { m(x: u8 = 1): void }",
    "1:24",
    'parameter "x" of method "m" has a default value',
    '"x?: T"',
  );
});

test("all diagnostics are collected, in source order", () => {
  const lines = diagnostics(`export interface S {
  a: any;
  b: string | number;
  c: Foo;
}
export interface T { m(...x: u8[]): void }
export interface E {}`);
  assert.equal(lines.length, 5, lines.join("\n"));
  assert.deepEqual(lines.map((l) => l.split(": ")[0]), [
    "schema.ts:2:6",
    "schema.ts:3:6",
    "schema.ts:4:6",
    "schema.ts:6:24",
    "schema.ts:7:18",
  ]);
});

test("syntax errors are reported alone with their position", () => {
  assert.throws(
    () => parseSchemaText("schema.ts", "export interface S { a: u8 \n"),
    (e) => e instanceof SchemaError && e.message === "schema.ts:2:1: syntax error: '}' expected.",
  );
});

test("names are resolved by the checker: ts2go's scalars only when imported from ts2go", () => {
  const u32: Type = { kind: "prim", name: "u32" };
  for (const from of ["ts2go", "ts2go/mod.ts", "npm:ts2go@0.1", "jsr:@ts2go/ts2go", "../../mod.ts", "/abs/mod.ts"]) {
    const s = parseSchemaText("s.ts", `import type { u32 } from "${from}";\nexport interface S { a: u32 }`);
    assert.deepEqual(s.structs[0].fields[0].type, u32, from);
  }
  const renamed = 'import type { u32 as Id } from "ts2go";\nimport type * as t from "ts2go";\n';
  const s = parseSchemaText("s.ts", `${renamed}export interface S { a: Id; b: t.u64; c: t.f32 }`);
  assert.deepEqual(s.structs[0].fields.map((f) => f.type), [u32, { kind: "prim", name: "u64" }, {
    kind: "prim",
    name: "f32",
  }]);
  const missing = (text: string) => {
    try {
      parseSchemaText("schema.ts", text);
    } catch (e) {
      return (e as Error).message;
    }
    assert.fail("expected a SchemaError");
  };
  assert.equal(
    missing("export interface S { a: u32 }"),
    'schema.ts:1:25: field "a": type "u32" is not imported; add `import type { u32 } from "ts2go"`',
  );
  // The advice names the module the file already imports ts2go from.
  assert.equal(
    missing('import type { u8 } from "../mod.ts";\nexport interface S { a: u8; b: u64 }'),
    'schema.ts:2:32: field "b": type "u64" is not imported; add `import type { u64 } from "../mod.ts"`',
  );
  assert.equal(
    missing("export interface L extends Host { f(): void }"),
    'schema.ts:1:28: L extends Host, which is not imported; add `import type { Host } from "ts2go"`',
  );
  assert.equal(
    missing('import type { u32 } from "./types.ts";\nexport interface S { a: u32 }'),
    'schema.ts:2:25: field "a": type "u32" is imported from "./types.ts"; ts2go reads only the schema file: declare it there',
  );
  assert.equal(
    missing('import type { u128 } from "ts2go";\nexport interface S { a: u128 }'),
    'schema.ts:2:25: field "a": ts2go exports no type "u128"; its scalar types are u8, u16, u32, u64, usize, i8, ' +
      "i16, i32, i64, isize, f32, f64",
  );
  // The user's own u32 is theirs, a string, not ts2go's uint32.
  const own = parseSchemaText("s.ts", "type u32 = string;\nexport interface S { a: u32 }");
  assert.deepEqual(own.structs[0].fields[0].type, { kind: "string" });
});
