/**
 * The parser's reading of written types: a type node becomes a model {@link Type}, or a diagnostic
 * saying what to write instead. Structure (`T[]`, `T | undefined`, `Map<K, V>`) is read from the
 * nodes as written; every name is resolved with the checker (`resolve.ts`): `u32` is ts2go's only
 * when imported from ts2go, and a name the file neither declares nor imports is an error saying what
 * to import. A new kind of schema type is read here.
 *
 * @example
 * ```ts
 * import { parseSchemaText } from "./parse.ts";
 * parseSchemaText("s.ts", "export interface S { f: u8[] }").structs[0].fields[0].type; // { kind: "list", … }
 * ```
 * @module
 */

import { Node, SyntaxKind } from "ts-morph";
import type { EnumDeclaration, SourceFile, TypeAliasDeclaration, TypeChecker, TypeNode } from "ts-morph";
import type { TypeReferenceNode } from "ts-morph";
import type { Absent, Alias, Pos, PrimName, Type, TypedArrayName } from "./model.ts";
import { target, TYPED_ARRAY_ELEM } from "./model.ts";
import { isTs2goModule, resolveTypeName } from "./resolve.ts";
import { EnumReader, isLiteral, type Literal } from "./parse_enums.ts";

const INTS = ["u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize"] as const;
const PRIMS: ReadonlySet<string> = new Set<PrimName>([...INTS, "f32", "f64"]);
const MAP_KEY_PRIMS: ReadonlySet<string> = new Set<PrimName>(INTS);
const KEYWORD_TYPES = new Map<SyntaxKind, Type>([
  [SyntaxKind.NumberKeyword, { kind: "prim", name: "f64" }],
  [SyntaxKind.BooleanKeyword, { kind: "prim", name: "bool" }],
  [SyntaxKind.StringKeyword, { kind: "string" }],
]);
const CONCRETE = "use a concrete type such as string, u32 or an interface";
const OPTIONAL = "use `T | undefined`, `T | null` or `f?: T`";
const UNIONS = 'ts2go supports unions of literals ("a" | "b"), of interfaces told apart by a field of one ' +
  'literal value (kind: "a"), and T | null / T | undefined. Use separate optional fields or a struct instead.';

/** Advice for type node kinds that are never accepted; anything unlisted gets {@link CONCRETE}. */
const KIND_ADVICE = new Map<SyntaxKind, string>([
  [SyntaxKind.BigIntKeyword, "use u64, i64, usize or isize (they are bigint in TS)"],
  [SyntaxKind.IntersectionType, "declare one exported interface with all the fields"],
  [SyntaxKind.TemplateLiteralType, "use string"],
  [SyntaxKind.FunctionType, "functions cannot be passed; declare a method on a service interface instead"],
  [SyntaxKind.TupleType, "use an exported interface with named fields, or a list T[]"],
  [SyntaxKind.TypeLiteral, "declare it as an exported interface and refer to it by name"],
  [SyntaxKind.VoidKeyword, "void is allowed only as a method result; " + OPTIONAL],
  [SyntaxKind.UndefinedKeyword, "a value that is always undefined carries nothing; " + OPTIONAL],
]);

/** Advice for well-known global types that are not accepted. */
const NAME_ADVICE = new Map<string, string>([
  ["Date", "use i64 milliseconds since the epoch, or an ISO 8601 string"],
  ["Set", "use a list T[]"],
  ["ReadonlyMap", "use Map<K, V>"],
  ["ArrayBuffer", "use Uint8Array"],
  ["Promise", "Promise is allowed only as a method result; use the value type directly"],
  ["AsyncIterable", "AsyncIterable is allowed only as a method result (a stream); use a list T[] here"],
]);

/**
 * The names of the types schemas are written with, which gen reads by name (an interface of one of
 * these names would hide it). @example `SCHEMA_TYPE_NAMES.has("Map") // true`
 */
export const SCHEMA_TYPE_NAMES: ReadonlySet<string> = new Set([
  ...PRIMS,
  ...Object.keys(TYPED_ARRAY_ELEM),
  ...["Array", "ReadonlyArray", "Map", "Record", "Promise", "AsyncIterable", "Host"],
]);

/** What an exported interface is; "skipped" ones were reported already and stay silent when referenced. */
export type Kind = "struct" | "service" | "host" | "skipped";

/** What reading types needs from the parse: the source, the kinds of its interfaces, and a sink for errors. */
export interface TypeContext {
  sf: SourceFile;
  /** The checker of the in-memory program holding `sf`: what each name refers to. */
  checker: TypeChecker;
  kinds: ReadonlyMap<string, Kind>;
  pos(node: Node): Pos;
  /** Records a diagnostic; returns null so callers can `return this.ctx.error(…)`. */
  error(at: Node | Pos, message: string): null;
}

/** Where a type is written: for messages, and for the Go name of a union written there. */
export interface Site {
  /** The owner in messages: `field "f"`, `parameter "x" of method "m"`, `type Shape`. */
  ctx: string;
  /** The Go name of a union of literals or of interfaces written here: `EntryKind` for `kind` of `Entry`. */
  goName: string;
  /** The exported alias whose whole type this is: a union here takes the alias's name. */
  alias?: string;
  /** A struct field: a type of one literal value (`kind: "circle"`) is a field with that value. */
  field?: boolean;
}

/** A discriminated union before its discriminant is found (that needs its members' fields). */
export interface UnionDraft {
  name: string;
  ts: string;
  members: string[];
  origin: "union" | "inline";
  pos: Pos;
}

/**
 * Reads the types of one schema file, collecting the aliases, enums and unions it meets.
 *
 * @example
 * ```ts
 * import type { TypeContext } from "./parse_types.ts";
 * import { TypeReader } from "./parse_types.ts";
 * declare const ctx: TypeContext, node: import("ts-morph").TypeNode;
 * new TypeReader(ctx).map(node, { ctx: 'field "f"', goName: "SF" });
 * ```
 */
export class TypeReader {
  /** Exported aliases of types other than unions, in the order met. */
  readonly aliases = new Map<string, Alias>();
  /** Discriminated unions, by Go name, in the order met. */
  readonly unions = new Map<string, UnionDraft>();
  readonly enums: EnumReader;
  private readonly reportedPrivate = new Set<string>();
  /** The model type of each exported alias met (null: reported). */
  private readonly named = new Map<string, Type | null>();
  private readonly inProgress = new Set<string>();

  /** @param ctx the parse this reader serves. */
  constructor(private readonly ctx: TypeContext) {
    this.enums = new EnumReader(ctx);
  }

  /** Maps a written type to the model, or reports why it cannot (null). */
  map(node: TypeNode, site: Site): Type | null {
    if (Node.isParenthesizedTypeNode(node)) return this.map(node.getTypeNode(), site);
    const keyword = KEYWORD_TYPES.get(node.getKind());
    if (keyword) return keyword;
    if (Node.isArrayTypeNode(node)) return this.list(node.getElementTypeNode(), site);
    if (Node.isTypeOperatorTypeNode(node) && node.getOperator() === SyntaxKind.ReadonlyKeyword) {
      const inner = unwrap(node.getTypeNode());
      if (Node.isArrayTypeNode(inner)) return this.list(inner.getElementTypeNode(), site);
    }
    if (Node.isUnionTypeNode(node)) return this.union(node, site);
    if (isLiteral(this.ctx.checker, node)) return this.single(node, site);
    if (Node.isTypeReference(node)) return this.reference(node, site);
    return this.unsupported(node, site, KIND_ADVICE.get(node.getKind()) ?? CONCRETE);
  }

  /** Reads every exported alias and enum of the file, used or not (as every exported interface is). */
  declarations(aliases: TypeAliasDeclaration[], enums: EnumDeclaration[]): void {
    for (const decl of aliases) if (decl.isExported()) this.alias(decl);
    for (const decl of enums) if (decl.isExported()) this.enums.declaration(decl);
  }

  private list(elem: TypeNode, site: Site): Type | null {
    const t = this.map(elem, inner(site, "Item"));
    return t && { kind: "list", elem: t };
  }

  /** A single literal: the one value of a field; an alias names an enum of it; elsewhere it carries nothing. */
  private single(node: TypeNode, site: Site): Type | null {
    const lit = this.enums.literal(node);
    if (lit === undefined) return null;
    if (lit === null) return this.ctx.error(node, `${site.ctx}: null alone carries nothing; write T | null`);
    if (site.field) return { kind: "literal", value: lit.value, ts: lit.ts };
    if (site.alias) return this.enums.fromLiterals([lit], site.alias, "union", site.ctx);
    const advice = `use a union of literals such as ${lit.ts} | …, or ${typeof lit.value}`;
    return this.ctx.error(node, `${site.ctx}: type ${lit.ts} has one value and carries nothing here; ${advice}`);
  }

  /**
   * A union: `T | null | undefined` around one type; literals (an enum); or interfaces (a
   * discriminated union). Unions and enums among its members are flattened, as TypeScript does.
   */
  private union(node: TypeNode, site: Site): Type | null {
    let [hasNull, hasUndefined] = [false, false];
    // Literals and types, in the order written.
    const members: (Literal | Type)[] = [];
    for (const member of flattenUnion(node)) {
      if (isNull(member)) hasNull = true;
      else if (member.getKind() === SyntaxKind.UndefinedKeyword) hasUndefined = true;
      else {
        const m = isLiteral(this.ctx.checker, member)
          ? this.enums.literal(member)
          : this.map(member, { ctx: site.ctx, goName: site.goName });
        if (!m) return null;
        members.push(m);
      }
    }
    if (members.length === 0) return this.unsupported(node, site, KIND_ADVICE.get(SyntaxKind.UndefinedKeyword)!);
    const absent: Absent | null = hasNull ? (hasUndefined ? "nullish" : "null") : hasUndefined ? "undefined" : null;
    const only = members.length === 1 && "kind" in members[0] ? members[0] : null;
    const value = only ?? this.combine(node, site, members, absent !== null);
    return value && (absent ? optional(value, absent) : value);
  }

  /** The one type the members of a union stand for: an enum, a discriminated union, or a diagnostic. */
  private combine(node: TypeNode, site: Site, members: (Literal | Type)[], optional: boolean): Type | null {
    const literals: Literal[] = [];
    const structs: string[] = [];
    for (const m of members) {
      if (!("kind" in m)) literals.push(m);
      else if (m.kind === "enum") literals.push(...this.enums.literalsOf(m.name, node));
      else if (m.kind === "struct") structs.push(m.name);
      else if (m.kind === "union") structs.push(...this.unions.get(m.name)!.members);
      else return this.ctx.error(node, `${site.ctx} has a union type "${node.getText()}"; ${UNIONS}`);
    }
    if (structs.length > 0 && literals.length > 0) {
      const what = `has a union type "${node.getText()}" of literals and interfaces`;
      return this.ctx.error(node, `${site.ctx} ${what}; ${UNIONS}`);
    }
    const name = site.alias ?? site.goName;
    const origin = site.alias ? "union" : "inline";
    if (structs.length > 0) {
      const names = [...new Set(structs)];
      const ts = site.alias ?? names.join(" | ");
      this.unions.set(name, { name, ts, members: names, origin, pos: this.ctx.pos(node) });
      return { kind: "union", name, ts };
    }
    const values = new Set(literals.map((l) => l.value));
    if (values.size === 2 && values.has(true) && values.has(false)) return { kind: "prim", name: "bool" };
    if (values.size === 1 && site.field && !optional) {
      return { kind: "literal", value: literals[0].value, ts: literals[0].ts };
    }
    return this.enums.fromLiterals(literals, name, origin, site.ctx);
  }

  private reference(node: TypeReferenceNode, site: Site): Type | null {
    const target = resolveTypeName(this.ctx.checker, node.getTypeName());
    switch (target.kind) {
      case "ts2go":
        return this.ts2goType(node, target.name, site);
      case "import": {
        const where = `is imported from "${target.module}"; ts2go reads only the schema file`;
        return this.ctx.error(node, `${site.ctx}: type "${target.name}" ${where}: declare it there`);
      }
      case "local":
        return this.local(node, target.decl, site);
      case "global":
        return this.global(node, target.name, site);
    }
  }

  /** A type imported from ts2go: a scalar alias, or `Host`, which only a service extends. */
  private ts2goType(node: TypeReferenceNode, name: string, site: Site): Type | null {
    if (PRIMS.has(name) && node.getTypeArguments().length === 0) return { kind: "prim", name: name as PrimName };
    if (PRIMS.has(name)) return this.unsupported(node, site, "write T[], Map<K, V>, or a name without type arguments");
    if (name === "Host") return this.unsupported(node, site, "Host is only for `interface X extends Host`");
    const scalars = [...PRIMS].join(", ");
    return this.ctx.error(node, `${site.ctx}: ts2go exports no type "${name}"; its scalar types are ${scalars}`);
  }

  /** A name declared in the schema file. */
  private local(node: TypeReferenceNode, decl: Node, site: Site): Type | null {
    const name = node.getTypeName().getText();
    if (node.getTypeArguments().length > 0 && !Node.isClassDeclaration(decl)) {
      return this.unsupported(node, site, "write T[], Map<K, V>, or a name without type arguments");
    }
    if (Node.isInterfaceDeclaration(decl)) {
      const kind = this.ctx.kinds.get(name);
      if (kind === "skipped") return null;
      if (kind === "struct") return { kind: "struct", name };
      if (kind === "service") {
        const advice = "services cannot be passed. Use an interface with fields";
        return this.ctx.error(node, `${site.ctx} is service ${name}; ${advice}`);
      }
      if (kind === "host") {
        return this.unsupported(node, site, "a Host service cannot be passed; use an interface with fields");
      }
      return this.notExported(decl, `interface ${name}`);
    }
    if (Node.isTypeAliasDeclaration(decl)) return this.alias(decl, node);
    if (Node.isEnumDeclaration(decl)) return this.enums.declaration(decl);
    if (Node.isClassDeclaration(decl)) {
      return this.unsupported(node, site, "classes are not supported; declare an exported interface with the fields");
    }
    return this.unsupported(node, site, CONCRETE);
  }

  /** A name the file neither declares nor imports: a type of the language, or a missing import. */
  private global(node: TypeReferenceNode, name: string, site: Site): Type | null {
    const args = node.getTypeArguments();
    // TS 5.7+ lets typed arrays take a buffer type argument; it does not change the data.
    if (Object.hasOwn(TYPED_ARRAY_ELEM, name)) return { kind: "typed", name: name as TypedArrayName };
    if ((name === "Array" || name === "ReadonlyArray") && args.length === 1) return this.list(args[0], site);
    if ((name === "Map" || name === "Record") && args.length === 2) return this.keyed(args[0], args[1], site, name);
    if (PRIMS.has(name) || name === "Host") {
      const fix = `import type { ${name} } from ${JSON.stringify(ts2goSpecifier(this.ctx.sf))}`;
      return this.ctx.error(node, `${site.ctx}: type "${name}" is not imported; add \`${fix}\``);
    }
    const advice = name === "Record"
      ? "write Record<string, V>"
      : ["Array", "ReadonlyArray", "Map"].includes(name)
      ? "write T[], Map<K, V>, or a name without type arguments"
      : NAME_ADVICE.get(name);
    if (advice) return this.unsupported(node, site, advice);
    return this.ctx.error(
      node,
      `${site.ctx} has unknown type "${name}": declare it as an exported interface in this file`,
    );
  }

  /** `Map<K, V>` (K a string, integer or enum type) or `Record<string, V>`. */
  private keyed(keyNode: TypeNode, valueNode: TypeNode, site: Site, name: "Map" | "Record"): Type | null {
    const [key, value] = [this.map(keyNode, inner(site, "Key")), this.map(valueNode, inner(site, "Value"))];
    if (!key || !value) return null;
    if (name === "Record" && target(key).kind !== "string") {
      const advice = "write Record<string, V>, or Map<K, V> for other keys";
      return this.ctx.error(keyNode, `${site.ctx}: Record key type "${keyNode.getText()}" is not supported; ${advice}`);
    }
    const k = target(key);
    if (!(k.kind === "string" || k.kind === "enum" || (k.kind === "prim" && MAP_KEY_PRIMS.has(k.name)))) {
      const advice = "use string, an integer type (u8…u64, i8…i64, usize, isize) or an enum";
      return this.ctx.error(keyNode, `${site.ctx}: Map key type "${keyNode.getText()}" is not supported; ${advice}`);
    }
    return name === "Record" ? { kind: "map", key, value, record: true } : { kind: "map", key, value };
  }

  /**
   * A type alias. An exported one names the union (of literals, or of interfaces) it declares, or is a
   * named alias of another type (a Go type of that name; the generated TS imports it). One that is not
   * exported stands for its type: a user's own `type u32 = string` is a string; a union it declares
   * takes its name in Go and is spelled out in TS.
   */
  private alias(decl: TypeAliasDeclaration, at?: Node): Type | null {
    const name = decl.getName();
    if (this.named.has(name)) return this.named.get(name)!;
    if (this.inProgress.has(name)) {
      const advice = "use an interface (with an optional field or a list) for recursive data";
      return this.ctx.error(at ?? decl.getNameNode(), `type ${name} refers to itself; ${advice}`);
    }
    const params = decl.getTypeParameters();
    if (params.length > 0) {
      this.named.set(name, null);
      return this.ctx.error(params[0], `type ${name} is generic; declare one concrete type per use instead`);
    }
    const exported = decl.isExported();
    const site: Site = { ctx: `type ${name}`, goName: name, ...(exported ? { alias: name } : {}) };
    this.inProgress.add(name);
    const declared = this.map(decl.getTypeNodeOrThrow(), site);
    this.inProgress.delete(name);
    let t = declared;
    const declares = declared && (declared.kind === "enum" || declared.kind === "union") && declared.name === name;
    // A union the alias declares is where its name is written.
    const declaration = this.unions.get(name) ?? this.enums.enums.get(name);
    if (declares && declaration) declaration.pos = this.ctx.pos(decl.getNameNode());
    if (exported && declared && !declares) {
      this.aliases.set(name, { name, target: declared, pos: this.ctx.pos(decl.getNameNode()) });
      t = { kind: "alias", name, target: declared };
    }
    this.named.set(name, t);
    return t;
  }

  private notExported(decl: Node & { getNameNode(): Node }, what: string): null {
    if (this.reportedPrivate.has(what)) return null;
    this.reportedPrivate.add(what);
    return this.ctx.error(decl.getNameNode(), `${what} is not exported; export it or remove it`);
  }

  private unsupported(node: Node, site: Site, advice: string): null {
    return this.ctx.error(node, `${site.ctx}: type "${node.getText()}" is not supported; ${advice}`);
  }
}

/**
 * The site of a type inside another (a list's elements, a map's keys and values): keys are named apart
 * (`…Key`), and a type inside an alias does not take the alias's own name.
 */
function inner(site: Site, suffix: "Item" | "Key" | "Value"): Site {
  const goName = site.alias || suffix === "Key" ? site.goName + suffix : site.goName;
  return { ctx: site.ctx, goName };
}

/**
 * What the file imports ts2go from, for advice (the first import from ts2go's module), else `"ts2go"`.
 *
 * @example
 * ```ts
 * import { ts2goSpecifier } from "./parse_types.ts";
 * declare const sf: import("ts-morph").SourceFile;
 * ts2goSpecifier(sf); // "../../mod.ts" in this repo's fixtures
 * ```
 */
export function ts2goSpecifier(sf: SourceFile): string {
  return sf.getImportDeclarations().map((d) => d.getModuleSpecifierValue()).find(isTs2goModule) ?? "ts2go";
}

/**
 * `t` or nothing: `f?: T | undefined` is one optional, not two (the model has no use for nested
 * absence), and `null` with `undefined` is both.
 *
 * @example
 * ```ts
 * import { optional } from "./parse_types.ts";
 * optional(optional({ kind: "string" }, "null")); // { kind: "optional", inner: { kind: "string" }, absent: "nullish" }
 * ```
 */
export function optional(t: Type, absent: Absent = "undefined"): Type {
  const [inner, was] = t.kind === "optional" ? [t.inner, t.absent ?? "undefined"] : [t, absent];
  const merged: Absent = was === absent ? absent : "nullish";
  return merged === "undefined" ? { kind: "optional", inner } : { kind: "optional", inner, absent: merged };
}

export function unwrap(node: TypeNode | undefined): TypeNode | undefined {
  return node && Node.isParenthesizedTypeNode(node) ? unwrap(node.getTypeNode()) : node;
}

function flattenUnion(node: TypeNode): TypeNode[] {
  const n = unwrap(node)!;
  return Node.isUnionTypeNode(n) ? n.getTypeNodes().flatMap(flattenUnion) : [n];
}

function isNull(node: TypeNode): boolean {
  return Node.isLiteralTypeNode(node) && node.getLiteral().getKind() === SyntaxKind.NullKeyword;
}
