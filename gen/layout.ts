/**
 * Ref layout: the one place where sizes, offsets and alignment are decided. Both emitters read it.
 *
 * Rules (C layout on a 64-bit little-endian target):
 * - scalars sit in place with their natural size and alignment (`bool` is one byte, `usize` eight);
 * - `string`, typed arrays, lists and maps are `{ ptr: u64, len: u64 }` (16 bytes, align 8); `len`
 *   counts bytes for strings and elements otherwise;
 * - an optional is one pointer (8 bytes, align 8) to the inner value's Ref, 0 when absent;
 * - a map is a list of entries, each laid out as the struct `{ key, value }`;
 * - a struct is its fields in order, each at the next multiple of its alignment, the whole padded to
 *   the largest alignment;
 * - the parameters of a method are laid out as one struct (the "args" Ref) with one field per parameter;
 * - variable-length data lives in 8-aligned chunks after the root Ref (see `HEAP_ALIGN`).
 *
 * @example
 * ```ts
 * import { computeLayout } from "./layout.ts";
 * const layout = computeLayout({ file: "s.ts", services: [], structs: [{ name: "P", pos: { file: "s.ts", line: 1, col: 1 },
 *   fields: [{ name: "a", type: { kind: "prim", name: "u8" }, pos: { file: "s.ts", line: 1, col: 1 } },
 *            { name: "b", type: { kind: "string" }, pos: { file: "s.ts", line: 1, col: 1 } }] }] });
 * layout.struct("P").fields.map((f) => f.offset); // [0, 8]
 * ```
 * @module
 */

import type { Method, PrimName, Schema, Service, Struct, Type } from "./model.ts";
import { typeToString } from "./model.ts";

/** Every variable-length chunk starts at a multiple of this, so any element type is aligned. */
export const HEAP_ALIGN = 8;

/** Size and alignment of a type's Ref. */
export interface TypeLayout {
  size: number;
  align: number;
}

/** A field (or parameter) placed in a Ref struct. */
export interface FieldLayout {
  name: string;
  type: Type;
  offset: number;
  size: number;
}

/** A Ref struct: a schema struct, a method's args, or a map entry. */
export interface StructLayout {
  name: string;
  size: number;
  align: number;
  fields: FieldLayout[];
}

/** The layout of one service method: its args Ref and its result Ref (null for void). */
export interface MethodLayout {
  service: Service;
  method: Method;
  args: StructLayout;
  result: TypeLayout | null;
}

/** Layouts of a whole schema. */
export interface SchemaLayout {
  schema: Schema;
  /** Ref size and alignment of any type. */
  type(t: Type): TypeLayout;
  /** Layout of a schema struct by name. */
  struct(name: string): StructLayout;
  /** Layout of the `{ key, value }` entry of a map type. */
  mapEntry(t: Extract<Type, { kind: "map" }>): StructLayout;
  /** Layout of one method. */
  method(service: string, method: string): MethodLayout;
  /** Distance between consecutive list elements of type `t`. */
  stride(t: Type): number;
}

const PRIM_SIZE: Record<PrimName, number> = {
  u8: 1,
  i8: 1,
  bool: 1,
  u16: 2,
  i16: 2,
  u32: 4,
  i32: 4,
  f32: 4,
  u64: 8,
  i64: 8,
  usize: 8,
  isize: 8,
  f64: 8,
};

/** Size in bytes of a scalar. */
export function primSize(name: PrimName): number {
  return PRIM_SIZE[name];
}

/** Rounds `n` up to a multiple of `align` (a power of two). */
export function alignUp(n: number, align: number): number {
  return (n + align - 1) & ~(align - 1);
}

/** Lays fields out in order; the shared rule for structs, args and map entries. */
function placeFields(
  name: string,
  fields: { name: string; type: Type }[],
  typeLayout: (t: Type) => TypeLayout,
): StructLayout {
  let offset = 0;
  let align = 1;
  const placed: FieldLayout[] = [];
  for (const f of fields) {
    const l = typeLayout(f.type);
    offset = alignUp(offset, l.align);
    placed.push({ name: f.name, type: f.type, offset, size: l.size });
    offset += l.size;
    align = Math.max(align, l.align);
  }
  return { name, size: alignUp(offset, align), align, fields: placed };
}

/**
 * Computes every layout of a schema once; emitters call the returned accessors.
 *
 * @example
 * ```ts
 * import { computeLayout } from "./layout.ts";
 * const l = computeLayout({ file: "s.ts", structs: [], services: [] });
 * l.type({ kind: "string" }); // { size: 16, align: 8 }
 * ```
 */
export function computeLayout(schema: Schema): SchemaLayout {
  const structsByName = new Map<string, Struct>(schema.structs.map((s) => [s.name, s]));
  const structLayouts = new Map<string, StructLayout>();
  const entryLayouts = new Map<string, StructLayout>();
  const inProgress = new Set<string>();

  const type = (t: Type): TypeLayout => {
    switch (t.kind) {
      case "prim": {
        const size = primSize(t.name);
        return { size, align: size };
      }
      case "string":
      case "typed":
      case "list":
      case "map":
        return { size: 16, align: 8 };
      case "optional":
        return { size: 8, align: 8 };
      case "struct": {
        const l = struct(t.name);
        return { size: l.size, align: l.align };
      }
    }
  };

  const struct = (name: string): StructLayout => {
    const done = structLayouts.get(name);
    if (done) return done;
    const s = structsByName.get(name);
    if (!s) throw new Error(`layout: unknown struct ${name}`);
    // A struct containing itself by value has no finite size; the parser rejects it, this guards it.
    if (inProgress.has(name)) throw new Error(`layout: ${name} contains itself by value`);
    inProgress.add(name);
    const l = placeFields(name, s.fields, type);
    inProgress.delete(name);
    structLayouts.set(name, l);
    return l;
  };

  const mapEntry = (t: Extract<Type, { kind: "map" }>): StructLayout => {
    const key = typeToString(t);
    let l = entryLayouts.get(key);
    if (!l) {
      l = placeFields(key, [{ name: "key", type: t.key }, { name: "value", type: t.value }], type);
      entryLayouts.set(key, l);
    }
    return l;
  };

  const methods = new Map<string, MethodLayout>();
  for (const service of schema.services) {
    for (const method of service.methods) {
      methods.set(`${service.name}.${method.name}`, {
        service,
        method,
        args: placeFields(`${service.name}.${method.name}`, method.params, type),
        result: method.result ? type(method.result) : null,
      });
    }
  }
  for (const s of schema.structs) struct(s.name);

  return {
    schema,
    type,
    struct,
    mapEntry,
    method(service: string, method: string): MethodLayout {
      const m = methods.get(`${service}.${method}`);
      if (!m) throw new Error(`layout: unknown method ${service}.${method}`);
      return m;
    },
    stride(t: Type): number {
      const l = type(t);
      return alignUp(l.size, l.align);
    },
  };
}
