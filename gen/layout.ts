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

import type { Method, Pos, PrimName, Schema, Service, Struct, Type } from "./model.ts";
import { typeToString } from "./model.ts";
import { selfHolding, type TypeUsage, typeUsage } from "./usage.ts";

/** Every variable-length chunk starts at a multiple of this, so any element type is aligned. */
export const HEAP_ALIGN = 8;

/** Size and alignment of a type's Ref. */
export interface TypeLayout {
  size: number;
  align: number;
}

/** The Ref of a string, typed array, list or map: `{ ptr: u64, len: u64 }`. */
const SLICE_REF: TypeLayout = { size: 16, align: 8 };
/** The Ref of an optional: a pointer, 0 when absent. */
const POINTER_REF: TypeLayout = { size: 8, align: 8 };

/** A field (or parameter) placed in a Ref struct. */
export interface FieldLayout {
  name: string;
  type: Type;
  offset: number;
  size: number;
  /** Written `f?: T`: the property itself may be missing (as opposed to `f: T | undefined`). */
  mayBeMissing: boolean;
  /** Where the schema declares it (absent for a map entry's key and value). */
  pos?: Pos;
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

/** A service and the layouts of its methods, in declaration order. */
export interface ServiceLayout {
  service: Service;
  methods: MethodLayout[];
}

/** Layouts of a whole schema: what both emitters read. */
export interface SchemaLayout {
  schema: Schema;
  /** Which types each direction uses (see `usage.ts`). */
  usage: TypeUsage;
  /** Every service with its methods, in declaration order. */
  services: ServiceLayout[];
  /** The structs that can hold themselves (see `usage.ts`): their values nest without bound. */
  selfHolding: ReadonlySet<string>;
  /** Ref size and alignment of any type. */
  type(t: Type): TypeLayout;
  /** Layout of a schema struct by name. */
  struct(name: string): StructLayout;
  /** The schema struct of that name (its position, for diagnostics). */
  schemaStruct(name: string): Struct;
  /** Layout of the `{ key, value }` entry of a map type. */
  mapEntry(t: Extract<Type, { kind: "map" }>): StructLayout;
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

/**
 * The bytes a chunk of `n` bytes takes in a buffer: chunks start at multiples of {@link HEAP_ALIGN}, so
 * the first chunk after a root Ref of `n` bytes starts here too. @example `chunkSize(20) // 24`
 */
export function chunkSize(n: number): number {
  return alignUp(n, HEAP_ALIGN);
}

/** Lays fields out in order; the shared rule for structs, args and map entries. */
function placeFields(
  name: string,
  fields: { name: string; type: Type; mayBeMissing?: boolean; pos?: Pos }[],
  typeLayout: (t: Type) => TypeLayout,
): StructLayout {
  let offset = 0;
  let align = 1;
  const placed: FieldLayout[] = [];
  for (const f of fields) {
    const l = typeLayout(f.type);
    offset = alignUp(offset, l.align);
    const where = f.pos ? { pos: f.pos } : {};
    placed.push({ name: f.name, type: f.type, offset, size: l.size, mayBeMissing: f.mayBeMissing ?? false, ...where });
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
        return SLICE_REF;
      case "optional":
        return POINTER_REF;
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

  const services = schema.services.map((service): ServiceLayout => ({
    service,
    methods: service.methods.map((method) => ({
      service,
      method,
      args: placeFields(`${service.name}.${method.name}`, method.params, type),
      result: method.result ? type(method.result) : null,
    })),
  }));
  for (const s of schema.structs) struct(s.name);

  return {
    schema,
    usage: typeUsage(schema),
    services,
    selfHolding: selfHolding(schema),
    type,
    struct,
    schemaStruct(name: string): Struct {
      const s = structsByName.get(name);
      if (!s) throw new Error(`layout: unknown struct ${name}`);
      return s;
    },
    mapEntry,
    stride(t: Type): number {
      const l = type(t);
      return alignUp(l.size, l.align);
    },
  };
}
