/**
 * The schema's named types in the generated Go: aliases (`type UserId uint64`, `type Admin = User`),
 * enums with their constants (`type Status string`, `StatusActive`), and discriminated unions as
 * sealed interfaces (`type Shape interface{ isShape() }`, implemented by the member structs with value
 * receivers); then their decoders and encoders. Part of `emit_go.ts`, which owns the file and its
 * package scope.
 *
 * @example
 * ```ts
 * import { GoNamedTypes } from "./emit_go_named.ts";
 * declare const file: import("./emit_go_services.ts").GoFile;
 * const named = new GoNamedTypes(file);
 * named.types();
 * ```
 * @module
 */

import type { Enum, Type, Union } from "./model.ts";
import { isDefinedType, refTypeName, structHelper } from "./go_type_code.ts";
import type { GoFile } from "./emit_go_services.ts";
import { goName, type Owner } from "./names.ts";

const unionType = (u: Union): Type => ({ kind: "union", name: u.name, ts: u.name });

/**
 * Prints the named types of a Go file.
 *
 * @example
 * ```ts
 * import { GoNamedTypes } from "./emit_go_named.ts";
 * declare const named: GoNamedTypes;
 * named.codecs(); // func ts2goDecodeShape(…), func ts2goPutShape(…) …
 * ```
 */
export class GoNamedTypes {
  /** @param file the Go file to print into. */
  constructor(private readonly file: GoFile) {}

  /** Prints the type declarations (and declares their names, constants included). */
  types(): void {
    const { p, code, layout } = this.file;
    for (const a of layout.aliases) {
      const owner = { what: `type "${a.name}"`, pos: a.pos, suggest: goName(a.name) };
      const name = this.declare(a.name, { ...owner, role: "Go type" });
      const eq = isDefinedType({ kind: "alias", name: a.name, target: a.target }) ? "" : "= ";
      p.line(`// ${name} is the schema's ${a.name}.`, `type ${name} ${eq}${code.goType(a.target)}`, "");
    }
    for (const e of layout.enums) this.enumType(e);
    for (const u of layout.unions) {
      const name = this.declare(u.name, { ...this.owner(u), role: "Go interface" });
      const members = u.members.map((m) => m.struct);
      p.line(`// ${name} is one of ${members.join(", ")} (told apart in TypeScript by ${u.discriminant}).`);
      p.line("// Go sends and receives member values (Circle{…}), never pointers.");
      p.line(`type ${name} interface{ is${name}() }`, "");
      for (const m of members) p.line(`func (${m}) is${name}() {}`);
      p.line("");
    }
  }

  private enumType(e: Enum): void {
    const { p } = this.file;
    const name = this.declare(e.name, { ...this.owner(e), role: "Go type" });
    const what = e.origin === "inline" ? e.members.map((m) => m.ts).join(" | ") : `the schema's ${e.name}`;
    p.line(`// ${name} is ${what}.`, `type ${name} ${e.base === "i32" ? "int32" : "string"}`, "");
    p.line(`// The values of ${name}.`);
    p.block("const (", () => {
      for (const m of e.members) {
        const owner = { what: `${m.ts} of ${e.name}`, role: "Go constant", pos: m.pos };
        p.line(`${this.declare(e.name + m.goSuffix, owner)} ${name} = ${JSON.stringify(m.value)}`);
      }
    }, ")");
    p.line("");
  }

  /** Prints the decoders of enums of strings and of unions, and the encoders and copiers of unions. */
  codecs(): void {
    const { layout } = this.file;
    const { input, output, hostResults } = layout.usage;
    for (const e of layout.enums) if (e.base === "string" && input.has(e.name)) this.enumDecoder(e);
    for (const u of layout.unions) {
      if (input.has(u.name)) this.unionDecoder(u);
      if (hostResults.has(u.name) && this.file.code.needsClone(unionType(u))) this.unionClone(u);
      if (output.has(u.name)) this.unionEncoder(u);
    }
  }

  /** JS checked the value: it is one of the constants, which Go may keep (a string would point into JS memory). */
  private enumDecoder(e: Enum): void {
    const { p } = this.file;
    const decode = this.declare(structHelper("Decode", e.name), { ...this.owner(e), role: "decoder" });
    p.line(`// ${decode} returns the constant of a ${e.name} JS sent.`);
    p.block(`func ${decode}(r ts2goSlice) ${e.name} {`, () => {
      p.block("switch s := ts2goString(r); s {", () => {
        for (const m of e.members) p.line(`case ${JSON.stringify(m.value)}:`, `\treturn ${e.name}${m.goSuffix}`);
        p.line("default:", `\treturn ${e.name}(${p.use("strings")}.Clone(s))`);
      });
    });
    p.line("");
  }

  private unionDecoder(u: Union): void {
    const { p, code } = this.file;
    const decode = this.declare(structHelper("Decode", u.name), { ...this.owner(u), role: "decoder" });
    p.line(`// ${decode} decodes the member a union's tag names (nil for none, which JS never sends).`);
    p.block(`func ${decode}(s *ts2goScratch, r *ts2goUnion) ${u.name} {`, () => {
      p.block("switch r.Tag {", () => {
        u.members.forEach((m, i) => {
          const ref = `*(*${refTypeName(m.struct)})(r.Ptr)`;
          p.line(`case ${i + 1}:`, `\treturn ${code.decode({ kind: "struct", name: m.struct }, ref)}`);
        });
      });
      p.line("return nil");
    });
    p.line("");
  }

  private unionClone(u: Union): void {
    const { p, code } = this.file;
    const clone = this.declare(structHelper("Clone", u.name), { ...this.owner(u), role: "copying function" });
    p.line(`// ${clone} copies what a decoded ${u.name} still shares with JS memory.`);
    p.block(`func ${clone}(v *${u.name}) {`, () => {
      p.block("switch m := (*v).(type) {", () => {
        for (const m of u.members) {
          const lines = code.clone({ kind: "struct", name: m.struct }, "m");
          if (lines.length > 0) p.line(`case ${m.struct}:`).indented(() => p.line(...lines, "*v = m"));
        }
      });
    });
    p.line("");
  }

  /** A member value is written with its tag; anything else (nil, a pointer) as tag 0, which JS refuses. */
  private unionEncoder(u: Union): void {
    const { p, code, layout } = this.file;
    const member = (struct: string): Type => ({ kind: "struct", name: struct });
    const heap = this.declare(structHelper("Heap", u.name), { ...this.owner(u), role: "heap-size function" });
    // Members without heap bytes of their own do not read the member value (Go refuses an unused `m`).
    const bind = u.members.some((m) => code.hasHeap(member(m.struct))) ? "m := " : "";
    p.block(`func ${heap}(v *${u.name}) int {`, () => {
      p.block(`switch ${bind}(*v).(type) {`, () => {
        for (const m of u.members) {
          const size = `ts2goRound8(${layout.struct(m.struct).size})`;
          const more = code.hasHeap(member(m.struct)) ? ` + ${code.heap(member(m.struct), "m")}` : "";
          p.line(`case ${m.struct}:`, `\treturn ${size}${more}`);
        }
      });
      p.line("return 0");
    });
    p.line("");
    const put = this.declare(structHelper("Put", u.name), { ...this.owner(u), role: "encoder" });
    p.block(`func ${put}(w *ts2goWriter, at int, v *${u.name}) {`, () => {
      p.block("switch m := (*v).(type) {", () => {
        u.members.forEach((m, i) => {
          p.line(`case ${m.struct}:`).indented(() => {
            p.line(`off := w.alloc(${layout.struct(m.struct).size})`, code.put(member(m.struct), "off", "m"));
            p.line(`w.putUnion(at, off, ${i + 1})`);
          });
        });
        p.line("default:", "\tw.putUnion(at, 0, 0)");
      });
    });
    p.line("");
  }

  private owner(named: Enum | Union): Omit<Owner, "role"> {
    return { what: `type "${named.name}"`, pos: named.pos };
  }

  private declare(name: string, owner: Owner): string {
    return this.file.scope.declare(name, owner);
  }
}
