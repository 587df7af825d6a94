/**
 * Which types travel in which direction. Emitters write input code (JS packers, Go decoders) only for
 * types reachable from parameters, and output code (Go encoders, JS unpackers) only for types
 * reachable from results, so generated files carry no dead helpers. `layout.ts` computes this once.
 *
 * @example
 * ```ts
 * import { typeUsage } from "./usage.ts";
 * const u = typeUsage({ file: "s.ts", structs: [], services: [] });
 * u.input.size; // 0
 * ```
 * @module
 */

import type { Schema, Struct, Type, Union } from "./model.ts";
import { typeToString } from "./model.ts";

/** Types used in one direction, keyed by {@link usageKey}, in first-use order (inner types first). */
export type TypeSet = Map<string, Type>;

/**
 * Types JS packs and Go decodes (`input`: parameters of Go services, results of Host services) and
 * types Go encodes and JS reads (`output`: results and stream items of Go services, parameters of
 * Host services). `hostResults` are the input types Go must copy out of JS memory.
 */
export interface TypeUsage {
  input: TypeSet;
  output: TypeSet;
  hostResults: TypeSet;
}

/**
 * The key of a type in a {@link TypeSet}: `typeToString`, except that enums and unions are named by
 * their Go names (two unions written in place may read the same in TS, `"a" | "b"`, and still be two
 * Go types).
 *
 * @example
 * ```ts
 * import { usageKey } from "./usage.ts";
 * usageKey({ kind: "list", elem: { kind: "enum", name: "EntryKind", ts: '"a" | "b"' } }); // "EntryKind[]"
 * ```
 */
export function usageKey(t: Type): string {
  switch (t.kind) {
    case "enum":
    case "union":
      return t.name;
    case "list":
      return `${usageKey(t.elem)}[]`;
    case "optional":
      return `${usageKey(t.inner)} | ${t.absent ?? "undefined"}`;
    case "map":
      return `${t.record ? "Record" : "Map"}<${usageKey(t.key)}, ${usageKey(t.value)}>`;
    default:
      return typeToString(t);
  }
}

/** A schema's structs and unions by name, where {@link innerTypes} looks named types up. */
export interface NamedTypes {
  structs: ReadonlyMap<string, Struct>;
  unions: ReadonlyMap<string, Union>;
}

/**
 * The structs and unions of `schema` by name.
 * @example `innerTypes({ kind: "struct", name: "User" }, namedTypes(schema))`
 */
export function namedTypes(schema: Schema): NamedTypes {
  return {
    structs: new Map(schema.structs.map((s) => [s.name, s])),
    unions: new Map((schema.unions ?? []).map((u) => [u.name, u])),
  };
}

/**
 * The types a value of `t` holds directly (a struct's fields, a list's elements, an alias's target, a
 * union's member structs…).
 *
 * @example
 * ```ts
 * import { innerTypes, namedTypes } from "./usage.ts";
 * const named = namedTypes({ file: "s.ts", structs: [], services: [] });
 * innerTypes({ kind: "list", elem: { kind: "string" } }, named); // [{ kind: "string" }]
 * ```
 */
export function innerTypes(t: Type, named: NamedTypes): Type[] {
  switch (t.kind) {
    case "list":
      return [t.elem];
    case "optional":
      return [t.inner];
    case "map":
      return [t.key, t.value];
    case "struct":
      return (named.structs.get(t.name)?.fields ?? []).map((f) => f.type);
    case "alias":
      return [t.target];
    case "union":
      return (named.unions.get(t.name)?.members ?? []).map((m) => ({ kind: "struct", name: m.struct }));
    default:
      return [];
  }
}

function visit(named: NamedTypes, t: Type, into: TypeSet): void {
  const key = usageKey(t);
  if (into.has(key)) return;
  // Mark before descending so that recursive structs terminate; inner types are added after.
  into.set(key, t);
  for (const inner of innerTypes(t, named)) visit(named, inner, into);
}

/**
 * The structs whose values can hold a value of the same struct (through a list, an optional, a map or
 * a union): a value of one can nest without bound, so its packers and unpackers count the levels.
 *
 * @example
 * ```ts
 * import { selfHolding } from "./usage.ts";
 * const pos = { file: "s.ts", line: 1, col: 1 };
 * selfHolding({ file: "s.ts", services: [], structs: [{ name: "T", pos, fields: [
 *   { name: "kids", pos, type: { kind: "list", elem: { kind: "struct", name: "T" } } }] }] }); // Set { "T" }
 * ```
 */
export function selfHolding(schema: Schema): Set<string> {
  const named = namedTypes(schema);
  const found = new Set<string>();
  for (const s of schema.structs) {
    const seen = new Set<string>();
    const reaches = (t: Type): boolean => {
      const key = usageKey(t);
      if (seen.has(key)) return false;
      seen.add(key);
      return innerTypes(t, named).some((u) => (u.kind === "struct" && u.name === s.name) || reaches(u));
    };
    if (reaches({ kind: "struct", name: s.name })) found.add(s.name);
  }
  return found;
}

/**
 * Computes the types used by every service of a schema.
 *
 * @example
 * ```ts
 * import { typeUsage } from "./usage.ts";
 * typeUsage({ file: "s.ts", structs: [], services: [] }).output.size; // 0
 * ```
 */
export function typeUsage(schema: Schema): TypeUsage {
  const named = namedTypes(schema);
  const input: TypeSet = new Map();
  const output: TypeSet = new Map();
  const hostResults: TypeSet = new Map();
  for (const s of schema.services) {
    for (const m of s.methods) {
      for (const p of m.params) visit(named, p.type, s.host ? output : input);
      if (m.result) visit(named, m.result, s.host ? input : output);
      if (m.result && s.host) visit(named, m.result, hostResults);
    }
  }
  return { input, output, hostResults };
}
