/**
 * Schema parser: reads a TypeScript schema file with ts-morph and produces the {@link Schema} model.
 *
 * Types are read from the type *nodes* as written, never from the checker: the `u8`…`isize` aliases
 * all resolve to `number`/`bigint`, so only the written name says which one was meant. That also
 * means no lib files or tsconfig are needed and parsing is purely syntactic.
 *
 * Every problem is collected, then all are thrown together as one {@link SchemaError}, so a user
 * fixes a schema in one round. Each message says what is wrong and what to write instead.
 *
 * @example
 * ```ts
 * import { parseSchemaText } from "./parse.ts";
 * const schema = parseSchemaText("schema.ts", `
 *   export interface User { id: u32; name: string }
 *   export interface Api { get(id: u32): Promise<User> }`);
 * schema.services[0].methods[0].async; // true
 * ```
 * @module
 */

import { readFileSync } from "node:fs";
import { Node, Project, SyntaxKind, ts } from "ts-morph";
import type { InterfaceDeclaration, MethodSignature, PropertySignature } from "ts-morph";
import type { SourceFile, TypeNode, TypeReferenceNode } from "ts-morph";
import type { Field, Method, Param, Pos, PrimName, Schema, Service, Struct, Type, TypedArrayName } from "./model.ts";
import { TYPED_ARRAY_ELEM, typeToString } from "./model.ts";
import { goName } from "./names.ts";

/**
 * One problem found in a schema.
 *
 * @example
 * ```ts
 * import type { Diagnostic } from "./parse.ts";
 * const d: Diagnostic = { pos: { file: "schema.ts", line: 3, col: 7 }, message: 'type "any" is not supported' };
 * ```
 */
export interface Diagnostic {
  pos: Pos;
  message: string;
}

/**
 * Thrown by the parser with every diagnostic of the schema; `message` has one `file:line:col: message`
 * line per diagnostic, the form editors and terminals link to.
 *
 * @example
 * ```ts
 * import { parseSchemaText, SchemaError } from "./parse.ts";
 * try { parseSchemaText("s.ts", "export interface A { x: any }"); } catch (e) {
 *   if (e instanceof SchemaError) console.error(e.message); // s.ts:1:25: field "x": type "any" is not supported; …
 * }
 * ```
 */
export class SchemaError extends Error {
  diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.pos.file}:${d.pos.line}:${d.pos.col}: ${d.message}`).join("\n"));
    this.name = "SchemaError";
    this.diagnostics = diagnostics;
  }
}

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
  // noLib: nothing here needs the checker, and loading lib.d.ts would cost ~100x the parse.
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
  return new Parser(path, sf).run();
}

const INTS = ["u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize"] as const;
const PRIMS: ReadonlySet<string> = new Set<PrimName>([...INTS, "f32", "f64"]);
const MAP_KEY_PRIMS: ReadonlySet<string> = new Set<PrimName>(INTS);
const KEYWORD_TYPES = new Map<SyntaxKind, Type>([
  [SyntaxKind.NumberKeyword, { kind: "prim", name: "f64" }],
  [SyntaxKind.BooleanKeyword, { kind: "prim", name: "bool" }],
  [SyntaxKind.StringKeyword, { kind: "string" }],
]);
const CONCRETE = "use a concrete type such as string, u32 or an interface";
const OPTIONAL = "use `T | undefined` or `f?: T`";

/** Advice for type node kinds that are never accepted; anything unlisted gets {@link CONCRETE}. */
const KIND_ADVICE = new Map<SyntaxKind, string>([
  [SyntaxKind.BigIntKeyword, "use u64, i64, usize or isize (they are bigint in TS)"],
  [SyntaxKind.IntersectionType, "declare one exported interface with all the fields"],
  [SyntaxKind.LiteralType, "use the base type: string, boolean or a number type such as u32"],
  [SyntaxKind.TemplateLiteralType, "use string"],
  [SyntaxKind.FunctionType, "functions cannot be passed; declare a method on a service interface instead"],
  [SyntaxKind.TupleType, "use an exported interface with named fields, or a list T[]"],
  [SyntaxKind.TypeLiteral, "declare it as an exported interface and refer to it by name"],
  [SyntaxKind.VoidKeyword, "void is allowed only as a method result; " + OPTIONAL],
  [SyntaxKind.UndefinedKeyword, "a value that is always undefined carries nothing; " + OPTIONAL],
]);

/** Advice for well-known global types that are not accepted. */
const NAME_ADVICE = new Map<string, string>([
  ["Record", "use Map<K, V> with K string or an integer type"],
  ["Date", "use i64 milliseconds since the epoch, or an ISO 8601 string"],
  ["Set", "use a list T[]"],
  ["ReadonlyMap", "use Map<K, V>"],
  ["ArrayBuffer", "use Uint8Array"],
  ["Promise", "Promise is allowed only as a method result; use the value type directly"],
  ["AsyncIterable", "AsyncIterable is allowed only as a method result (a stream); use a list T[] here"],
]);

type Kind = "struct" | "service" | "host" | "skipped";
type Named = { name: string; pos: Pos };

/** One parse of one source file; holds the diagnostics and the name → kind table. */
class Parser {
  private readonly diags: Diagnostic[] = [];
  /** Kind of every exported interface; "skipped" ones were reported already and stay silent when referenced. */
  private readonly kinds = new Map<string, Kind>();
  private readonly reportedPrivate = new Set<string>();

  constructor(private readonly file: string, private readonly sf: SourceFile) {}

  run(): Schema {
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
    for (const d of [...structs, ...services]) this.checkName(d, "interface");
    this.checkUnique([...structs, ...services], "interface", "this file");
    this.checkInfiniteSize(structs);
    if (this.diags.length > 0) {
      const at = (d: Diagnostic) => d.pos.line * 1e6 + d.pos.col;
      throw new SchemaError(this.diags.sort((a, b) => at(a) - at(b)));
    }
    return { file: this.file, structs, services };
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
      if (base === "Host" || base.endsWith(".Host")) host = true;
      else {this.error(
          ext,
          `${name} extends ${base}; inheritance is not supported. Copy the fields of ${base} into ${name}`,
        );}
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
        const type = typeNode
          ? this.mapType(typeNode, `field "${name}"`)
          : this.error(pos, `field "${name}" has no type`);
        if (type) {
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
        const method = this.method(m, host);
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

  private method(m: MethodSignature, host: boolean): Method | null {
    const name = this.memberName(m, "method");
    if (name === null) return null;
    if (m.hasQuestionToken()) return this.error(m.getNameNode(), `method "${name}" is optional; remove the "?"`);
    const typeParams = m.getTypeParameters();
    if (typeParams.length > 0) return this.error(typeParams[0], `method "${name}" is generic; use concrete types`);
    const params: Param[] = [];
    for (const p of m.getParameters()) {
      const [nameNode, typeNode, pname] = [p.getNameNode(), p.getTypeNode(), p.getNameNode().getText()];
      const ctx = `parameter "${pname}" of method "${name}"`;
      if (p.isRestParameter()) {
        this.error(p, `${ctx}: rest parameters are not supported; take a list "${pname}: T[]" instead`);
      } else if (!Node.isIdentifier(nameNode)) {
        this.error(nameNode, `method "${name}": destructuring is not supported; use a plain name such as "req: T"`);
      } else if (p.getInitializer()) {
        this.error(nameNode, `${ctx} has a default value; make it optional instead: "${pname}?: T"`);
      } else if (!typeNode) {
        this.error(nameNode, `${ctx} has no type; write "${pname}: T"`);
      } else if (this.checkName({ name: pname, pos: this.pos(nameNode) }, "parameter")) {
        const type = this.mapType(typeNode, ctx);
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
    const result = this.mapType(node, ctx);
    return result && { ...method, result };
  }

  /** Maps a written type to the model, or reports why it cannot (null). `ctx` names the owner for messages. */
  private mapType(node: TypeNode, ctx: string): Type | null {
    if (Node.isParenthesizedTypeNode(node)) return this.mapType(node.getTypeNode(), ctx);
    const keyword = KEYWORD_TYPES.get(node.getKind());
    if (keyword) return keyword;
    if (Node.isArrayTypeNode(node)) return this.list(node.getElementTypeNode(), ctx);
    if (Node.isTypeOperatorTypeNode(node) && node.getOperator() === SyntaxKind.ReadonlyKeyword) {
      const inner = unwrap(node.getTypeNode());
      if (Node.isArrayTypeNode(inner)) return this.list(inner.getElementTypeNode(), ctx);
    }
    if (isNull(node)) return this.error(node, `${ctx}: null is not supported; ${OPTIONAL}`);
    if (Node.isUnionTypeNode(node)) return this.union(node, ctx);
    if (Node.isTypeReference(node)) return this.reference(node, ctx);
    return this.unsupported(node, ctx, KIND_ADVICE.get(node.getKind()) ?? CONCRETE);
  }

  private list(elem: TypeNode, ctx: string): Type | null {
    const t = this.mapType(elem, ctx);
    return t && { kind: "list", elem: t };
  }

  /** Only `T | undefined` (in any order, any nesting of parentheses) is a union the model has. */
  private union(node: TypeNode, ctx: string): Type | null {
    const rest: TypeNode[] = [];
    let hasUndefined = false;
    for (const member of flattenUnion(node)) {
      if (isNull(member)) return this.error(member, `${ctx}: null is not supported; ${OPTIONAL}`);
      if (member.getKind() === SyntaxKind.UndefinedKeyword) hasUndefined = true;
      else rest.push(member);
    }
    if (hasUndefined && rest.length === 1) {
      const inner = this.mapType(rest[0], ctx);
      return inner && optional(inner);
    }
    if (rest.length === 0) return this.unsupported(node, ctx, KIND_ADVICE.get(SyntaxKind.UndefinedKeyword)!);
    const advice = "ts2go supports only T | undefined. Use separate optional fields or a struct instead.";
    return this.error(node, `${ctx} has a union type "${node.getText()}"; ${advice}`);
  }

  private reference(node: TypeReferenceNode, ctx: string): Type | null {
    const name = node.getTypeName().getText();
    const args = node.getTypeArguments();
    if (PRIMS.has(name) && args.length === 0) return { kind: "prim", name: name as PrimName };
    // TS 5.7+ lets typed arrays take a buffer type argument; it does not change the data.
    if (Object.hasOwn(TYPED_ARRAY_ELEM, name)) return { kind: "typed", name: name as TypedArrayName };
    if ((name === "Array" || name === "ReadonlyArray") && args.length === 1) return this.list(args[0], ctx);
    if (name === "Map" && args.length === 2) {
      const [key, value] = [this.mapType(args[0], ctx), this.mapType(args[1], ctx)];
      if (key && !(key.kind === "string" || (key.kind === "prim" && MAP_KEY_PRIMS.has(key.name)))) {
        const advice = "use string or an integer type (u8…u64, i8…i64, usize, isize)";
        return this.error(args[0], `${ctx}: Map key type "${args[0].getText()}" is not supported; ${advice}`);
      }
      return key && value && { kind: "map", key, value };
    }
    const kind = this.kinds.get(name);
    if (kind === "skipped") return null;
    if (kind === "struct" && args.length === 0) return { kind: "struct", name };
    if (kind === "service") {
      return this.error(node, `${ctx} is service ${name}; services cannot be passed. Use an interface with fields`);
    }
    const local = this.sf.getInterface(name);
    if (local && !local.isExported()) {
      if (!this.reportedPrivate.has(name)) {
        this.error(local.getNameNode(), `interface ${name} is not exported; export it or remove it`);
      }
      this.reportedPrivate.add(name);
      return null;
    }
    const advice = kind || PRIMS.has(name) || ["Array", "ReadonlyArray", "Map"].includes(name)
      ? "write T[], Map<K, V>, or a name without type arguments"
      : NAME_ADVICE.get(name) ?? this.localAdvice(name);
    if (advice) return this.unsupported(node, ctx, advice);
    return this.error(node, `${ctx} has unknown type "${name}": declare it as an exported interface in this file`);
  }

  /** Declarations in the schema file that look usable but are not. */
  private localAdvice(name: string): string | undefined {
    if (this.sf.getEnum(name)) return "enums are not supported; use a number type such as u8 or u32, or string";
    if (this.sf.getClass(name)) return "classes are not supported; declare an exported interface with the fields";
    if (this.sf.getTypeAlias(name)) return "type aliases are not supported; declare an exported interface";
  }

  private unsupported(node: Node, ctx: string, advice: string): null {
    return this.error(node, `${ctx}: type "${node.getText()}" is not supported; ${advice}`);
  }

  /** The name of a property or method as written, if it is a plain identifier (quotes allowed). */
  private memberName(m: PropertySignature | MethodSignature, what: string): string | null {
    const node = m.getNameNode();
    const name = Node.isIdentifier(node) ? node.getText() : Node.isStringLiteral(node) ? node.getLiteralValue() : null;
    if (name === null) return this.error(node, `${what} name ${node.getText()} is not supported; use a plain name`);
    return this.checkName({ name, pos: this.pos(node) }, what) ? name : null;
  }

  /** Go needs ASCII identifiers whose PascalCase form starts with a letter (so it is exported). */
  private checkName(item: Named, what: string): boolean {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(item.name) && /^[A-Z]/.test(goName(item.name))) return true;
    const fixed = item.name.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^[^A-Za-z]+/, "") || "x";
    const advice = `use ASCII letters, digits and _, starting with a letter, e.g. "${fixed}"`;
    this.error(item.pos, `${what} name "${item.name}" is not a valid identifier; ${advice}`);
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
          if (f.type.kind !== "struct") continue;
          const next: [string, Field][] = [...path, [name, f]];
          if (f.type.name === start.name) return next;
          if (visited.has(f.type.name)) continue;
          visited.add(f.type.name);
          const found = search(f.type.name, next);
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

/** `f?: T | undefined` is one optional, not two: the model has no use for nested absence. */
function optional(t: Type): Type {
  return t.kind === "optional" ? t : { kind: "optional", inner: t };
}

function unwrap(node: TypeNode | undefined): TypeNode | undefined {
  return node && Node.isParenthesizedTypeNode(node) ? unwrap(node.getTypeNode()) : node;
}

function flattenUnion(node: TypeNode): TypeNode[] {
  const n = unwrap(node)!;
  return Node.isUnionTypeNode(n) ? n.getTypeNodes().flatMap(flattenUnion) : [n];
}

function isNull(node: TypeNode): boolean {
  return Node.isLiteralTypeNode(node) && node.getLiteral().getKind() === SyntaxKind.NullKeyword;
}

function isFunctionProperty(m: Node): boolean {
  return Node.isPropertySignature(m) && Node.isFunctionTypeNode(unwrap(m.getTypeNode()));
}
