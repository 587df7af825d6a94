/**
 * TypeScript code fragments per schema type — validating measure, write, read — computed from the
 * layout. `emit_ts.ts` assembles them into the generated client.
 *
 * @example
 * ```ts
 * import { TsTypeCode } from "./ts_type_code.ts";
 * import { computeLayout } from "./layout.ts";
 * new TsTypeCode(computeLayout({ file: "s.ts", structs: [], services: [] })).read({ kind: "string" }, "at"); // "rt.readString(r, at)"
 * ```
 * @module
 */

import type { SchemaLayout } from "./layout.ts";
import { alignUp, primSize } from "./layout.ts";
import type { PrimName, Type } from "./model.ts";
import { typeToString } from "./model.ts";
import { typeKey } from "./usage.ts";

const DATAVIEW: Record<PrimName, string> = {
  u8: "Uint8",
  u16: "Uint16",
  u32: "Uint32",
  u64: "BigUint64",
  usize: "BigUint64",
  i8: "Int8",
  i16: "Int16",
  i32: "Int32",
  i64: "BigInt64",
  isize: "BigInt64",
  f32: "Float32",
  f64: "Float64",
  bool: "Uint8",
};

/** The runtime's check function of a scalar type, e.g. `rt.checkU8`. */
const checkFn = (name: PrimName): string =>
  `rt.check${name === "bool" ? "Bool" : name[0].toUpperCase() + name.slice(1)}`;

/** `let` when the measuring statements add to the heap counter, else `const`. */
export const letOrConst = (statements: string): string => (statements.includes("n +=") ? "let" : "const");

/** `base + offset`, or `base` for offset 0. */
export const at = (base: string, offset: number): string => (offset === 0 ? base : `${base} + ${offset}`);

/**
 * The check that `v` stands for the struct `name`: plain objects pass on their constructor, read in
 * each packer so that it has its own inline cache (inside the shared `rt.checkObject`, a schema's many
 * struct shapes make that read megamorphic: 1,000 objects 16.8 → 11.6 µs on V8); others get the full check.
 */
function structCheck(name: string): string {
  return `if (v?.constructor !== Object) rt.checkObject(v, ${JSON.stringify(name)});`;
}

/**
 * TypeScript code fragments for the types of one schema.
 *
 * @example
 * ```ts
 * import { TsTypeCode } from "./ts_type_code.ts";
 * import { computeLayout } from "./layout.ts";
 * const code = new TsTypeCode(computeLayout({ file: "s.ts", structs: [], services: [] }));
 * code.measure({ kind: "prim", name: "u8" }, "v.age"); // "rt.checkU8(v.age);"
 * ```
 */
export class TsTypeCode {
  constructor(private readonly layout: SchemaLayout) {}

  /** A statement that validates `x` and adds its heap bytes to `n`. */
  measure(t: Type, x: string, n = "n"): string {
    switch (t.kind) {
      case "prim":
        return `${checkFn(t.name)}(${x});`;
      case "string":
        return `${n} += rt.measureString(${x});`;
      case "typed":
        return `${n} += rt.measureTyped(${x}, ${t.name});`;
      case "struct":
      case "list":
      case "optional":
      case "map":
        return `${n} += measure${typeKey(t)}(${x});`;
    }
  }

  /**
   * A statement that writes `x`'s Ref at byte offset `pos` of writer `w`. Every value is checked as
   * it is written, as measuring checks it (a getter or Proxy may return something else than when it
   * was measured, and sync calls first write without measuring), and no write goes past the buffer:
   * `rt.alloc` and the string writers check.
   */
  write(t: Type, pos: string, x: string, w = "w"): string {
    switch (t.kind) {
      case "prim": {
        const little = primSize(t.name) > 1 ? ", true" : "";
        const value = t.name === "bool" ? `rt.checkBool(${x}) ? 1 : 0` : `${checkFn(t.name)}(${x})`;
        return `${w}.dv.set${DATAVIEW[t.name]}(${pos}, ${value}${little});`;
      }
      case "string":
        return `rt.putString(${w}, ${pos}, ${x});`;
      case "typed":
        return `rt.putTyped(${w}, ${pos}, ${x}, ${t.name});`;
      default:
        return `write${typeKey(t)}(${w}, ${pos}, ${x});`;
    }
  }

  /** An expression that reads a value whose Ref is at byte `pos` of reader `r`. */
  read(t: Type, pos: string): string {
    switch (t.kind) {
      case "prim": {
        const little = primSize(t.name) > 1 ? ", true" : "";
        const get = `r.dv.get${DATAVIEW[t.name]}(${pos}${little})`;
        return t.name === "bool" ? `${get} !== 0` : get;
      }
      case "string":
        return `rt.readString(r, ${pos})`;
      case "typed":
        return `rt.readTyped(r, ${pos}, ${t.name})`;
      default:
        return `read${typeKey(t)}(r, ${pos})`;
    }
  }

  /** Packer functions (measure + write) for a struct, list, optional or map type. */
  packers(t: Type): string[] {
    const key = typeKey(t);
    const ts = typeToString(t);
    switch (t.kind) {
      case "struct": {
        const l = this.layout.struct(t.name);
        const objectCheck = structCheck(t.name);
        const checks = l.fields.map((f, i) =>
          `${i === 0 ? "" : `f = ${JSON.stringify(f.name)};\n    `}${this.measure(f.type, `v.${f.name}`)}`
        );
        return [
          `function measure${key}(v: ${ts}): number {
  ${objectCheck}
  ${letOrConst(checks.join("\n"))} n = 0;
  let f = ${JSON.stringify(l.fields[0]?.name ?? "")};
  try {
    ${checks.join("\n    ")}
  } catch (e) {
    throw rt.atField(e, f);
  }
  return n;
}`,
          `function write${key}(w: rt.ArgWriter, at: number, v: ${ts}): void {
  ${objectCheck}
${this.fieldWrites(t.name, false).join("\n")}
}`,
        ];
      }
      case "list": {
        const stride = this.layout.stride(t.elem);
        return [
          `function measure${key}(v: ${ts}): number {
  const len = rt.checkArray(v, ${JSON.stringify(ts)});
  ${letOrConst(this.measure(t.elem, "v[i]"))} n = rt.round8(len * ${stride});
  let i = 0;
  try {
    for (; i < len; i++) {
      ${this.measure(t.elem, "v[i]")}
    }
  } catch (e) {
    throw rt.atIndex(e, i);
  }
  return n;
}`,
          ...this.listWriter(t.elem, key, ts, stride),
        ];
      }
      case "optional": {
        const size = this.layout.type(t.inner).size;
        return [
          `function measure${key}(v: ${ts}): number {
  if (v === undefined) return 0;
  ${letOrConst(this.measure(t.inner, "v"))} n = ${alignUp(size, 8)};
  ${this.measure(t.inner, "v")}
  return n;
}`,
          `function write${key}(w: rt.ArgWriter, at: number, v: ${ts}): void {
  if (v === undefined) {
    rt.putOptional(w, at, -1);
    return;
  }
  const off = rt.alloc(w, ${size});
  ${this.write(t.inner, "off", "v")}
  rt.putOptional(w, at, off);
}`,
        ];
      }
      case "map": {
        const entry = this.layout.mapEntry(t);
        const stride = entry.size;
        const valueAt = entry.fields[1].offset;
        return [
          `function measure${key}(v: ${ts}): number {
  rt.checkMap(v, ${JSON.stringify(ts)});
  ${letOrConst(this.measure(t.key, "k") + this.measure(t.value, "x"))} n = rt.round8(v.size * ${stride});
  let key: unknown;
  try {
    for (const [k, x] of v) {
      key = k;
      ${this.measure(t.key, "k")}
      ${this.measure(t.value, "x")}
    }
  } catch (e) {
    throw rt.atKey(e, key);
  }
  return n;
}`,
          `function write${key}(w: rt.ArgWriter, at: number, v: ${ts}): void {
  rt.checkMap(v, ${JSON.stringify(ts)});
  const len = v.size;
  const off = rt.alloc(w, len * ${stride});
  let n = 0;
  for (const [k, x] of v) {
    // A getter run by this loop may add entries: never write past the room taken for \`len\`.
    if (n === len) throw rt.changedWhileSending();
    const e = off + n++ * ${stride};
    ${this.write(t.key, "e", "k")}
    ${this.write(t.value, at("e", valueAt), "x")}
  }
  rt.putRef(w, at, off, n);
}`,
        ];
      }
      default:
        return [];
    }
  }

  /**
   * The writer of a list (and, for a list of structs with string fields, the structs' noting writer).
   * When the writer defers strings (V8, large calls), a list of strings or of such structs notes its
   * strings into a local rope and encodes them once after its loop (`rt.putNotedStrings`): cheaper
   * than noting each on the writer (1,000 users: about 5 µs less per call on Deno, 29.4–31.7 µs).
   */
  private listWriter(elem: Type, key: string, ts: string, stride: number): string[] {
    const head = `function write${key}(w: rt.ArgWriter, at: number, v: ${ts}): void {
  const len = rt.checkArray(v, ${JSON.stringify(ts)});
  const off = rt.alloc(w, len * ${stride});`;
    const loop = `for (let i = 0; i < len; i++) {
    ${this.write(elem, `off + i * ${stride}`, "v[i]")}
  }`;
    const strings = elem.kind === "string" ? [0] : elem.kind === "struct" ? this.stringFields(elem.name) : [];
    if (strings.length === 0) {
      return [`${head}
  ${loop}
  rt.putRef(w, at, off, len);
}`];
    }
    const note = elem.kind === "string"
      ? `rope = rt.noteString(w, off + i * ${stride}, v[i], rope);`
      : `rope = note${typeKey(elem)}(w, off + i * ${stride}, v[i], rope);`;
    const writer = `${head}
  if (w.deferStrings) {
    let rope = "";
    for (let i = 0; i < len; i++) {
      ${note}
    }
    rt.putNotedStrings(w, rope, off, len, ${stride}, [${strings.join(", ")}]);
  } else {
    ${loop.replaceAll("\n", "\n  ")}
  }
  rt.putRef(w, at, off, len);
}`;
    return elem.kind === "struct" ? [writer, this.notingWriter(elem.name)] : [writer];
  }

  /** The offsets of a struct's string fields, in field order. */
  private stringFields(name: string): number[] {
    return this.layout.struct(name).fields.filter((f) => f.type.kind === "string").map((f) => f.offset);
  }

  /** A struct's writer for lists that note their strings: string fields go to the returned rope. */
  private notingWriter(name: string): string {
    return `function note${
      typeKey({ kind: "struct", name })
    }(w: rt.ArgWriter, at: number, v: ${name}, rope: string): string {
  ${structCheck(name)}
${this.fieldWrites(name, true).join("\n")}
  return rope;
}`;
  }

  /** The statements writing a struct's fields from `v` at `at`; `noting`: string fields go to `rope`. */
  private fieldWrites(name: string, noting: boolean): string[] {
    return this.layout.struct(name).fields.map((f) =>
      noting && f.type.kind === "string"
        ? `  rope = rt.noteString(w, ${at("at", f.offset)}, v.${f.name}, rope);`
        : `  ${this.write(f.type, at("at", f.offset), `v.${f.name}`)}`
    );
  }

  /** The unpacker function for a struct, list, optional or map type. */
  reader(t: Type): string | null {
    const key = typeKey(t);
    const ts = typeToString(t);
    switch (t.kind) {
      case "struct": {
        const l = this.layout.struct(t.name);
        const fields = this.layout.schema.structs.find((s) => s.name === t.name)!.fields;
        const plain = l.fields.filter((_, i) => !fields[i].mayBeMissing);
        const optional = l.fields.filter((_, i) => fields[i].mayBeMissing);
        const lines = [
          `  const v: ${ts} = {`,
          ...plain.map((f) => `    ${f.name}: ${this.read(f.type, at("at", f.offset))},`),
          `  };`,
          // Absent `f?: T` fields are left out, so `{}` round-trips to `{}`.
          ...optional.flatMap((f) => [
            `  const $${f.name} = ${this.read(f.type, at("at", f.offset))};`,
            `  if ($${f.name} !== undefined) v.${f.name} = $${f.name};`,
          ]),
        ];
        return `function read${key}(r: rt.ResultReader, at: number): ${ts} {
${lines.join("\n")}
  return v;
}`;
      }
      case "list": {
        const stride = this.layout.stride(t.elem);
        return `function read${key}(r: rt.ResultReader, at: number): ${ts} {
  const len = rt.refLen(r, at);
  const p = rt.refAt(r, at);
  const out: ${ts} = new Array(len);
  for (let i = 0; i < len; i++) out[i] = ${this.read(t.elem, `p + i * ${stride}`)};
  return out;
}`;
      }
      case "optional":
        return `function read${key}(r: rt.ResultReader, at: number): ${ts} {
  return rt.isPresent(r, at) ? ${this.read(t.inner, "rt.refAt(r, at)")} : undefined;
}`;
      case "map": {
        const entry = this.layout.mapEntry(t);
        return `function read${key}(r: rt.ResultReader, at: number): ${ts} {
  const len = rt.refLen(r, at);
  const p = rt.refAt(r, at);
  const out: ${ts} = new Map();
  for (let i = 0; i < len; i++) {
    const e = p + i * ${entry.size};
    out.set(${this.read(t.key, "e")}, ${this.read(t.value, at("e", entry.fields[1].offset))});
  }
  return out;
}`;
      }
      default:
        return null;
    }
  }
}
