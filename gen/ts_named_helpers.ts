/**
 * The helper functions of enums and discriminated unions in the generated TypeScript: an enum's
 * check (`checkStatus`) and reader (`readStatus`: a value Go sent outside the enum is a TypeError
 * naming it), a union's packers (switch on the discriminant; an unknown one is a TypeError at it) and
 * reader (switch on the tag; none is a TypeError). Part of `ts_helpers.ts`.
 *
 * @example
 * ```ts
 * import { TsNamedHelpers } from "./ts_named_helpers.ts";
 * declare const helpers: TsNamedHelpers;
 * helpers.enumCheck("Status"); // prints function checkStatus(v: unknown): Status { … }
 * ```
 * @module
 */

import type { SchemaLayout } from "./layout.ts";
import { chunkSize } from "./layout.ts";
import type { Enum, Type } from "./model.ts";
import { constCase, type Owner, type Scope } from "./names.ts";
import type { Printer } from "./printer.ts";
import { helperName, literal } from "./ts_type_code.ts";

/** An enum's values are compared one by one up to this many, else looked up in a Set. */
const MAX_COMPARED = 4;

/** How a message names an enum's values: `Status ("a" | "b")`, `Color (Color.Red = 0, …)`, `"r" | "w"`. */
function describeEnum(e: Enum): string {
  const shown = e.members.slice(0, 8);
  const more = e.members.length > shown.length;
  if (e.origin === "enum") {
    const values = shown.map((m) => `${m.ts} = ${JSON.stringify(m.value)}`).join(", ");
    return `${e.name} (${values}${more ? ", …" : ""})`;
  }
  const values = shown.map((m) => m.ts).join(" | ") + (more ? " | …" : "");
  return e.origin === "inline" ? values : `${e.name} (${values})`;
}

/**
 * Prints the helpers of enums and unions.
 *
 * @example
 * ```ts
 * import { TsNamedHelpers } from "./ts_named_helpers.ts";
 * declare const helpers: TsNamedHelpers;
 * helpers.unionReader("Shape"); // prints function readShape(r, at): Shape { … }
 * ```
 */
export class TsNamedHelpers {
  private readonly checked = new Set<string>();

  /**
   * @param layout the schema's layout.
   * @param scope the generated module's names.
   * @param p the generated module.
   * @param owner who needs a helper of a type.
   */
  constructor(
    private readonly layout: SchemaLayout,
    private readonly scope: Scope,
    private readonly p: Printer,
    private readonly owner: (t: Type, role: string) => Owner,
  ) {}

  /** How TS spells an enum: its name, or its values when it is written in place. */
  private enumTs(e: Enum): string {
    return e.origin === "inline" ? e.members.map((m) => m.ts).join(" | ") : e.name;
  }

  /**
   * Prints an enum's check (once): its value, typed, or a TypeError listing the values. Up to
   * {@link MAX_COMPARED} values are compared one by one, more looked up in a Set (8 values: 27 → 10 ns on
   * Deno, 35 → 19 ns on Bun; 2 values: 10 ns both ways on Deno, 16 compared vs 36 looked up on Bun).
   */
  enumCheck(name: string): void {
    if (this.checked.has(name)) return;
    this.checked.add(name);
    const { p } = this;
    const e = this.layout.enumOf(name);
    const t: Type = { kind: "enum", name, ts: this.enumTs(e) };
    const values = e.members.map((m) => JSON.stringify(m.value));
    let test = values.map((v) => `v === ${v}`).join(" || ");
    if (values.length > MAX_COMPARED) {
      const set = this.scope.declare(`${constCase(name)}_VALUES`, this.owner(t, "set of values"));
      p.line(`const ${set}: ReadonlySet<unknown> = new Set([${values.join(", ")}]);`, "");
      test = `${set}.has(v)`;
    }
    p.block(`function ${this.declare("check", t, "checking function")}(v: unknown): ${t.ts} {`, () => {
      p.line(`if (${test}) return v as ${t.ts};`, `throw rt.notOneOf(v, ${JSON.stringify(describeEnum(e))});`);
    });
    p.line("");
  }

  /** Prints an enum's reader (and its check): a value Go sent outside the enum is a TypeError. */
  enumReader(name: string): void {
    this.enumCheck(name);
    const { p } = this;
    const e = this.layout.enumOf(name);
    const t: Type = { kind: "enum", name, ts: this.enumTs(e) };
    const read = e.base === "string" ? "rt.readString(r, at)" : "r.dv.getInt32(at, true)";
    p.block(
      `function ${this.declare("read", t, "reading function")}(r: rt.ResultReader, at: number): ${t.ts} {`,
      () => {
        p.line(`return rt.fromGo(${helperName("check", t)}, ${read});`);
      },
    );
    p.line("");
  }

  /** A union as a type, spelled in TS by its name, or by its members' when it is written in place. */
  private unionType(name: string): Extract<Type, { kind: "union" }> {
    const u = this.layout.unionOf(name);
    return { kind: "union", name, ts: u.origin === "inline" ? u.members.map((m) => m.struct).join(" | ") : name };
  }

  /** Prints a union's packers: the discriminant says which member's packers pack it after the tag. */
  unionPackers(name: string): void {
    const { p } = this;
    const u = this.layout.unionOf(name);
    const t = this.unionType(name);
    const d = u.discriminant;
    // TypeScript has narrowed `v` to never in `default:`; at run time it may hold anything.
    const unknown = `throw rt.atField(rt.notOneOf((v as { ${d}: unknown }).${d}, ${
      JSON.stringify(this.discriminants(name))
    }), ${JSON.stringify(d)});`;
    const check = `if (v?.constructor !== Object) rt.checkObject(v, ${JSON.stringify(name)});`;
    p.block(
      `function ${this.declare("measure", t, "measuring function")}(v: ${t.ts}, strict: boolean): number {`,
      () => {
        p.line(check);
        p.block(`switch (v.${d}) {`, () => {
          this.cases(name, (struct) => {
            const size = chunkSize(this.layout.struct(struct).size);
            p.line(`return ${size} + ${helperName("measure", { kind: "struct", name: struct })}(v, strict);`);
          });
          p.line("default:").indented(() => p.line(unknown));
        });
      },
    );
    p.line("");
    const write = this.declare("write", t, "writing function");
    p.block(`function ${write}(w: rt.ArgWriter, at: number, v: ${t.ts}): void {`, () => {
      p.line(check, "let off: number;");
      p.block(`switch (v.${d}) {`, () => {
        this.cases(name, (struct, tag) => {
          p.line(`off = rt.alloc(w, ${this.layout.struct(struct).size});`);
          p.line(`${helperName("write", { kind: "struct", name: struct })}(w, off, v);`);
          p.line(`rt.putUnion(w, at, off, ${tag});`, "return;");
        });
        p.line("default:").indented(() => p.line(unknown));
      });
    });
    p.line("");
  }

  /** Prints a union's reader: the tag says which member's reader reads the data its pointer points to. */
  unionReader(name: string): void {
    const { p } = this;
    const u = this.layout.unionOf(name);
    const t = this.unionType(name);
    const read = this.declare("read", t, "reading function");
    p.block(`function ${read}(r: rt.ResultReader, at: number): ${t.ts} {`, () => {
      p.line("const p = rt.refAt(r, at);");
      p.block("switch (rt.unionTag(r, at)) {", () => {
        u.members.forEach((m, i) => {
          p.line(`case ${i + 1}:`).indented(() =>
            p.line(`return ${helperName("read", { kind: "struct", name: m.struct })}(r, p);`)
          );
        });
        const example = `${u.members[0].struct}{…}`;
        p.line("default:").indented(() =>
          p.line(`throw rt.noMemberFromGo(${JSON.stringify(name)}, ${JSON.stringify(example)});`)
        );
      });
    });
    p.line("");
  }

  /** Prints a `case` per member of a union (its discriminant's value as the member's type spells it). */
  private cases(name: string, body: (struct: string, tag: number) => void): void {
    const u = this.layout.unionOf(name);
    u.members.forEach((m, i) => {
      this.p.block(`case ${this.discriminant(m.struct, u.discriminant)}: {`, () => body(m.struct, i + 1));
    });
  }

  /** A member's discriminant as its field's type spells it: `"circle"`, `"square" as ShapeKind.Square`. */
  private discriminant(struct: string, field: string): string {
    const t = this.layout.struct(struct).fields.find((f) => f.name === field)!.type;
    return t.kind === "literal" ? literal(t.value, t.ts) : "";
  }

  /** The discriminants of a union, for messages: `"circle" | ShapeKind.Square | "text"`. */
  private discriminants(name: string): string {
    const u = this.layout.unionOf(name);
    return u.members.map((m) => {
      const t = this.layout.struct(m.struct).fields.find((f) => f.name === u.discriminant)!.type;
      return t.kind === "literal" ? t.ts : "";
    }).join(" | ");
  }

  private declare(verb: "measure" | "write" | "read" | "check", t: Type, role: string): string {
    return this.scope.declare(helperName(verb, t), this.owner(t, role));
  }
}
