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

/** The types of a schema, and where each type is used. */
class Visitor {
  private readonly structs: ReadonlyMap<string, Struct>;
  private readonly unions: ReadonlyMap<string, Union>;

  constructor(schema: Schema) {
    this.structs = new Map(schema.structs.map((s) => [s.name, s]));
    this.unions = new Map((schema.unions ?? []).map((u) => [u.name, u]));
  }

  visit(t: Type, into: TypeSet): void {
    const key = usageKey(t);
    if (into.has(key)) return;
    // Mark before descending so that recursive structs terminate; inner types are added after.
    into.set(key, t);
    switch (t.kind) {
      case "list":
        return this.visit(t.elem, into);
      case "optional":
        return this.visit(t.inner, into);
      case "map":
        this.visit(t.key, into);
        return this.visit(t.value, into);
      case "struct":
        for (const f of this.structs.get(t.name)?.fields ?? []) this.visit(f.type, into);
        return;
      case "alias":
        return this.visit(t.target, into);
      case "union":
        for (const m of this.unions.get(t.name)?.members ?? []) this.visit({ kind: "struct", name: m.struct }, into);
        return;
    }
  }
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
  const v = new Visitor(schema);
  const input: TypeSet = new Map();
  const output: TypeSet = new Map();
  const hostResults: TypeSet = new Map();
  for (const s of schema.services) {
    for (const m of s.methods) {
      for (const p of m.params) v.visit(p.type, s.host ? output : input);
      if (m.result) v.visit(m.result, s.host ? input : output);
      if (m.result && s.host) v.visit(m.result, hostResults);
    }
  }
  return { input, output, hostResults };
}
