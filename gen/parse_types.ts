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
import type { SourceFile, TypeChecker, TypeNode, TypeReferenceNode } from "ts-morph";
import type { Pos, PrimName, Type, TypedArrayName } from "./model.ts";
import { TYPED_ARRAY_ELEM } from "./model.ts";
import { isTs2goModule, resolveTypeName } from "./resolve.ts";

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

/**
 * The names of the types schemas are written with, which gen reads by name (an interface of one of
 * these names would hide it). @example `SCHEMA_TYPE_NAMES.has("Map") // true`
 */
export const SCHEMA_TYPE_NAMES: ReadonlySet<string> = new Set([
  ...PRIMS,
  ...Object.keys(TYPED_ARRAY_ELEM),
  ...["Array", "ReadonlyArray", "Map", "Promise", "AsyncIterable", "Host"],
]);

/** What an exported interface is; "skipped" ones were reported already and stay silent when referenced. */
export type Kind = "struct" | "service" | "host" | "skipped";

/** What reading types needs from the parse: the source, the kinds of its interfaces, and a sink for errors. */
export interface TypeContext {
  sf: SourceFile;
  /** The checker of the in-memory program holding `sf`: what each name refers to. */
  checker: TypeChecker;
  kinds: ReadonlyMap<string, Kind>;
  /** Records a diagnostic; returns null so callers can `return this.ctx.error(…)`. */
  error(at: Node | Pos, message: string): null;
}

/**
 * Reads the types of one schema file.
 *
 * @example
 * ```ts
 * import type { TypeContext } from "./parse_types.ts";
 * import { TypeReader } from "./parse_types.ts";
 * declare const ctx: TypeContext, node: import("ts-morph").TypeNode;
 * new TypeReader(ctx).map(node, 'field "f"');
 * ```
 */
export class TypeReader {
  private readonly reportedPrivate = new Set<string>();

  /** @param ctx the parse this reader serves. */
  constructor(private readonly ctx: TypeContext) {}

  /** Maps a written type to the model, or reports why it cannot (null). `ctx` names the owner for messages. */
  map(node: TypeNode, ctx: string): Type | null {
    if (Node.isParenthesizedTypeNode(node)) return this.map(node.getTypeNode(), ctx);
    const keyword = KEYWORD_TYPES.get(node.getKind());
    if (keyword) return keyword;
    if (Node.isArrayTypeNode(node)) return this.list(node.getElementTypeNode(), ctx);
    if (Node.isTypeOperatorTypeNode(node) && node.getOperator() === SyntaxKind.ReadonlyKeyword) {
      const inner = unwrap(node.getTypeNode());
      if (Node.isArrayTypeNode(inner)) return this.list(inner.getElementTypeNode(), ctx);
    }
    if (isNull(node)) return this.ctx.error(node, `${ctx}: null is not supported; ${OPTIONAL}`);
    if (Node.isUnionTypeNode(node)) return this.union(node, ctx);
    if (Node.isTypeReference(node)) return this.reference(node, ctx);
    return this.unsupported(node, ctx, KIND_ADVICE.get(node.getKind()) ?? CONCRETE);
  }

  private list(elem: TypeNode, ctx: string): Type | null {
    const t = this.map(elem, ctx);
    return t && { kind: "list", elem: t };
  }

  /** Only `T | undefined` (in any order, any nesting of parentheses) is a union the model has. */
  private union(node: TypeNode, ctx: string): Type | null {
    const rest: TypeNode[] = [];
    let hasUndefined = false;
    for (const member of flattenUnion(node)) {
      if (isNull(member)) return this.ctx.error(member, `${ctx}: null is not supported; ${OPTIONAL}`);
      if (member.getKind() === SyntaxKind.UndefinedKeyword) hasUndefined = true;
      else rest.push(member);
    }
    if (hasUndefined && rest.length === 1) {
      const inner = this.map(rest[0], ctx);
      return inner && optional(inner);
    }
    if (rest.length === 0) return this.unsupported(node, ctx, KIND_ADVICE.get(SyntaxKind.UndefinedKeyword)!);
    const advice = "ts2go supports only T | undefined. Use separate optional fields or a struct instead.";
    return this.ctx.error(node, `${ctx} has a union type "${node.getText()}"; ${advice}`);
  }

  private reference(node: TypeReferenceNode, ctx: string): Type | null {
    const target = resolveTypeName(this.ctx.checker, node.getTypeName());
    switch (target.kind) {
      case "ts2go":
        return this.ts2goType(node, target.name, ctx);
      case "import": {
        const where = `is imported from "${target.module}"; ts2go reads only the schema file`;
        return this.ctx.error(node, `${ctx}: type "${target.name}" ${where}: declare it there`);
      }
      case "local":
        return this.local(node, target.decl, ctx);
      case "global":
        return this.global(node, target.name, ctx);
    }
  }

  /** A type imported from ts2go: a scalar alias, or `Host`, which only a service extends. */
  private ts2goType(node: TypeReferenceNode, name: string, ctx: string): Type | null {
    if (PRIMS.has(name) && node.getTypeArguments().length === 0) return { kind: "prim", name: name as PrimName };
    if (PRIMS.has(name)) return this.unsupported(node, ctx, "write T[], Map<K, V>, or a name without type arguments");
    if (name === "Host") return this.unsupported(node, ctx, "Host is only for `interface X extends Host`");
    const scalars = [...PRIMS].join(", ");
    return this.ctx.error(node, `${ctx}: ts2go exports no type "${name}"; its scalar types are ${scalars}`);
  }

  /** A name declared in the schema file. */
  private local(node: TypeReferenceNode, decl: Node, ctx: string): Type | null {
    const name = node.getTypeName().getText();
    const args = node.getTypeArguments();
    if (Node.isInterfaceDeclaration(decl)) {
      const kind = this.ctx.kinds.get(name);
      if (kind === "skipped") return null;
      if (kind === "struct" && args.length === 0) return { kind: "struct", name };
      if (kind === "service") {
        return this.ctx.error(
          node,
          `${ctx} is service ${name}; services cannot be passed. Use an interface with fields`,
        );
      }
      if (!decl.isExported()) {
        if (!this.reportedPrivate.has(name)) {
          this.ctx.error(decl.getNameNode(), `interface ${name} is not exported; export it or remove it`);
        }
        this.reportedPrivate.add(name);
        return null;
      }
      return this.unsupported(node, ctx, "write T[], Map<K, V>, or a name without type arguments");
    }
    if (Node.isEnumDeclaration(decl)) {
      return this.unsupported(node, ctx, "enums are not supported; use a number type such as u8 or u32, or string");
    }
    if (Node.isClassDeclaration(decl)) {
      return this.unsupported(node, ctx, "classes are not supported; declare an exported interface with the fields");
    }
    if (Node.isTypeAliasDeclaration(decl)) {
      return this.unsupported(node, ctx, "type aliases are not supported; declare an exported interface");
    }
    return this.unsupported(node, ctx, CONCRETE);
  }

  /** A name the file neither declares nor imports: a type of the language, or a missing import. */
  private global(node: TypeReferenceNode, name: string, ctx: string): Type | null {
    const args = node.getTypeArguments();
    // TS 5.7+ lets typed arrays take a buffer type argument; it does not change the data.
    if (Object.hasOwn(TYPED_ARRAY_ELEM, name)) return { kind: "typed", name: name as TypedArrayName };
    if ((name === "Array" || name === "ReadonlyArray") && args.length === 1) return this.list(args[0], ctx);
    if (name === "Map" && args.length === 2) {
      const [key, value] = [this.map(args[0], ctx), this.map(args[1], ctx)];
      if (key && !(key.kind === "string" || (key.kind === "prim" && MAP_KEY_PRIMS.has(key.name)))) {
        const advice = "use string or an integer type (u8…u64, i8…i64, usize, isize)";
        return this.ctx.error(args[0], `${ctx}: Map key type "${args[0].getText()}" is not supported; ${advice}`);
      }
      return key && value && { kind: "map", key, value };
    }
    if (PRIMS.has(name) || name === "Host") {
      const fix = `import type { ${name} } from ${JSON.stringify(ts2goSpecifier(this.ctx.sf))}`;
      return this.ctx.error(node, `${ctx}: type "${name}" is not imported; add \`${fix}\``);
    }
    const advice = ["Array", "ReadonlyArray", "Map"].includes(name)
      ? "write T[], Map<K, V>, or a name without type arguments"
      : NAME_ADVICE.get(name);
    if (advice) return this.unsupported(node, ctx, advice);
    return this.ctx.error(node, `${ctx} has unknown type "${name}": declare it as an exported interface in this file`);
  }

  private unsupported(node: Node, ctx: string, advice: string): null {
    return this.ctx.error(node, `${ctx}: type "${node.getText()}" is not supported; ${advice}`);
  }
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

/** `f?: T | undefined` is one optional, not two: the model has no use for nested absence. */
export function optional(t: Type): Type {
  return t.kind === "optional" ? t : { kind: "optional", inner: t };
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
