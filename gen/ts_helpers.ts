/**
 * The helper functions of a schema's types in the generated TypeScript: packers (validate and
 * measure, then write) of structs, lists, optionals, maps and records, and their unpackers; those of
 * enums and unions are in `ts_named_helpers.ts`. Each is declared in the module's {@link Scope}. A
 * new type kind with helpers of its own adds a `…Packers` and a `…Reader` method and a case in
 * {@link TsHelpers.packers} and {@link TsHelpers.reader}.
 *
 * Readers of types whose reading can fail (`TsTypeCode.canFail`: an enum value or a union Go should
 * not have sent) note where they are, so that the error names the path; the others do not pay for it.
 *
 * @example
 * ```ts
 * import { TsHelpers } from "./ts_helpers.ts";
 * import { TsTypeCode } from "./ts_type_code.ts";
 * import { computeLayout } from "./layout.ts";
 * import { Scope } from "./names.ts";
 * import { Printer } from "./printer.ts";
 * const layout = computeLayout({ file: "s.ts", structs: [], services: [] });
 * const p = new Printer();
 * new TsHelpers(layout, new TsTypeCode(layout), new Scope("TS name", "s.ts"), p).packers({ kind: "list", elem: { kind: "string" } });
 * ```
 * @module
 */

import type { FieldLayout, SchemaLayout } from "./layout.ts";
import { chunkSize } from "./layout.ts";
import type { Type } from "./model.ts";
import { target, typeToString } from "./model.ts";
import { at, constCase, OBJECT_MEMBERS, type Owner, type Scope, typeOwner } from "./names.ts";
import type { Printer } from "./printer.ts";
import { helperName, letOrConst, measureStatement, tryCatch, type TsTypeCode } from "./ts_type_code.ts";
import { TsNamedHelpers } from "./ts_named_helpers.ts";

/**
 * The check that `v` stands for the struct `name`: plain objects pass on their constructor, read in
 * each packer so that it has its own inline cache (inside the shared `rt.checkObject`, a schema's many
 * struct shapes make that read megamorphic: 1,000 objects 16.8 → 11.6 µs on V8); others get the full check.
 */
function structCheck(name: string): string {
  return `if (v?.constructor !== Object) rt.checkObject(v, ${JSON.stringify(name)});`;
}

/** When an optional is absent, by how TS writes it (see `Absent` in model.ts). */
const ABSENT = { undefined: "v === undefined", null: "v === null", nullish: "v == null" };

/**
 * Prints the helper functions of a schema's types.
 *
 * @example
 * ```ts
 * import { TsHelpers } from "./ts_helpers.ts";
 * declare const helpers: TsHelpers;
 * helpers.reader({ kind: "struct", name: "User" }); // prints function readUser(r, at) { … }
 * ```
 */
export class TsHelpers {
  private readonly named: TsNamedHelpers;

  /**
   * @param layout the schema's layout.
   * @param code the expressions of its types.
   * @param scope the generated module's names.
   * @param p the generated module.
   */
  constructor(
    private readonly layout: SchemaLayout,
    private readonly code: TsTypeCode,
    private readonly scope: Scope,
    private readonly p: Printer,
  ) {
    this.named = new TsNamedHelpers(layout, scope, p, (t, role) => this.owner(t, role));
  }

  /** Prints the packer functions (measure + write; an enum's check) of a type that has them. */
  packers(t: Type): void {
    switch (t.kind) {
      case "struct":
        return this.structPackers(t.name);
      case "list":
        return this.listPackers(t);
      case "optional":
        return this.optionalPackers(t);
      case "map":
        return t.record ? this.recordPackers(t) : this.mapPackers(t);
      case "enum":
        return this.named.enumCheck(t.name);
      case "union":
        return this.named.unionPackers(t.name);
    }
  }

  /** Prints the unpacker function of a type that has one. */
  reader(t: Type): void {
    switch (t.kind) {
      case "struct":
        return this.structReader(t.name);
      case "list":
        return this.listReader(t);
      case "optional":
        return this.optionalReader(t);
      case "map":
        return this.mapReader(t);
      case "enum":
        return this.named.enumReader(t.name);
      case "union":
        return this.named.unionReader(t.name);
    }
  }

  /** Declares the helper `verb` of `t` in the module's scope (`role`: what it is, for a clash) and returns its name. */
  private declare(verb: "measure" | "write" | "note" | "read", t: Type, role: string): string {
    return this.scope.declare(helperName(verb, t), this.owner(t, role));
  }

  /** Who needs a helper of `t`: the type, reported at the first struct it names. */
  private owner(t: Type, role: string): Owner {
    return typeOwner(t, role, (name) => this.layout.namedPos(name));
  }

  /** The name of the set of a struct's field names, for strict mode (declared once, with its packers). */
  private fieldSet(name: string): string {
    return `${constCase(name)}_FIELDS`;
  }

  /**
   * Strict mode's check that `v`'s own keys are all fields of the struct `name`, made while measuring
   * (a strict client's sync calls are measured too: see `SyncCalls.finish` in src/); writers do not pay for it.
   */
  private keysCheck(name: string): string {
    return `rt.checkKeys(v, ${this.fieldSet(name)}, ${JSON.stringify(name)});`;
  }

  /** The value of field `f` of `v`; fields named like `Object.prototype` members are read as own properties. */
  private field(f: FieldLayout): string {
    return OBJECT_MEMBERS.has(f.name) ? `rt.ownField(v, ${JSON.stringify(f.name)})` : `v.${f.name}`;
  }

  private structPackers(name: string): void {
    const { p } = this;
    const t: Type = { kind: "struct", name };
    const fields = this.layout.struct(name).fields;
    const measures = fields.map((f) => this.code.measureExpr(f.type, this.field(f)));
    const names = fields.map((f) => JSON.stringify(f.name)).join(", ");
    const set = this.scope.declare(this.fieldSet(name), this.owner(t, "set of field names"));
    p.line(`const ${set}: ReadonlySet<string> = new Set([${names}]);`, "");
    p.block(
      `function ${this.declare("measure", t, "measuring function")}(v: ${name}, strict: boolean): number {`,
      () => {
        p.line(structCheck(name), `if (strict) ${this.keysCheck(name)}`, ...this.enter(name));
        p.line(`${letOrConst(measures)} n = 0;`, `let f = ${JSON.stringify(fields[0]?.name ?? "")};`);
        tryCatch(
          p,
          () => {
            fields.forEach((f, i) => {
              if (i > 0) p.line(`f = ${JSON.stringify(f.name)};`);
              p.line(measureStatement(measures[i], "n"));
            });
          },
          ["throw rt.atField(e, f);"],
          this.leave(name),
        );
        p.line("return n;");
      },
    );
    p.line("");
    p.block(
      `function ${this.declare("write", t, "writing function")}(w: rt.ArgWriter, at: number, v: ${name}): void {`,
      () => {
        p.line(structCheck(name));
        this.nested(name, () => this.fieldWrites(name, false));
      },
    );
    p.line("");
  }

  /** The statement entering one level of a self-holding struct (see `MAX_DEPTH` in src/input.ts), if it is one. */
  private enter(name: string): string[] {
    return this.layout.selfHolding.has(name) ? [`rt.enterNested(${JSON.stringify(name)});`] : [];
  }

  /** The statement leaving a level entered with {@link enter}. */
  private leave(name: string): string[] {
    return this.layout.selfHolding.has(name) ? ["rt.leaveNested();"] : [];
  }

  /** Prints `body`, counted as one level of `name` when it is a self-holding struct. */
  private nested(name: string, body: () => void): void {
    if (!this.layout.selfHolding.has(name)) return body();
    this.p.line(...this.enter(name));
    tryCatch(this.p, body, [], this.leave(name));
  }

  private listPackers(t: Extract<Type, { kind: "list" }>): void {
    const { p } = this;
    const ts = typeToString(t);
    const stride = this.layout.stride(t.elem);
    const elem = this.code.measureExpr(t.elem, "v[i]!");
    p.block(
      `function ${this.declare("measure", t, "measuring function")}(v: ${ts}${this.code.strictParam(t)}): number {`,
      () => {
        p.line(`const len = rt.checkArray(v, ${JSON.stringify(ts)});`);
        p.line(`${letOrConst([elem])} n = rt.round8(len * ${stride});`, "let i = 0;");
        tryCatch(
          p,
          () => p.block("for (; i < len; i++) {", () => p.line(measureStatement(elem, "n"))),
          ["throw rt.atIndex(e, i);"],
        );
        p.line("return n;");
      },
    );
    p.line("");
    this.listWriter(t);
  }

  /**
   * Prints the writer of a list (and, for a list of structs with string fields, the structs' noting
   * writer). When the writer defers strings (V8, large calls), a list of strings or of such structs
   * notes its strings into a local rope and encodes them once after its loop (`rt.putNotedStrings`):
   * cheaper than noting each on the writer (1,000 users: about 5 µs less per call on Deno, 29.4–31.7 µs).
   */
  private listWriter(t: Extract<Type, { kind: "list" }>): void {
    const { p } = this;
    const { elem } = t;
    const ts = typeToString(t);
    const stride = this.layout.stride(elem);
    const strings = elem.kind === "string" ? [0] : elem.kind === "struct" ? this.stringFields(elem.name) : [];
    const loop = () =>
      p.block("for (let i = 0; i < len; i++) {", () => p.line(this.code.write(elem, `off + i * ${stride}`, "v[i]!")));
    p.block(
      `function ${this.declare("write", t, "writing function")}(w: rt.ArgWriter, at: number, v: ${ts}): void {`,
      () => {
        p.line(`const len = rt.checkArray(v, ${JSON.stringify(ts)});`, `const off = rt.alloc(w, len * ${stride});`);
        if (strings.length === 0) {
          loop();
        } else {
          const note = elem.kind === "string"
            ? `rope = rt.noteString(w, off + i * ${stride}, v[i]!, rope);`
            : `rope = ${helperName("note", elem)}(w, off + i * ${stride}, v[i]!, rope);`;
          p.block("if (w.deferStrings) {", () => {
            p.line('let rope = "";');
            p.block("for (let i = 0; i < len; i++) {", () => p.line(note));
            p.line(`rt.putNotedStrings(w, rope, off, len, ${stride}, [${strings.join(", ")}]);`);
          }, "} else {");
          p.indented(loop).line("}");
        }
        p.line("rt.putRef(w, at, off, len);");
      },
    );
    p.line("");
    if (elem.kind === "struct" && strings.length > 0) this.notingWriter(elem.name);
  }

  /** The offsets of a struct's string fields, in field order. */
  private stringFields(name: string): number[] {
    return this.layout.struct(name).fields.filter((f) => f.type.kind === "string").map((f) => f.offset);
  }

  /** Prints a struct's writer for lists that note their strings: string fields go to the returned rope. */
  private notingWriter(name: string): void {
    const { p } = this;
    const t: Type = { kind: "struct", name };
    const fn = this.declare("note", t, "noting writer");
    p.block(`function ${fn}(w: rt.ArgWriter, at: number, v: ${name}, rope: string): string {`, () => {
      p.line(structCheck(name));
      this.nested(name, () => this.fieldWrites(name, true));
      p.line("return rope;");
    });
    p.line("");
  }

  /** Prints the statements writing a struct's fields from `v` at `at`; `noting`: string fields go to `rope`. */
  private fieldWrites(name: string, noting: boolean): void {
    const { p } = this;
    for (const f of this.layout.struct(name).fields) {
      p.line(
        noting && f.type.kind === "string"
          ? `rope = rt.noteString(w, ${at("at", f.offset)}, ${this.field(f)}, rope);`
          : this.code.write(f.type, at("at", f.offset), this.field(f)),
      );
    }
  }

  private optionalPackers(t: Extract<Type, { kind: "optional" }>): void {
    const { p } = this;
    const ts = typeToString(t);
    const size = this.layout.type(t.inner).size;
    const inner = this.code.measureExpr(t.inner, "v");
    const absent = ABSENT[t.absent ?? "undefined"];
    p.block(
      `function ${this.declare("measure", t, "measuring function")}(v: ${ts}${this.code.strictParam(t)}): number {`,
      () => {
        p.line(`if (${absent}) return 0;`, `${letOrConst([inner])} n = ${chunkSize(size)};`);
        p.line(measureStatement(inner, "n"), "return n;");
      },
    );
    p.line("");
    p.block(
      `function ${this.declare("write", t, "writing function")}(w: rt.ArgWriter, at: number, v: ${ts}): void {`,
      () => {
        p.block(`if (${absent}) {`, () => p.line("rt.putOptional(w, at, -1);", "return;"));
        p.line(
          `const off = rt.alloc(w, ${size});`,
          this.code.write(t.inner, "off", "v"),
          "rt.putOptional(w, at, off);",
        );
      },
    );
    p.line("");
  }

  private mapPackers(t: Extract<Type, { kind: "map" }>): void {
    const { p } = this;
    const ts = typeToString(t);
    const entry = this.layout.mapEntry(t);
    // A string key is checked against the map's other keys too: lone surrogates are sent as U+FFFD.
    const stringKey = target(t.key).kind === "string";
    const key = stringKey ? { expr: "rt.measureMapKey(k, v)", heap: true } : this.code.measureExpr(t.key, "k");
    const value = this.code.measureExpr(t.value, "x");
    p.block(
      `function ${this.declare("measure", t, "measuring function")}(v: ${ts}${this.code.strictParam(t)}): number {`,
      () => {
        p.line(`rt.checkMap(v, ${JSON.stringify(ts)});`);
        p.line(`${letOrConst([key, value])} n = rt.round8(v.size * ${entry.size});`, "let key: unknown;");
        tryCatch(p, () => {
          p.block("for (const [k, x] of v) {", () => {
            p.line("key = k;", measureStatement(key, "n"), measureStatement(value, "n"));
          });
        }, ["throw rt.atKey(e, key);"]);
        p.line("return n;");
      },
    );
    p.line("");
    p.block(
      `function ${this.declare("write", t, "writing function")}(w: rt.ArgWriter, at: number, v: ${ts}): void {`,
      () => {
        p.line(
          `rt.checkMap(v, ${JSON.stringify(ts)});`,
          "const len = v.size;",
          `const off = rt.alloc(w, len * ${entry.size});`,
        );
        p.line("let n = 0;");
        p.block("for (const [k, x] of v) {", () => {
          p.line("// A getter run by this loop may add entries: never write past the room taken for `len`.");
          p.line("if (n === len) throw rt.changedWhileSending();", `const e = off + n++ * ${entry.size};`);
          p.line(stringKey ? "rt.putMapKey(w, e, k, v);" : this.code.write(t.key, "e", "k"));
          p.line(this.code.write(t.value, at("e", entry.fields[1].offset), "x"));
        });
        p.line("rt.putRef(w, at, off, n);");
      },
    );
    p.line("");
  }

  /**
   * Prints the packers of a `Record<string, V>`: its own enumerable string keys, as `Object.keys` lists
   * them; the writer writes as many entries as its own `Object.keys` gives (a getter cannot make it
   * write past what it took).
   */
  private recordPackers(t: Extract<Type, { kind: "map" }>): void {
    const { p } = this;
    const ts = typeToString(t);
    const entry = this.layout.mapEntry(t);
    // Keys are checked against each other as a Map's are (see `mapPackers`).
    const key = { expr: "rt.measureMapKey(k, keys)", heap: true };
    const value = this.code.measureExpr(t.value, "v[k]!");
    const keys = `const keys = rt.recordKeys(v, ${JSON.stringify(ts)});`;
    p.block(
      `function ${this.declare("measure", t, "measuring function")}(v: ${ts}${this.code.strictParam(t)}): number {`,
      () => {
        p.line(keys, `${letOrConst([key, value])} n = rt.round8(keys.length * ${entry.size});`, 'let k = "";');
        tryCatch(p, () => {
          p.block("for (let i = 0; i < keys.length; i++) {", () => {
            p.line("k = keys[i]!;", measureStatement(key, "n"), measureStatement(value, "n"));
          });
        }, ["throw rt.atKey(e, k);"]);
        p.line("return n;");
      },
    );
    p.line("");
    p.block(
      `function ${this.declare("write", t, "writing function")}(w: rt.ArgWriter, at: number, v: ${ts}): void {`,
      () => {
        p.line(keys, `const off = rt.alloc(w, keys.length * ${entry.size});`);
        p.block("for (let i = 0; i < keys.length; i++) {", () => {
          p.line("const k = keys[i]!;", `const e = off + i * ${entry.size};`);
          p.line("rt.putMapKey(w, e, k, keys);", this.code.write(t.value, at("e", entry.fields[1].offset), "v[k]!"));
        });
        p.line("rt.putRef(w, at, off, keys.length);");
      },
    );
    p.line("");
  }

  /**
   * Prints a struct's reader. Fields whose reading can fail are read first, each after noting its
   * name, so that the error says which; the others are read in place.
   */
  private structReader(name: string): void {
    const { p, code } = this;
    const t: Type = { kind: "struct", name };
    const fields = this.layout.struct(name).fields;
    const fallible = fields.filter((f) => code.canFail(f.type));
    const value = (f: FieldLayout) => (fallible.includes(f) ? `$${f.name}` : code.read(f.type, at("at", f.offset)));
    const body = () => {
      fallible.forEach((f, i) => {
        if (i > 0) p.line(`f = ${JSON.stringify(f.name)};`);
        p.line(`const $${f.name} = ${code.read(f.type, at("at", f.offset))};`);
      });
      p.block(`const v: ${name} = {`, () => {
        for (const f of fields.filter((f) => !f.mayBeMissing)) p.line(`${f.name}: ${value(f)},`);
      }, "};");
      // Absent `f?: T` fields are left out, so `{}` round-trips to `{}`.
      for (const f of fields.filter((f) => f.mayBeMissing)) {
        if (!fallible.includes(f)) p.line(`const $${f.name} = ${value(f)};`);
        p.line(`if ($${f.name} !== undefined) v.${f.name} = $${f.name};`);
      }
      p.line("return v;");
    };
    p.block(
      `function ${this.declare("read", t, "reading function")}(r: rt.ResultReader, at: number): ${name} {`,
      () =>
        this.nested(name, () => {
          if (fallible.length === 0) return body();
          p.line(`${fallible.length > 1 ? "let" : "const"} f = ${JSON.stringify(fallible[0].name)};`);
          tryCatch(p, body, ["throw rt.atField(e, f);"]);
        }),
    );
    p.line("");
  }

  private listReader(t: Extract<Type, { kind: "list" }>): void {
    const { p } = this;
    const ts = typeToString(t);
    const stride = this.layout.stride(t.elem);
    const read = this.code.read(t.elem, `p + i * ${stride}`);
    p.block(`function ${this.declare("read", t, "reading function")}(r: rt.ResultReader, at: number): ${ts} {`, () => {
      p.line("const len = rt.refLen(r, at);", "const p = rt.refAt(r, at);", `const out: ${ts} = new Array(len);`);
      if (this.code.canFail(t.elem)) {
        p.line("let i = 0;");
        tryCatch(p, () => p.line(`for (; i < len; i++) out[i] = ${read};`), ["throw rt.atIndex(e, i);"]);
      } else {
        p.line(`for (let i = 0; i < len; i++) out[i] = ${read};`);
      }
      p.line("return out;");
    });
    p.line("");
  }

  private optionalReader(t: Extract<Type, { kind: "optional" }>): void {
    const { p } = this;
    const ts = typeToString(t);
    const absent = t.absent ? "null" : "undefined";
    p.block(`function ${this.declare("read", t, "reading function")}(r: rt.ResultReader, at: number): ${ts} {`, () => {
      p.line(`return rt.isPresent(r, at) ? ${this.code.read(t.inner, "rt.refAt(r, at)")} : ${absent};`);
    });
    p.line("");
  }

  /**
   * Prints a map's reader; a `Record`'s gives an object with a null prototype, on which every key is
   * an own property (`__proto__` included: no accessor inherits it).
   */
  private mapReader(t: Extract<Type, { kind: "map" }>): void {
    const { p, code } = this;
    const ts = typeToString(t);
    const entry = this.layout.mapEntry(t);
    const [key, value] = [code.read(t.key, "e"), code.read(t.value, at("e", entry.fields[1].offset))];
    const fallible = code.canFail(t.key) || code.canFail(t.value);
    p.block(`function ${this.declare("read", t, "reading function")}(r: rt.ResultReader, at: number): ${ts} {`, () => {
      p.line("const len = rt.refLen(r, at);", "const p = rt.refAt(r, at);");
      p.line(`const out: ${ts} = ${t.record ? "Object.create(null)" : "new Map()"};`);
      const loop = (k: string) =>
        p.block("for (let i = 0; i < len; i++) {", () => {
          p.line(`const e = p + i * ${entry.size};`);
          if (fallible) p.line("k = undefined;", `k = ${key};`);
          p.line(t.record ? `out[${k}] = ${value};` : `out.set(${k}, ${value});`);
        });
      if (!fallible) {
        loop(key);
      } else {
        // The key of the entry being read, for the error's path (undefined: the key itself failed).
        p.line(`let k: ${typeToString(t.key)} | undefined;`);
        tryCatch(p, () => loop("k"), ["throw k === undefined ? rt.atMapKey(e) : rt.atKey(e, k);"]);
      }
      // Distinct Go keys that are not valid UTF-8 can read as one string (U+FFFD): refuse, not drop.
      if (target(t.key).kind === "string") p.line("rt.checkKeysKept(out, len);");
      p.line("return out;");
    });
    p.line("");
  }
}
