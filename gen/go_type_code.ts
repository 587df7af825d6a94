/**
 * Go code fragments per schema type — Go types, Ref types, decoders, encoders, copies — computed from
 * the layout. `emit_go.ts` assembles them into the generated file. Packages a fragment uses are
 * recorded on the file's {@link GoPrinter} as the fragment is made. A new type kind adds a case to
 * each method that switches on the kind.
 *
 * @example
 * ```ts
 * import { GoTypeCode } from "./go_type_code.ts";
 * import { computeLayout } from "./layout.ts";
 * import { GoPrinter } from "./printer.ts";
 * new GoTypeCode(computeLayout({ file: "s.ts", structs: [], services: [] }), new GoPrinter()).goType({ kind: "string" }); // "string"
 * ```
 * @module
 */

import type { SchemaLayout } from "./layout.ts";
import type { PrimName, Type } from "./model.ts";
import { TYPED_ARRAY_ELEM } from "./model.ts";
import { at, typeKey } from "./names.ts";
import type { GoPrinter } from "./printer.ts";

const GO_PRIM: Record<PrimName, string> = {
  u8: "uint8",
  u16: "uint16",
  u32: "uint32",
  u64: "uint64",
  usize: "uint",
  i8: "int8",
  i16: "int16",
  i32: "int32",
  i64: "int64",
  isize: "int",
  f32: "float32",
  f64: "float64",
  bool: "bool",
};

const PUT_PRIM: Record<PrimName, [method: string, conv: string]> = {
  u8: ["putU8", ""],
  u16: ["putU16", ""],
  u32: ["putU32", ""],
  u64: ["putU64", ""],
  usize: ["putU64", "uint64"],
  i8: ["putU8", "uint8"],
  i16: ["putU16", "uint16"],
  i32: ["putU32", "uint32"],
  i64: ["putU64", "uint64"],
  isize: ["putU64", "uint64"],
  f32: ["putF32", ""],
  f64: ["putF64", ""],
  bool: ["putBool", ""],
};

/** Element type of a typed array in Go; `Uint8Array` is `[]byte`, as Go users expect. */
const typedElem = (name: keyof typeof TYPED_ARRAY_ELEM): string =>
  name === "Uint8Array" ? "byte" : GO_PRIM[TYPED_ARRAY_ELEM[name]];

/**
 * The Go name of a generated helper of the struct `name`: `ts2goDecodeUser`, `ts2goPutUser`…
 * @example `structHelper("Decode", "User") // "ts2goDecodeUser"`
 */
export const structHelper = (verb: "Decode" | "Clone" | "Heap" | "Put", name: string): string => `ts2go${verb}${name}`;

/** The Go name of the C layout of the struct `name`. @example `refTypeName("User") // "ts2goUserRef"` */
export const refTypeName = (name: string): string => `ts2go${name}Ref`;

/**
 * Whether Go declares an alias as a new type of its own (`type UserId uint64`, `type Tags []string`:
 * its values convert to the target's Go type) rather than as another name of a named type or of a
 * pointer (`type Admin = User`, `type Figure = Shape`, `type MaybeUser = *User`).
 *
 * @example
 * ```ts
 * import { isDefinedType } from "./go_type_code.ts";
 * isDefinedType({ kind: "alias", name: "UserId", target: { kind: "prim", name: "u64" } }); // true
 * ```
 */
export function isDefinedType(t: Extract<Type, { kind: "alias" }>): boolean {
  const k = t.target.kind;
  return k === "prim" || k === "string" || k === "typed" || k === "list" || k === "map";
}

/**
 * Go code fragments for the types of one schema.
 *
 * @example
 * ```ts
 * import { GoTypeCode } from "./go_type_code.ts";
 * import { computeLayout } from "./layout.ts";
 * const code = new GoTypeCode(computeLayout({ file: "s.ts", structs: [], services: [] }));
 * code.decode({ kind: "string" }, "r.Name"); // "ts2goString(r.Name)"
 * ```
 */
export class GoTypeCode {
  /**
   * @param layout the schema's layout.
   * @param file the file the fragments go to; it records the packages they use.
   */
  constructor(private readonly layout: SchemaLayout, private readonly file: GoPrinter) {}

  /**
   * Whether a type is stored by Go exactly as in its Ref (scalars, enums of numbers, and aliases of
   * them), so slices of it are zero-copy.
   */
  private isScalar(t: Type): boolean {
    if (t.kind === "alias") return this.isScalar(t.target);
    return t.kind === "prim" || (t.kind === "enum" && this.layout.enumOf(t.name).base === "i32");
  }

  /** The value `v` of an alias as its target's Go type, for the target's helpers (a conversion for a new type). */
  private unaliased(t: Extract<Type, { kind: "alias" }>, v: string): string {
    return isDefinedType(t) ? `${this.goType(t.target)}(${v})` : v;
  }

  /** The Go type users see. */
  goType(t: Type): string {
    switch (t.kind) {
      case "prim":
        return GO_PRIM[t.name];
      case "string":
        return "string";
      case "typed":
        return `[]${typedElem(t.name)}`;
      case "list":
        return `[]${this.goType(t.elem)}`;
      case "struct":
        return t.name;
      case "optional":
        return `*${this.goType(t.inner)}`;
      case "map":
        return `map[${this.goType(t.key)}]${this.goType(t.value)}`;
      case "alias":
      case "enum":
      case "union":
        return t.name;
      case "literal":
        throw new Error("a field of one value has no Go type (a ts2go bug)");
    }
  }

  /** The Go type of a Ref field. */
  refType(t: Type): string {
    switch (t.kind) {
      case "prim":
        return GO_PRIM[t.name];
      case "struct":
        return refTypeName(t.name);
      case "optional":
        return `${this.file.use("unsafe")}.Pointer`;
      case "alias":
        return this.refType(t.target);
      case "enum":
        return this.layout.enumOf(t.name).base === "i32" ? "int32" : "ts2goSlice";
      case "union":
        return "ts2goUnion";
      default:
        return "ts2goSlice";
    }
  }

  /**
   * The list, optional and map types {@link decode} has decoded, by their `typeKey`, in order of
   * first use. The emitter declares a decoder for each ({@link decoderLines}: `func ts2goDecodeListOfUser`)
   * and a pool for each list's elements (`var ts2goListsOfUser ts2goListPool[User]`).
   */
  readonly decoders = new Map<string, Type>();

  /**
   * An expression decoding the Ref expression `r` (addressable, or a dereference `*p`) into a Go value.
   * Lists take their memory from the `*ts2goScratch` expression `scratch` (`nil`: new memory, for
   * values Go keeps).
   */
  decode(t: Type, r: string, scratch = "s"): string {
    switch (t.kind) {
      case "prim":
        return r;
      case "string":
        return `ts2goString(${r})`;
      case "typed":
        return `ts2goView[${typedElem(t.name)}](${r})`;
      case "struct":
        return `${structHelper("Decode", t.name)}(${scratch}, ${r.startsWith("*") ? r.slice(1) : `&${r}`})`;
      case "list":
        if (this.isScalar(t.elem)) return `ts2goView[${this.goType(t.elem)}](${r})`;
        return `ts2goDecode${this.decoder(t)}(${scratch}, ${r})`;
      case "optional":
      case "map":
        return `ts2goDecode${this.decoder(t)}(${scratch}, ${r})`;
      case "alias": {
        const v = this.decode(t.target, r, scratch);
        return isDefinedType(t) ? `${t.name}(${v})` : v;
      }
      case "enum":
        // An enum of strings decodes to Go's constants (a Go program may keep the value).
        return this.layout.enumOf(t.name).base === "i32"
          ? `${t.name}(${r})`
          : `${structHelper("Decode", t.name)}(${r})`;
      case "union":
        return `${structHelper("Decode", t.name)}(${scratch}, ${r.startsWith("*") ? r.slice(1) : `&${r}`})`;
      case "literal":
        throw new Error("a field of one value has no Go value (a ts2go bug)");
    }
  }

  /** The name of the pool lending decoded lists of `elem` their memory, declared after the decoders. */
  listPool(elem: Type): string {
    return `ts2goListsOf${typeKey(elem)}`;
  }

  /**
   * The lines of the decoder `ts2goDecode<word>` of a list, optional or map type noted in
   * {@link decoders}: a loop with a direct call per element, which the Go compiler can inline.
   */
  decoderLines(word: string, t: Type): string[] {
    const name = `ts2goDecode${word}`;
    switch (t.kind) {
      case "list": {
        const goType = this.goType(t.elem);
        return [
          `// ${name} decodes a list of ${goType} (see ts2goListFor).`,
          `func ${name}(s *ts2goScratch, r ts2goSlice) []${goType} {`,
          `refs, out := ts2goListFor[${this.refType(t.elem)}](s, &${this.listPool(t.elem)}, r)`,
          "for i := range refs {",
          `out[i] = ${this.decode(t.elem, "refs[i]")}`,
          "}",
          "return out",
          "}",
        ];
      }
      case "optional": {
        const goType = this.goType(t.inner);
        return [
          `// ${name} decodes an optional ${goType} (nil when absent).`,
          `func ${name}(s *ts2goScratch, p ${this.file.use("unsafe")}.Pointer) *${goType} {`,
          "if p == nil {",
          "return nil",
          "}",
          `v := ${this.decode(t.inner, `*(*${this.refType(t.inner)})(p)`)}`,
          "return &v",
          "}",
        ];
      }
      case "map": {
        const goType = this.goType(t);
        return [
          `// ${name} decodes a ${goType} (a new map).`,
          `func ${name}(s *ts2goScratch, r ts2goSlice) ${goType} {`,
          `entries := ts2goView[ts2goEntry[${this.refType(t.key)}, ${this.refType(t.value)}]](r)`,
          `out := make(${goType}, len(entries))`,
          "for i := range entries {",
          `out[${this.decode(t.key, "entries[i].Key")}] = ${this.decode(t.value, "entries[i].Value")}`,
          "}",
          "return out",
          "}",
        ];
      }
      default:
        throw new Error(`no decoder for ${t.kind}`);
    }
  }

  /** Whether decoding a value of `t` decodes a list into Go memory (so the call needs a ts2goScratch). */
  decodesLists(t: Type, seen = new Set<string>()): boolean {
    switch (t.kind) {
      case "list":
        return !this.isScalar(t.elem) || this.decodesLists(t.elem, seen);
      case "optional":
        return this.decodesLists(t.inner, seen);
      case "alias":
        return this.decodesLists(t.target, seen);
      case "union":
        return this.layout.unionOf(t.name).members.some((m) =>
          this.decodesLists({ kind: "struct", name: m.struct }, seen)
        );
      case "map":
        return this.decodesLists(t.key, seen) || this.decodesLists(t.value, seen);
      case "struct":
        if (seen.has(t.name)) return false;
        seen.add(t.name);
        return this.layout.struct(t.name).fields.some((f) => this.decodesLists(f.type, seen));
      default:
        return false;
    }
  }

  /** The `typeKey` of `t`, noted in {@link decoders}. */
  private decoder(t: Type): string {
    const word = typeKey(t);
    this.decoders.set(word, t);
    return word;
  }

  /** Whether values of `t` write anything after their Ref. */
  hasHeap(t: Type): boolean {
    switch (t.kind) {
      case "prim":
      case "literal":
        return false;
      case "struct":
        return this.layout.struct(t.name).fields.some((f) => this.hasHeap(f.type));
      case "alias":
        return this.hasHeap(t.target);
      case "enum":
        return this.layout.enumOf(t.name).base === "string";
      default:
        return true;
    }
  }

  /** An expression: the heap bytes of the Go value `v`. Only called when hasHeap(t). */
  heap(t: Type, v: string): string {
    switch (t.kind) {
      case "prim":
        return "0";
      case "string":
        return `ts2goHeapString(${v})`;
      case "typed":
        return `ts2goHeapRaw(${v})`;
      case "list":
        return this.isScalar(t.elem)
          ? `ts2goHeapRaw(${v})`
          : `ts2goHeapList(${v}, ${this.layout.stride(t.elem)}, ${this.heapFunc(t.elem)})`;
      case "struct":
      case "union":
        return `${structHelper("Heap", t.name)}(&${v})`;
      case "alias":
        return this.heap(t.target, this.unaliased(t, v));
      case "enum":
        return `ts2goHeapString(string(${v}))`;
      case "literal":
        return "0";
      case "optional":
        return `ts2goHeapOptional(${v}, ${this.layout.type(t.inner).size}, ${this.heapFunc(t.inner)})`;
      case "map": {
        const stride = this.layout.mapEntry(t).size;
        const parts = [
          this.hasHeap(t.key) ? this.heap(t.key, "*k") : "",
          this.hasHeap(t.value) ? this.heap(t.value, "*v") : "",
        ]
          .filter((p) => p);
        const fn = parts.length === 0
          ? "nil"
          : `func(k *${this.goType(t.key)}, v *${this.goType(t.value)}) int { return ${parts.join(" + ")} }`;
        return `ts2goHeapMap(${v}, ${stride}, ${fn})`;
      }
    }
  }

  /** A `func(*T) int` value (or nil) giving an element's heap bytes. */
  heapFunc(t: Type): string {
    if (!this.hasHeap(t)) return "nil";
    if (t.kind === "struct" || t.kind === "union") return structHelper("Heap", t.name);
    return `func(v *${this.goType(t)}) int { return ${this.heap(t, "*v")} }`;
  }

  /** A statement writing the Go value `v` as a Ref at byte `pos` of writer `w`. */
  put(t: Type, pos: string, v: string): string {
    switch (t.kind) {
      case "prim": {
        const [method, conv] = PUT_PRIM[t.name];
        return `w.${method}(${pos}, ${conv ? `${conv}(${v})` : v})`;
      }
      case "string":
        return `w.putString(${pos}, ${v})`;
      case "typed":
        return `ts2goPutRaw(w, ${pos}, ${v})`;
      case "list":
        return this.isScalar(t.elem)
          ? `ts2goPutRaw(w, ${pos}, ${v})`
          : `ts2goPutList(w, ${pos}, ${v}, ${this.layout.stride(t.elem)}, ${this.putFunc(t.elem)})`;
      case "struct":
      case "union":
        return `${structHelper("Put", t.name)}(w, ${pos}, &${v})`;
      case "alias":
        return this.put(t.target, pos, this.unaliased(t, v));
      case "enum":
        return this.layout.enumOf(t.name).base === "i32"
          ? `w.putU32(${pos}, uint32(${v}))`
          : `w.putString(${pos}, string(${v}))`;
      case "literal":
        throw new Error("a field of one value has no Go value (a ts2go bug)");
      case "optional":
        return `ts2goPutOptional(w, ${pos}, ${v}, ${this.layout.type(t.inner).size}, ${this.putFunc(t.inner)})`;
      case "map": {
        const entry = this.layout.mapEntry(t);
        const fn = `func(w *ts2goWriter, at int, k *${this.goType(t.key)}, v *${this.goType(t.value)}) {
\t${this.put(t.key, "at", "*k")}
\t${this.put(t.value, at("at", entry.fields[1].offset), "*v")}
}`;
        return `ts2goPutMap(w, ${pos}, ${v}, ${entry.size}, ${fn})`;
      }
    }
  }

  /** A `func(*ts2goWriter, int, *T)` value writing one element. */
  putFunc(t: Type): string {
    if (t.kind === "struct" || t.kind === "union") return structHelper("Put", t.name);
    return `func(w *ts2goWriter, at int, v *${this.goType(t)}) { ${this.put(t, "at", "*v")} }`;
  }

  /**
   * Whether a decoded value of `t` still points into JS memory (so a Host result must be copied).
   * `seen`: structs being answered further up (a struct that holds itself through an optional, list
   * or map adds nothing by doing so).
   */
  needsClone(t: Type, seen = new Set<string>()): boolean {
    switch (t.kind) {
      case "prim":
      case "enum":
      case "literal":
        // Enum values decode to Go's constants.
        return false;
      case "alias":
        return this.needsClone(t.target, seen);
      case "union":
        if (seen.has(t.name)) return false;
        seen.add(t.name);
        return this.layout.unionOf(t.name).members.some((m) =>
          this.needsClone({ kind: "struct", name: m.struct }, seen)
        );
      case "list":
        return this.isScalar(t.elem) || this.needsClone(t.elem, seen);
      case "struct":
        if (seen.has(t.name)) return false;
        seen.add(t.name);
        return this.layout.struct(t.name).fields.some((f) => this.needsClone(f.type, seen));
      case "optional":
        return this.needsClone(t.inner, seen);
      case "map":
        return this.needsClone(t.key, seen) || this.needsClone(t.value, seen);
      default:
        return true;
    }
  }

  /** Statements that copy the decoded value at `v` (addressable) into Go memory, in place. */
  clone(t: Type, v: string, depth = 0): string[] {
    if (!this.needsClone(t)) return [];
    switch (t.kind) {
      case "string":
        return [`${v} = ${this.file.use("strings")}.Clone(${v})`];
      case "typed":
        return [`${v} = ${this.file.use("slices")}.Clone(${v})`];
      case "list": {
        if (this.isScalar(t.elem)) return [`${v} = ${this.file.use("slices")}.Clone(${v})`];
        const i = `i${depth}`;
        return [`for ${i} := range ${v} {`, ...this.clone(t.elem, `${v}[${i}]`, depth + 1), "}"];
      }
      case "struct":
      case "union":
        return [`${structHelper("Clone", t.name)}(&${v})`];
      case "alias": {
        if (!isDefinedType(t)) return this.clone(t.target, v, depth);
        // A new type converts to its target's Go type and back (the same memory).
        const x = `x${depth}`;
        const body = this.clone(t.target, x, depth + 1);
        return ["{", `${x} := ${this.unaliased(t, v)}`, ...body, `${v} = ${t.name}(${x})`, "}"];
      }
      case "optional":
        return [`if ${v} != nil {`, ...this.clone(t.inner, `(*${v})`, depth), "}"];
      case "map": {
        const fn = (u: Type, name: string) => {
          const body = this.clone(u, name, depth + 1);
          return body.length === 0
            ? `func(${name} ${this.goType(u)}) ${this.goType(u)} { return ${name} }`
            : `func(${name} ${this.goType(u)}) ${this.goType(u)} {\n${body.join("\n")}\nreturn ${name}\n}`;
        };
        return [`${v} = ts2goCloneMap(${v}, ${fn(t.key, "k")}, ${fn(t.value, "v")})`];
      }
      default:
        return [];
    }
  }

  /** A payload literal for a result value `v`. */
  payload(t: Type, v: string): string {
    return this.payloadOf(this.layout.type(t).size, [{ type: t, offset: 0, value: v }]);
  }

  /** A payload literal for a root of `root` bytes holding several values (a method's arguments). */
  payloadOf(root: number, fields: { type: Type; offset: number; value: string }[]): string {
    const heaps = fields.filter((f) => this.hasHeap(f.type)).map((f) => this.heap(f.type, f.value));
    const puts = fields.map((f) => this.put(f.type, String(f.offset), f.value));
    return `ts2goPayload{root: ${root}, heap: ${heaps.join(" + ") || "0"}, put: func(w *ts2goWriter) {\n${
      puts.join("\n")
    }\n}}`;
  }
}
