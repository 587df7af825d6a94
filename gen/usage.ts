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

function visit(structs: ReadonlyMap<string, Struct>, t: Type, into: TypeSet): void {
  const key = typeToString(t);
  if (into.has(key)) return;
  // Mark before descending so that recursive structs terminate; inner types are added after.
  into.set(key, t);
  switch (t.kind) {
    case "list":
      visit(structs, t.elem, into);
      break;
    case "optional":
      visit(structs, t.inner, into);
      break;
    case "map":
      visit(structs, t.key, into);
      visit(structs, t.value, into);
      break;
    case "struct":
      for (const f of structs.get(t.name)?.fields ?? []) visit(structs, f.type, into);
      break;
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
