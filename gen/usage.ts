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

import type { Schema, Struct, Type } from "./model.ts";
import { typeToString } from "./model.ts";

/** Types used in one direction, keyed by `typeToString`, in first-use order (inner types first). */
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

/** The types a value of `t` holds directly (a struct's fields, a list's elements…). */
export function innerTypes(t: Type, structs: ReadonlyMap<string, Struct>): Type[] {
  switch (t.kind) {
    case "list":
      return [t.elem];
    case "optional":
      return [t.inner];
    case "map":
      return [t.key, t.value];
    case "struct":
      return (structs.get(t.name)?.fields ?? []).map((f) => f.type);
    default:
      return [];
  }
}

function visit(structs: ReadonlyMap<string, Struct>, t: Type, into: TypeSet): void {
  const key = typeToString(t);
  if (into.has(key)) return;
  // Mark before descending so that recursive structs terminate; inner types are added after.
  into.set(key, t);
  for (const inner of innerTypes(t, structs)) visit(structs, inner, into);
}

/**
 * The structs whose values can hold a value of the same struct (through a list, an optional or a
 * map): a value of one can nest without bound, so its packers and unpackers count the levels.
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
  const structs = new Map(schema.structs.map((s) => [s.name, s]));
  const found = new Set<string>();
  for (const s of schema.structs) {
    const seen = new Set<string>();
    const reaches = (t: Type): boolean => {
      const key = typeToString(t);
      if (seen.has(key)) return false;
      seen.add(key);
      return innerTypes(t, structs).some((u) => (u.kind === "struct" && u.name === s.name) || reaches(u));
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
  const structs = new Map(schema.structs.map((s) => [s.name, s]));
  const input: TypeSet = new Map();
  const output: TypeSet = new Map();
  const hostResults: TypeSet = new Map();
  for (const s of schema.services) {
    for (const m of s.methods) {
      for (const p of m.params) visit(structs, p.type, s.host ? output : input);
      if (m.result) visit(structs, m.result, s.host ? input : output);
      if (m.result && s.host) visit(structs, m.result, hostResults);
    }
  }
  return { input, output, hostResults };
}
