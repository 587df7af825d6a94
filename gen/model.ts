/**
 * The schema model: plain data that the parser produces and both emitters read.
 *
 * Nothing here knows about ts-morph, Go or byte layout; `layout.ts` adds sizes and offsets.
 *
 * @example
 * ```ts
 * import type { Schema } from "./model.ts";
 * const empty: Schema = { file: "schema.ts", structs: [], services: [] };
 * ```
 * @module
 */

/** Fixed-size scalar types (the TS aliases exported by `mod.ts`, plus `boolean` and `number` = f64). */
export type PrimName =
  | "u8"
  | "u16"
  | "u32"
  | "u64"
  | "usize"
  | "i8"
  | "i16"
  | "i32"
  | "i64"
  | "isize"
  | "f32"
  | "f64"
  | "bool";

/** Typed-array classes accepted as zero-copy slices. */
export type TypedArrayName =
  | "Uint8Array"
  | "Int8Array"
  | "Uint16Array"
  | "Int16Array"
  | "Uint32Array"
  | "Int32Array"
  | "Float32Array"
  | "Float64Array"
  | "BigInt64Array"
  | "BigUint64Array";

/**
 * A schema type.
 *
 * @example
 * ```ts
 * import type { Type } from "./model.ts";
 * const ids: Type = { kind: "list", elem: { kind: "prim", name: "u32" } };
 * ```
 */
export type Type =
  | { kind: "prim"; name: PrimName }
  | { kind: "string" }
  | { kind: "typed"; name: TypedArrayName }
  | { kind: "list"; elem: Type }
  | { kind: "struct"; name: string }
  | { kind: "optional"; inner: Type; absent?: Absent }
  | { kind: "map"; key: Type; value: Type; record?: true }
  | { kind: "alias"; name: string; target: Type }
  | { kind: "enum"; name: string; ts: string }
  | { kind: "union"; name: string; ts: string }
  | { kind: "literal"; value: LiteralValue; ts: string };

/**
 * How an optional is absent in TypeScript: `undefined` (`T | undefined`, `f?: T`; the default when
 * unset), `null` (`T | null`), or either (`T | null | undefined`, `f?: T | null`; results come back
 * as `null`). Go has one nil for all three.
 */
export type Absent = "undefined" | "null" | "nullish";

/** The value of a literal type (`"circle"`, `2`, `true`). */
export type LiteralValue = string | number | boolean;

/**
 * A type with a fixed set of values: a TS `enum` or `const enum` (`origin: "enum"`), an exported alias
 * of a union of literals (`"union"`), or a union of literals written in place (`"inline"`, named after
 * where it is written: `kind: "a" | "b"` in `Entry` is `EntryKind`). Go: `type Status string` (or
 * `int32`, `base: "i32"`) with one constant per member.
 */
export interface Enum {
  name: string;
  base: "string" | "i32";
  origin: "enum" | "union" | "inline";
  members: EnumMember[];
  pos: Pos;
}

/**
 * One value of an {@link Enum}: `ts` spells it in TypeScript (`"active"`, `Color.Red`), its Go
 * constant is the enum's name and `goSuffix` (`Status` + `Active`).
 */
export interface EnumMember {
  value: string | number;
  ts: string;
  goSuffix: string;
  pos: Pos;
}

/**
 * A discriminated union of structs (`type Shape = Circle | Square`): each member has the field
 * `discriminant` of one literal value, a different one in each (`kind: "circle"`). Go: a sealed
 * interface (`type Shape interface{ isShape() }`) that the member structs implement.
 */
export interface Union {
  name: string;
  discriminant: string;
  members: { struct: string; value: LiteralValue }[];
  /** Declared by an exported alias (`export type Shape = …`), or written in place (named after where). */
  origin: "union" | "inline";
  pos: Pos;
}

/** An exported alias of a type that is not a union (`export type UserId = u64`): a named Go type. */
export interface Alias {
  name: string;
  target: Type;
  pos: Pos;
}

/** A position in the schema source, 1-based, for diagnostics. */
export interface Pos {
  file: string;
  line: number;
  col: number;
}

/** One field of a struct (an exported data interface). */
export interface Field {
  name: string;
  type: Type;
  pos: Pos;
  /** Written `f?: T`: the property itself may be missing (as opposed to `f: T | undefined`). */
  mayBeMissing?: boolean;
}

/** An exported interface that holds data. */
export interface Struct {
  name: string;
  fields: Field[];
  pos: Pos;
}

/** One parameter of a service method. */
export interface Param {
  name: string;
  type: Type;
  pos: Pos;
  /** Written `p?: T`: the argument may be left out. */
  mayBeMissing?: boolean;
}

/**
 * A service method: sync when `async` is false, `Promise`-returning when true; a stream (`async` and
 * `stream` true) returns `AsyncIterable<result>`. `result` null = void.
 */
export interface Method {
  name: string;
  params: Param[];
  result: Type | null;
  async: boolean;
  stream?: boolean;
  pos: Pos;
}

/**
 * An exported interface whose members are all methods: implemented in Go and called from TS, or,
 * when it `extends Host` (`host` true), implemented in TS and called from Go.
 */
export interface Service {
  name: string;
  methods: Method[];
  pos: Pos;
  host?: boolean;
}

/**
 * A whole schema file. `file` is the path as given to the parser. Aliases, enums and unions are in
 * the order the parser met them (left out: none).
 */
export interface Schema {
  file: string;
  structs: Struct[];
  services: Service[];
  aliases?: Alias[];
  enums?: Enum[];
  unions?: Union[];
}

/** Element type of each typed-array class. */
export const TYPED_ARRAY_ELEM: Record<TypedArrayName, PrimName> = {
  Uint8Array: "u8",
  Int8Array: "i8",
  Uint16Array: "u16",
  Int16Array: "i16",
  Uint32Array: "u32",
  Int32Array: "i32",
  Float32Array: "f32",
  Float64Array: "f64",
  BigInt64Array: "i64",
  BigUint64Array: "u64",
};

/**
 * A readable rendering of a type in TS syntax, used in messages and fingerprints.
 *
 * @example
 * ```ts
 * import { typeToString } from "./model.ts";
 * typeToString({ kind: "list", elem: { kind: "string" } }); // "string[]"
 * ```
 */
export function typeToString(t: Type): string {
  switch (t.kind) {
    case "prim":
      // `f64` and `number` are the same type; `number` needs no import.
      return t.name === "bool" ? "boolean" : t.name === "f64" ? "number" : t.name;
    case "string":
      return "string";
    case "typed":
      return t.name;
    case "list": {
      const inner = typeToString(t.elem);
      // `T | undefined` and a union written in place are unions at the top: `(A | B)[]`.
      const union = t.elem.kind === "optional" || ((t.elem.kind === "enum" || t.elem.kind === "union") &&
        t.elem.ts !== t.elem.name);
      return union ? `(${inner})[]` : `${inner}[]`;
    }
    case "struct":
    case "alias":
      return t.name;
    case "optional":
      return `${typeToString(t.inner)} | ${ABSENT_TS[t.absent ?? "undefined"]}`;
    case "map":
      return t.record
        ? `Record<string, ${typeToString(t.value)}>`
        : `Map<${typeToString(t.key)}, ${typeToString(t.value)}>`;
    case "enum":
    case "union":
    case "literal":
      return t.ts;
  }
}

/**
 * The type an alias stands for, through any chain of aliases; any other type itself.
 * @example `target({ kind: "alias", name: "UserId", target: { kind: "prim", name: "u64" } }) // { kind: "prim", name: "u64" }`
 */
export function target(t: Type): Type {
  return t.kind === "alias" ? target(t.target) : t;
}

const ABSENT_TS: Record<Absent, string> = { undefined: "undefined", null: "null", nullish: "null | undefined" };
