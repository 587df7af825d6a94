/**
 * Schema parser: reads a TypeScript schema file with ts-morph and produces the {@link Schema} model.
 *
 * Types are read from the type *nodes* as written (the `u8`…`isize` aliases all resolve to
 * `number`/`bigint` in the checker, so only the written name says which one was meant); what each
 * name refers to — ts2go's `u32`, a declaration of this file, nothing — is asked of the checker. No
 * lib files or tsconfig are loaded.
 *
 * Every problem is collected, then all are thrown together as one {@link SchemaError}, so a user
 * fixes a schema in one round. Each message says what is wrong and what to write instead.
 *
 * @example
 * ```ts
 * import { parseSchemaText } from "./parse.ts";
 * const schema = parseSchemaText("schema.ts", `
 *   import type { u32 } from "ts2go";
 *   export interface User { id: u32; name: string }
 *   export interface Api { get(id: u32): Promise<User> }`);
 * schema.services[0].methods[0].async; // true
 * ```
 * @module
 */

import { readFileSync } from "node:fs";
import { Node, Project, SyntaxKind, ts } from "ts-morph";
import type { InterfaceDeclaration, MethodSignature, PropertySignature, SourceFile, TypeChecker } from "ts-morph";
import type { Enum, Field, Method, Param, Pos, Schema, Service, Struct, Union } from "./model.ts";
import { target, typeToString } from "./model.ts";
import { goName, JS_STRICT_RESERVED, OBJECT_MEMBERS, TS_TYPE_KEYWORDS } from "./names.ts";
import { type Diagnostic, SchemaError } from "./diagnostics.ts";
import {
  type Kind,
  optional,
  SCHEMA_TYPE_NAMES,
  type Site,
  ts2goSpecifier,
  TypeReader,
  unwrap,
} from "./parse_types.ts";
import { resolveTypeName } from "./resolve.ts";
import { unsupportedExports } from "./parse_exports.ts";

export { type Diagnostic, SchemaError } from "./diagnostics.ts";

/**
 * Reads and parses a schema file. Positions in the result and in errors carry `path` as given.
 *
 * @example
 * ```ts
 * import { parseSchema } from "./parse.ts";
 * const schema = parseSchema("examples/demo/schema.ts");
 * console.log(schema.services.map((s) => s.name));
 * ```
 */
export function parseSchema(path: string): Schema {
  return parseSchemaText(path, readFileSync(path, "utf8"));
}

/**
 * Parses schema source text without touching the disk (an in-memory ts-morph project).
 * Declaration order of structs, fields, services, methods and params is kept.
 *
 * @example
 * ```ts
 * import { parseSchemaText } from "./parse.ts";
 * const s = parseSchemaText("schema.ts", "export interface P { tags?: string[] }");
 * s.structs[0].fields[0].type; // { kind: "optional", inner: { kind: "list", elem: { kind: "string" } } }
 * ```
 */
export function parseSchemaText(path: string, text: string): Schema {
  // noLib: a name resolves to this file's declarations and imports (the imported modules are not
  // loaded); the language's types a schema may use (Map, Uint8Array…) are known by name, and loading
  // lib.d.ts would cost ~100x the parse.
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { noLib: true, types: [] } });
  // A fixed in-memory name: `path` may be relative, absolute or odd; it is only used in positions.
  const sf = project.createSourceFile("/schema.ts", text, { overwrite: true });
  const syntax = project.getProgram().compilerObject.getSyntacticDiagnostics(sf.compilerNode);
  if (syntax.length > 0) {
    // Past a syntax error the tree is guesswork, so further messages would only mislead.
    throw new SchemaError(syntax.map((d) => {
      const { line, column } = sf.getLineAndColumnAtPos(d.start);
      const msg = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      return { pos: { file: path, line, col: column }, message: `syntax error: ${msg}` };
    }));
  }
  return new Parser(path, sf, project.getTypeChecker()).run();
}

type Named = { name: string; pos: Pos };

/** One parse of one source file; holds the diagnostics and the name → kind table. */
class Parser {
  private readonly diags: Diagnostic[] = [];
  /** Kind of every exported interface; "skipped" ones were reported already and stay silent when referenced. */
  private readonly kinds = new Map<string, Kind>();
  private readonly types: TypeReader;

  constructor(private readonly file: string, private readonly sf: SourceFile, private readonly checker: TypeChecker) {
    this.types = new TypeReader({
      sf,
      checker,
      kinds: this.kinds,
      pos: (node: Node) => this.pos(node),
      error: (at: Node | Pos, message: string) => this.error(at, message),
    });
  }

  run(): Schema {
    for (const u of unsupportedExports(this.sf)) this.error(u.at, u.message);
    const decls: InterfaceDeclaration[] = [];
    for (const decl of this.sf.getInterfaces()) {
      const name = decl.getName();
      if (!decl.isExported()) continue; // reported only if an exported interface refers to it
      if (this.kinds.has(name)) {
        this.error(decl.getNameNode(), `interface ${name} is declared twice; merge them`);
        continue;
      }
      this.kinds.set(name, this.classify(decl));
      decls.push(decl);
    }
    const structs: Struct[] = [];
    const services: Service[] = [];
    for (const decl of decls) {
      const kind = this.kinds.get(decl.getName());
      const base = { name: decl.getName(), pos: this.pos(decl.getNameNode()) };
      if (kind === "struct") structs.push({ ...base, fields: this.fields(decl) });
      if (kind === "service") services.push({ ...base, methods: this.methods(decl) });
      if (kind === "host") services.push({ ...base, methods: this.methods(decl, true), host: true });
    }
    this.types.declarations(this.sf.getTypeAliases(), this.sf.getEnums());
    const unions = this.discriminate(structs);
    const aliases = [...this.types.aliases.values()];
    const enums = [...this.types.enums.enums.values()];
    for (const d of [...structs, ...services]) this.checkName(d, "interface");
    for (const d of aliases) this.checkName(d, "type alias");
    for (const d of enums.filter((e) => e.origin !== "inline")) {
      this.checkName(d, d.origin === "enum" ? "enum" : "type alias");
    }
    for (const e of enums) this.checkConstants(e);
    this.checkUnique([...structs, ...services, ...aliases, ...enums, ...unions], "type", "this file");
    this.checkInfiniteSize(structs);
    if (this.diags.length > 0) throw new SchemaError(this.diags);
    return { file: this.file, structs, services, aliases, enums, unions };
  }

  /**
   * Finds each union's discriminant: the first field (in its first member's order) that every member
   * has with one literal value, a different one in each.
   */
  private discriminate(structs: Struct[]): Union[] {
    const byName = new Map(structs.map((s) => [s.name, s]));
    const unions: Union[] = [];
    for (const draft of this.types.unions.values()) {
      const members = draft.members.map((m) => byName.get(m)!);
      const valueOf = (s: Struct, field: string) => {
        const t = s.fields.find((f) => f.name === field)?.type;
        return t?.kind === "literal" ? t.value : undefined;
      };
      const discriminant = members[0].fields.find((f) => {
        const values = members.map((s) => valueOf(s, f.name));
        return values.every((v) => v !== undefined) && new Set(values).size === members.length;
      });
      if (!discriminant) {
        const example = `kind: "${members[0].name.toLowerCase()}"`;
        const fix = `give each of ${draft.members.join(", ")} a field of one literal value, a different one in each`;
        this.error(draft.pos, `union ${draft.ts} cannot tell its members apart: ${fix} (e.g. ${example})`);
        continue;
      }
      const d = discriminant.name;
      const values = members.map((s) => ({ struct: s.name, value: valueOf(s, d)! }));
      unions.push({ name: draft.name, discriminant: d, members: values, origin: draft.origin, pos: draft.pos });
    }
    return unions;
  }

  /** Each value of an enum needs a Go constant: a name from its letters and digits. */
  private checkConstants(e: Enum): void {
    for (const m of e.members) {
      if (m.goSuffix !== "") continue;
      const fix = e.origin === "enum" ? "rename the member" : "declare an enum instead, whose member names you choose";
      this.error(m.pos, `${m.ts} has no letters or digits to name its Go constant (${e.name}…); ${fix}`);
    }
  }

  /** Service when every member is method-like, so a function-typed property gets a precise message later. */
  private classify(decl: InterfaceDeclaration): Kind {
    const name = decl.getName();
    const typeParams = decl.getTypeParameters();
    if (typeParams.length > 0) {
      this.error(typeParams[0], `interface ${name} is generic; declare one concrete interface per type instead`);
      return "skipped";
    }
    let host = false;
    for (const ext of decl.getExtends()) {
      const base = ext.getExpression().getText();
      const target = resolveTypeName(this.checker, ext.getExpression());
      if (target.kind === "ts2go" && target.name === "Host") host = true;
      else if (target.kind === "global" && base === "Host") {
        const fix = `import type { Host } from ${JSON.stringify(ts2goSpecifier(this.sf))}`;
        this.error(ext, `${name} extends Host, which is not imported; add \`${fix}\``);
        host = true;
      } else {
        this.error(
          ext,
          `${name} extends ${base}; inheritance is not supported. Copy the fields of ${base} into ${name}`,
        );
      }
    }
    const members = decl.getMembers();
    if (members.length === 0) {
      this.error(decl.getNameNode(), `interface ${name} has no members; add fields or methods, or remove it`);
      return "skipped";
    }
    const allMethods = members.every((m) => Node.isMethodSignature(m) || isFunctionProperty(m));
    if (host && !allMethods) {
      this.error(decl.getNameNode(), `${name} extends Host, so it is a service: give it methods only`);
      return "skipped";
    }
    return host ? "host" : allMethods ? "service" : "struct";
  }

  private fields(decl: InterfaceDeclaration): Field[] {
    const fields: Field[] = [];
    for (const m of decl.getMembers()) {
      if (Node.isPropertySignature(m)) {
        const name = this.memberName(m, "field");
        const typeNode = m.getTypeNode();
        if (name === null) continue;
        const pos = this.pos(m.getNameNode());
        if (m.hasQuestionToken() && OBJECT_MEMBERS.has(name)) {
          const why =
            `every object inherits a "${name}" (from Object.prototype): TypeScript does not let an object omit it`;
          this.error(
            pos,
            `optional field "${name}": ${why}; make it required (\`${name}: T | undefined\`) or rename it`,
          );
          continue;
        }
        const site: Site = { ctx: `field "${name}"`, goName: goName(decl.getName()) + goName(name), field: true };
        const type = typeNode ? this.types.map(typeNode, site) : this.error(pos, `field "${name}" has no type`);
        if (type?.kind === "literal" && m.hasQuestionToken()) {
          this.error(pos, `field "${name}" has one value (${type.ts}) and cannot be optional; remove the "?"`);
        } else if (type) {
          fields.push({
            name,
            ...(m.hasQuestionToken() ? { type: optional(type), mayBeMissing: true } : { type }),
            pos,
          });
        }
      } else if (Node.isMethodSignature(m)) {
        const what = `interface ${decl.getName()} mixes fields and methods`;
        this.error(m.getNameNode(), `${what}; move method "${m.getName()}" to a service interface (only methods)`);
      } else {
        const what = Node.isIndexSignatureDeclaration(m) ? "index signatures are" : `"${m.getText()}" is`;
        this.error(m, `${what} not supported; use fields "name: T" (a Map<string, V> field for varying keys)`);
      }
    }
    this.checkUnique(fields, "field", `interface ${decl.getName()}`);
    return fields;
  }

  private methods(decl: InterfaceDeclaration, host = false): Method[] {
    const methods: Method[] = [];
    for (const m of decl.getMembers()) {
      if (Node.isMethodSignature(m)) {
        const method = this.method(m, decl.getName(), host);
        if (method) methods.push(method);
      } else if (Node.isPropertySignature(m)) {
        // classify() only lets function-typed properties through, so the suggestion can be spelled out.
        const fn = unwrap(m.getTypeNode());
        const params = Node.isFunctionTypeNode(fn) ? fn.getParameters().map((p) => p.getText()).join(", ") : "";
        const ret = Node.isFunctionTypeNode(fn) ? fn.getReturnTypeNode()?.getText() : "R";
        const sig = `${m.getName()}(${params}): ${ret}`;
        this.error(m.getNameNode(), `property "${m.getName()}" has a function type; write a method signature: ${sig}`);
      }
    }
    this.checkUnique(methods, "method", `interface ${decl.getName()}`);
    return methods;
  }

  private method(m: MethodSignature, service: string, host: boolean): Method | null {
    const name = this.memberName(m, "method");
    if (name === null) return null;
    if (host && OBJECT_MEMBERS.has(name)) {
      const why = `every JavaScript object has a "${name}" (from Object.prototype), so an implementation lacking it`;
      return this.error(
        m.getNameNode(),
        `Host method "${name}": ${why} would still seem to have it; rename the method`,
      );
    }
    if (m.hasQuestionToken()) return this.error(m.getNameNode(), `method "${name}" is optional; remove the "?"`);
    const typeParams = m.getTypeParameters();
    if (typeParams.length > 0) return this.error(typeParams[0], `method "${name}" is generic; use concrete types`);
    const params: Param[] = [];
    let optionalBefore: string | null = null;
    for (const p of m.getParameters()) {
      const [nameNode, typeNode, pname] = [p.getNameNode(), p.getTypeNode(), p.getNameNode().getText()];
      const ctx = `parameter "${pname}" of method "${name}"`;
      if (p.hasQuestionToken()) optionalBefore ??= pname;
      if (optionalBefore !== null && !p.hasQuestionToken() && !p.isRestParameter()) {
        const fix = `make it optional ("${pname}?: T") or move it before "${optionalBefore}"`;
        this.error(nameNode, `${ctx} is required but follows the optional parameter "${optionalBefore}"; ${fix}`);
      } else if (p.isRestParameter()) {
        this.error(p, `${ctx}: rest parameters are not supported; take a list "${pname}: T[]" instead`);
      } else if (!Node.isIdentifier(nameNode)) {
        this.error(nameNode, `method "${name}": destructuring is not supported; use a plain name such as "req: T"`);
      } else if (p.getInitializer()) {
        this.error(nameNode, `${ctx} has a default value; make it optional instead: "${pname}?: T"`);
      } else if (pname === "this") {
        this.error(
          nameNode,
          `method "${name}": a "this" parameter declares the type of this, not an argument; remove it`,
        );
      } else if (!typeNode) {
        this.error(nameNode, `${ctx} has no type; write "${pname}: T"`);
      } else if (this.checkName({ name: pname, pos: this.pos(nameNode) }, "parameter")) {
        const type = this.types.map(typeNode, { ctx, goName: goName(service) + goName(name) + goName(pname) });
        const pos = this.pos(nameNode);
        if (type) {
          params.push({
            name: pname,
            ...(p.hasQuestionToken() ? { type: optional(type), mayBeMissing: true } : { type }),
            pos,
          });
        }
      }
    }
    this.checkUnique(params, "parameter", `method "${name}"`);
    const ret = unwrap(m.getReturnTypeNode());
    if (!ret) return this.error(m.getNameNode(), `method "${name}" has no result type; write ": void" or a type`);
    const ctx = `result of method "${name}"`;
    const wrapper = Node.isTypeReference(ret) ? ret.getTypeName().getText() : "";
    const isStream = wrapper === "AsyncIterable";
    const isAsync = wrapper === "Promise" || isStream;
    const args = Node.isTypeReference(ret) ? ret.getTypeArguments() : [];
    if (isAsync && args.length !== 1) {
      return this.error(ret, `${ctx}: write ${isStream ? "AsyncIterable<T>" : "Promise<T> or Promise<void>"}`);
    }
    if (isStream && host) {
      return this.error(ret, `${ctx}: a Host (TS) method cannot stream; return Promise<T[]> or call Go back instead`);
    }
    const node = isAsync ? unwrap(args[0])! : ret;
    const pos = this.pos(m.getNameNode());
    const method: Method = { name, params, result: null, async: isAsync, ...(isStream ? { stream: true } : {}), pos };
    if (node.getKind() === SyntaxKind.VoidKeyword) {
      if (isStream) return this.error(node, `${ctx}: a stream needs an item type; write AsyncIterable<T>`);
      return method;
    }
    const result = this.types.map(node, { ctx, goName: goName(service) + goName(name) + "Result" });
    return result && { ...method, result };
  }

  /** The name of a property or method as written, if it is a plain identifier (quotes allowed). */
  private memberName(m: PropertySignature | MethodSignature, what: string): string | null {
    const node = m.getNameNode();
    const name = Node.isIdentifier(node) ? node.getText() : Node.isStringLiteral(node) ? node.getLiteralValue() : null;
    if (name === null) return this.error(node, `${what} name ${node.getText()} is not supported; use a plain name`);
    if (name === "__proto__") {
      const why = "is JavaScript's accessor of an object's prototype, not a property an object can carry";
      return this.error(node, `${what} name "__proto__" ${why}; rename the ${what}`);
    }
    if (name === "constructor" && what === "field") {
      const why = "every object has one, which ts2go reads to tell plain objects (TypeScript types it as Function)";
      return this.error(node, `field name "constructor": ${why}; rename the field`);
    }
    return this.checkName({ name, pos: this.pos(node) }, what) ? name : null;
  }

  /** Go needs ASCII identifiers whose PascalCase form starts with a letter (so it is exported). */
  private checkName(item: Named, what: string): boolean {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(item.name) && /^[A-Z]/.test(goName(item.name))) {
      return what === "field" || what === "method" || this.checkBinding(item, what);
    }
    const fixed = item.name.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^[^A-Za-z]+/, "") || "x";
    const advice = `use ASCII letters, digits and _, starting with a letter, e.g. "${fixed}"`;
    this.error(item.pos, `${what} name "${item.name}" is not a valid identifier; ${advice}`);
    return false;
  }

  /** An interface or parameter name must be one a TypeScript module can declare. */
  private checkBinding(item: Named, what: string): boolean {
    const why = JS_STRICT_RESERVED.has(item.name)
      ? "is reserved in a JavaScript module (strict mode)"
      : !["interface", "type alias", "enum"].includes(what)
      ? null
      : TS_TYPE_KEYWORDS.has(item.name)
      ? "is the name of a TypeScript type"
      : SCHEMA_TYPE_NAMES.has(item.name)
      ? `would hide the type ${item.name} that schemas are written with`
      : null;
    if (why === null) return true;
    this.error(item.pos, `${what} name "${item.name}" ${why}; rename the ${what}`);
    return false;
  }

  /** Reports names that are equal, or equal once converted with {@link goName}. */
  private checkUnique(items: Named[], what: string, owner: string): void {
    const seen = new Map<string, Named>();
    for (const item of items) {
      const [go, prev] = [goName(item.name), seen.get(goName(item.name))];
      if (!prev) seen.set(go, item);
      else if (prev.name === item.name) {
        this.error(item.pos, `${what} "${item.name}" is declared twice in ${owner}; give each its own name`);
      } else {
        const clash = `${what} "${item.name}" and "${prev.name}" in ${owner} both become "${go}" in Go`;
        this.error(item.pos, `${clash}; rename one of them`);
      }
    }
  }

  /** A struct that holds itself by value (not through a list, map or optional) would be infinitely large. */
  private checkInfiniteSize(structs: Struct[]): void {
    const byName = new Map(structs.map((s) => [s.name, s]));
    const reported = new Set<string>();
    for (const start of structs) {
      if (reported.has(start.name)) continue;
      const visited = new Set<string>();
      // Depth-first over by-value struct fields; returns the (struct, field) steps back to `start`.
      const search = (name: string, path: [string, Field][]): [string, Field][] | null => {
        for (const f of byName.get(name)?.fields ?? []) {
          const t = target(f.type);
          if (t.kind !== "struct") continue;
          const next: [string, Field][] = [...path, [name, f]];
          if (t.name === start.name) return next;
          if (visited.has(t.name)) continue;
          visited.add(t.name);
          const found = search(t.name, next);
          if (found) return found;
        }
        return null;
      };
      const cycle = search(start.name, []);
      if (!cycle) continue;
      for (const [s] of cycle) reported.add(s);
      const chain = [...cycle.map(([s, f]) => `${s}.${f.name}`), start.name].join(" → ");
      const first = cycle[0][1];
      const fix = `use an optional field \`${first.name}?: ${typeToString(first.type)}\` or a list`;
      this.error(first.pos, `struct ${start.name} has infinite size: it contains itself by value (${chain}); ${fix}`);
    }
  }

  private pos(node: Node): Pos {
    const { line, column } = this.sf.getLineAndColumnAtPos(node.getStart());
    return { file: this.file, line, col: column };
  }

  /** Records a diagnostic at a node or position; returns null so callers can `return this.error(...)`. */
  private error(at: Node | Pos, message: string): null {
    this.diags.push({ pos: at instanceof Node ? this.pos(at) : at, message });
    return null;
  }
}

function isFunctionProperty(m: Node): boolean {
  return Node.isPropertySignature(m) && Node.isFunctionTypeNode(unwrap(m.getTypeNode()));
}
