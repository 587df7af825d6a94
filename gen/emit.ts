/**
 * Runs both emitters on one layout and reports the names either of them refused together, so that a
 * schema is fixed in one round.
 *
 * @example
 * ```ts
 * import { emit } from "./emit.ts";
 * import { computeLayout } from "./layout.ts";
 * const { go, ts } = emit(computeLayout({ file: "s.ts", structs: [], services: [] }), { runtime: "ts2go/runtime", schemaImport: "./s.ts" });
 * ```
 * @module
 */

import type { SchemaLayout } from "./layout.ts";
import { emitGo } from "./emit_go.ts";
import { emitTs, type TsEmitOptions } from "./emit_ts.ts";
import { type Diagnostic, SchemaError } from "./diagnostics.ts";

/** The generated Go (before gofmt) and TypeScript of a schema. */
export interface Emitted {
  go: string;
  ts: string;
}

/**
 * Emits the Go and the TypeScript of a schema; throws one {@link SchemaError} with the diagnostics of both.
 *
 * @example
 * ```ts
 * import { emit } from "./emit.ts";
 * import { computeLayout } from "./layout.ts";
 * emit(computeLayout({ file: "s.ts", structs: [], services: [] }), { runtime: "ts2go/runtime", schemaImport: "./s.ts" }).go;
 * ```
 */
export function emit(layout: SchemaLayout, opts: TsEmitOptions): Emitted {
  const diagnostics: Diagnostic[] = [];
  const run = (emitter: () => string): string => {
    try {
      return emitter();
    } catch (e) {
      if (!(e instanceof SchemaError)) throw e;
      diagnostics.push(...e.diagnostics);
      return "";
    }
  };
  const go = run(() => emitGo(layout));
  const ts = run(() => emitTs(layout, opts));
  if (diagnostics.length > 0) throw new SchemaError(diagnostics);
  return { go, ts };
}
