/**
 * TypeScript expressions and statements per schema type — validating measure, write, read — computed
 * from the layout; the helper functions they call (`measureUser`…) are printed by `ts_helpers.ts`.
 * A new type kind adds a case to {@link TsTypeCode.measureExpr}, {@link TsTypeCode.writeExpr} and
 * {@link TsTypeCode.read}.
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
import type { PrimName, Type } from "./model.ts";
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
export const helperName = (verb: "measure" | "write" | "note" | "read", t: Type): string => `${verb}${typeKey(t)}`;

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

  /** Measuring `x`: validates it and, except for scalars, gives its heap bytes. */
  measureExpr(t: Type, x: string): Measure {
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
        return { expr: `${helperName("measure", t)}(${x})`, heap: true };
    }
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
        return `${helperName("write", t)}(${w}, ${pos}, ${x})`;
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
        return `${helperName("read", t)}(r, ${pos})`;
    }
  }
}
