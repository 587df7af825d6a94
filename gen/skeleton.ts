/**
 * The Go skeleton (`gen --go-impl go/impl.go`): a compiling implementation of every Go service, each
 * method returning zero values and an error naming it, registered in `init`. Writing the Go
 * signatures by hand is where users err most; this file starts them right. `gen` writes it only
 * when it does not exist yet, so it becomes the user's own file.
 *
 * @example
 * ```ts
 * import { emitGoSkeleton } from "./skeleton.ts";
 * import { computeLayout } from "./layout.ts";
 * import { parseSchema } from "./parse.ts";
 * emitGoSkeleton(computeLayout(parseSchema("schema.ts"))); // "package main\n\nimport (…"
 * ```
 * @module
 */

import type { SchemaLayout } from "./layout.ts";
import type { Service, Type } from "./model.ts";
import { GoTypeCode } from "./go_type_code.ts";
import { type GoFile, goMethodSignature } from "./emit_go_services.ts";
import { GoPrinter } from "./printer.ts";

/** The Go zero value of a type, as an expression (`""`, `0`, `User{}`, `nil`). */
function zeroValue(layout: SchemaLayout, code: GoTypeCode, t: Type): string {
  if (t.kind === "string") return '""';
  if (t.kind === "struct") return `${code.goType(t)}{}`;
  if (t.kind === "prim") return t.name === "bool" ? "false" : "0";
  if (t.kind === "enum") return layout.enumOf(t.name).base === "string" ? '""' : "0";
  // An alias of a struct is a Go alias (`type Admin = User`): `Admin{}`; of anything else, its target's zero.
  if (t.kind === "alias") return t.target.kind === "struct" ? `${code.goType(t)}{}` : zeroValue(layout, code, t.target);
  return "nil"; // lists, maps, optionals, unions (a Go interface)
}

/** An unused name for the type implementing `service`. */
function implName(layout: SchemaLayout, service: Service): string {
  const taken = new Set([...layout.schema.structs, ...layout.schema.services].map((d) => d.name));
  let name = `${service.name}Impl`;
  while (taken.has(name)) name += "_";
  return name;
}

/** Prints the implementation of one service: its type, its registration and every method. */
function emitService(file: Pick<GoFile, "layout" | "p" | "code">, service: Service): void {
  const { layout, p, code } = file;
  const impl = implName(layout, service);
  p.line(
    `// ${impl} implements ${service.name}. Arguments point into JS memory and are valid only until a`,
    `// method returns: copy (strings.Clone, slices.Clone) whatever you keep.`,
    `type ${impl} struct{}`,
    "",
    `func init() { Register${service.name}(&${impl}{}) }`,
  );
  for (const m of service.methods) {
    const err = `${p.use("errors")}.New(${JSON.stringify(`${service.name}.${m.name} is not implemented yet`)})`;
    const ret = m.result && !m.stream ? `${zeroValue(layout, code, m.result)}, ${err}` : err;
    p.line("").block(`func (*${impl}) ${goMethodSignature(file, m)} {`, () => p.line(`return ${ret}`));
  }
}

/**
 * The Go skeleton for a schema's Go services (services that `extends Host` are implemented in
 * TypeScript and get none); `null` when the schema has no Go service. Its methods have the
 * signatures of the generated interfaces (one function prints both). gofmt-clean as emitted.
 *
 * @example
 * ```ts
 * import { emitGoSkeleton } from "./skeleton.ts";
 * import { computeLayout } from "./layout.ts";
 * import { parseSchemaText } from "./parse.ts";
 * const schema = parseSchemaText("s.ts", "export interface Api { ping(n: number): number }");
 * emitGoSkeleton(computeLayout(schema)); // "…func (*ApiImpl) Ping(n float64) (float64, error) {…"
 * ```
 */
export function emitGoSkeleton(layout: SchemaLayout): string | null {
  const services = layout.schema.services.filter((s) => !s.host);
  if (services.length === 0) return null;
  const p = new GoPrinter();
  const code = new GoTypeCode(layout, p);
  for (const s of services) emitService({ layout, p: p.line(""), code }, s);
  const file = layout.schema.file.split(/[\\/]/).pop();
  const head = new GoPrinter().line(
    `// The Go side of ${file}, written once by ts2go gen --go-impl: replace each method's body.`,
  );
  head.line("", "package main", "").block("import (", () => head.line(...p.imports.map((i) => JSON.stringify(i))), ")");
  return head.text() + p.text();
}
