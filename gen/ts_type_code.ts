/**
 * TypeScript expressions and statements per schema type — validating measure, write, read — computed
 * from the layout; the helper functions they call (`measureUser`…) are printed by `ts_helpers.ts`.
 * A new type kind adds a case to {@link TsTypeCode.measureExpr}, {@link TsTypeCode.writeExpr},
 * {@link TsTypeCode.read} and {@link TsTypeCode.canFail}.
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
import { primSize } from "./layout.ts";
import type { LiteralValue, PrimName, Type } from "./model.ts";
import { target } from "./model.ts";
import { typeKey } from "./names.ts";
import type { Printer } from "./printer.ts";

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

/**
 * Measuring a value: `expr` checks it and, when `heap` is true, is the number of heap bytes it needs
 * (a scalar only needs checking).
 */
export interface Measure {
  expr: string;
  heap: boolean;
}

/**
 * `let` when some of the measures add heap bytes to their counter, else `const`.
 * @example `letOrConst([{ expr: "rt.checkU8(v)", heap: false }]) // "const"`
 */
export const letOrConst = (measures: Measure[]): string => (measures.some((m) => m.heap) ? "let" : "const");

/**
 * The statement of a measure: adds its heap bytes to `n`, or only checks.
 * @example `measureStatement({ expr: "rt.measureString(s)", heap: true }, "n") // "n += rt.measureString(s);"`
 */
export const measureStatement = (m: Measure, n: string): string => (m.heap ? `${n} += ${m.expr};` : `${m.expr};`);

/**
 * Prints `try { body } catch (e) { handler } finally { final }` (either clause may be left out).
 *
 * @example
 * ```ts
 * import { Printer } from "./printer.ts";
 * import { tryCatch } from "./ts_type_code.ts";
 * const p = new Printer();
 * tryCatch(p, () => p.line("f();"), ["throw g(e);"]); // try {\n  f();\n} catch (e) {\n  throw g(e);\n}
 * ```
 */
export function tryCatch(p: Printer, body: () => void, handler: string[], final: string[] = []): void {
  p.line("try {").indented(body);
  if (handler.length > 0) p.line("} catch (e) {").indented(() => p.line(...handler));
  if (final.length > 0) p.line("} finally {").indented(() => p.line(...final));
  p.line("}");
}

/**
 * The name of a type's helper function: `measureUser`, `writeListOfU32`, `readOptString`.
 * @example `helperName("measure", { kind: "struct", name: "User" }) // "measureUser"`
 */
export const helperName = (verb: "measure" | "write" | "note" | "read" | "check", t: Type): string =>
  `${verb}${typeKey(t)}`;

/**
 * A literal as a JS expression of its TS type: `"circle"`, or `"square" as ShapeKind.Square` for an
 * enum member. @example `literal("circle", '"circle"') // '"circle"'`
 */
export function literal(value: LiteralValue, ts: string): string {
  const js = JSON.stringify(value);
  return js === ts ? js : `${js} as ${ts}`;
}

/**
 * TypeScript expressions and statements for the types of one schema.
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
  /** @param layout the schema's layout. */
  constructor(private readonly layout: SchemaLayout) {}

  /**
   * Measuring `x`: validates it and, except for scalars, gives its heap bytes. `strict`: the expression
   * saying whether structs refuse keys that are not their fields (`strict` in helpers, `$t.strict` in a
   * method's measuring function: see `ArgTracker` in src/packing.ts), passed on when `t` holds a struct.
   */
  measureExpr(t: Type, x: string, strict = "strict"): Measure {
    switch (t.kind) {
      case "prim":
        return { expr: `${checkFn(t.name)}(${x})`, heap: false };
      case "string":
        return { expr: `rt.measureString(${x})`, heap: true };
      case "typed":
        return { expr: `rt.measureTyped(${x}, ${t.name})`, heap: true };
      case "struct":
      case "list":
      case "optional":
      case "map":
      case "union":
        return {
          expr: `${helperName("measure", t)}(${x}${this.measuresWithStrict(t) ? `, ${strict}` : ""})`,
          heap: true,
        };
      case "alias":
        return this.measureExpr(t.target, x, strict);
      case "enum":
        return this.layout.enumOf(t.name).base === "string"
          ? { expr: `rt.measureString(${helperName("check", t)}(${x}))`, heap: true }
          : { expr: `${helperName("check", t)}(${x})`, heap: false };
      case "literal":
        return { expr: `rt.checkConst(${x}, ${JSON.stringify(t.value)}, ${JSON.stringify(t.ts)})`, heap: false };
    }
  }

  /**
   * Whether measuring `t` takes the `strict` switch: it holds a struct (whose keys strict mode checks)
   * somewhere; its measuring helper then has a `strict` parameter.
   */
  measuresWithStrict(t: Type): boolean {
    switch (t.kind) {
      case "struct":
      case "union":
        return true;
      case "list":
        return this.measuresWithStrict(t.elem);
      case "optional":
        return this.measuresWithStrict(t.inner);
      case "map":
        return this.measuresWithStrict(t.key) || this.measuresWithStrict(t.value);
      case "alias":
        return this.measuresWithStrict(t.target);
      default:
        return false;
    }
  }

  /** The `strict` parameter of `t`'s measuring helper, if it takes one (see {@link measuresWithStrict}). */
  strictParam(t: Type): string {
    return this.measuresWithStrict(t) ? ", strict: boolean" : "";
  }

  /** A statement that validates `x` and adds its heap bytes to `n`. */
  measure(t: Type, x: string, n = "n"): string {
    return measureStatement(this.measureExpr(t, x), n);
  }

  /**
   * An expression that writes `x`'s Ref at byte offset `pos` of writer `w`. Every value is checked as
   * it is written, as measuring checks it (a getter or Proxy may return something else than when it
   * was measured, and sync calls first write without measuring), and no write goes past the buffer:
   * `rt.alloc` and the string writers check.
   */
  writeExpr(t: Type, pos: string, x: string, w = "w"): string {
    switch (t.kind) {
      case "prim": {
        const little = primSize(t.name) > 1 ? ", true" : "";
        const value = t.name === "bool" ? `rt.checkBool(${x}) ? 1 : 0` : `${checkFn(t.name)}(${x})`;
        return `${w}.dv.set${DATAVIEW[t.name]}(${pos}, ${value}${little})`;
      }
      case "string":
        return `rt.putString(${w}, ${pos}, ${x})`;
      case "typed":
        return `rt.putTyped(${w}, ${pos}, ${x}, ${t.name})`;
      case "struct":
      case "list":
      case "optional":
      case "map":
      case "union":
        return `${helperName("write", t)}(${w}, ${pos}, ${x})`;
      case "alias":
        return this.writeExpr(t.target, pos, x, w);
      case "enum":
        return this.layout.enumOf(t.name).base === "string"
          ? `rt.putString(${w}, ${pos}, ${helperName("check", t)}(${x}))`
          : `${w}.dv.setInt32(${pos}, ${helperName("check", t)}(${x}), true)`;
      case "literal":
        // Nothing travels; the value is checked again, as every value is when it is written.
        return this.measureExpr(t, x).expr;
    }
  }

  /** {@link writeExpr} as a statement. */
  write(t: Type, pos: string, x: string, w = "w"): string {
    return `${this.writeExpr(t, pos, x, w)};`;
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
      case "struct":
      case "list":
      case "optional":
      case "map":
      case "enum":
      case "union":
        return `${helperName("read", t)}(r, ${pos})`;
      case "alias":
        return this.read(t.target, pos);
      case "literal":
        return literal(t.value, t.ts);
    }
  }

  /**
   * Whether reading a value of `t` can fail: Go may hold a value outside an enum, no member (nil, or a
   * pointer) in a union, or map keys that are not valid UTF-8 and read as one. Readers of such types
   * note where they are, for the error's path. `seen`: structs being answered further up.
   */
  canFail(t: Type, seen = new Set<string>()): boolean {
    switch (t.kind) {
      case "enum":
      case "union":
        return true;
      case "alias":
        return this.canFail(t.target, seen);
      case "list":
        return this.canFail(t.elem, seen);
      case "optional":
        return this.canFail(t.inner, seen);
      case "map":
        return target(t.key).kind === "string" || this.canFail(t.key, seen) || this.canFail(t.value, seen);
      case "struct":
        if (seen.has(t.name)) return false;
        seen.add(t.name);
        return this.layout.struct(t.name).fields.some((f) => this.canFail(f.type, seen));
      default:
        return false;
    }
  }
}
