/**
 * Problems found in a schema, by the parser or by an emitter (two things needing one name), each at
 * its `file:line:col`.
 *
 * @example
 * ```ts
 * import { SchemaError } from "./diagnostics.ts";
 * const e = new SchemaError([{ pos: { file: "s.ts", line: 1, col: 25 }, message: 'type "any" is not supported' }]);
 * e.message; // 's.ts:1:25: type "any" is not supported'
 * ```
 * @module
 */

import type { Pos } from "./model.ts";

/**
 * One problem found in a schema.
 *
 * @example
 * ```ts
 * import type { Diagnostic } from "./diagnostics.ts";
 * const d: Diagnostic = { pos: { file: "schema.ts", line: 3, col: 7 }, message: 'type "any" is not supported' };
 * ```
 */
export interface Diagnostic {
  pos: Pos;
  message: string;
}

/**
 * Every diagnostic of a schema, in source order; `message` has one `file:line:col: message` line per
 * diagnostic, the form editors and terminals link to.
 *
 * @example
 * ```ts
 * import { parseSchemaText } from "./parse.ts";
 * import { SchemaError } from "./diagnostics.ts";
 * try { parseSchemaText("s.ts", "export interface A { x: any }"); } catch (e) {
 *   if (e instanceof SchemaError) console.error(e.message); // s.ts:1:25: field "x": type "any" is not supported; …
 * }
 * ```
 */
export class SchemaError extends Error {
  diagnostics: Diagnostic[];
  /** @param diagnostics the problems, in any order: they are sorted by position. */
  constructor(diagnostics: Diagnostic[]) {
    const sorted = [...diagnostics].sort((a, b) => a.pos.line - b.pos.line || a.pos.col - b.pos.col);
    super(sorted.map((d) => `${d.pos.file}:${d.pos.line}:${d.pos.col}: ${d.message}`).join("\n"));
    this.name = "SchemaError";
    this.diagnostics = sorted;
  }
}
